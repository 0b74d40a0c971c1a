import { type Kysely, NoResultError, type QueryNode } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import { bindSlots, compiledOnce, slot } from "../../db/compiledOnce.ts";
import type { Database } from "../../db/schema.ts";
import type { PublicStatus } from "../../domain/dossier/status.ts";
import { STATUS_LABELS } from "../../domain/dossier/status.ts";
import { lookupTokenFor } from "../lookup/lookupToken.ts";
import { submitterView } from "../organisation/submitterView.ts";
import type { DossierRow } from "./dossierStore.ts";
import { eventLabel, PUBLIC_PAYLOAD_FIELDS } from "./eventLabels.ts";

export type Audience = "applicant" | "officer";

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** A dossier as its owner or an officer sees it: facts, deadlines, files and the whole history. */
/**
 * The statement of a dossier's page for one audience: the procedure, the agencies, the files and the history as JSON
 * beside each other. Built and compiled once per process for each audience (issue #21: Kysely building it was CPU on
 * every submission, acceptance and page; compiledOnce), run with each dossier's values.
 */
function describeStatement(db: Kysely<Database>, audience: Audience) {
  return compiledOnce(`describeDossier:${audience}`, db, (db) =>
    db.selectNoFrom((eb) => [
      jsonObjectFrom(
        eb.selectFrom("procedures as p").select(["p.code", "p.name"]).where("p.id", "=", slot("procedureId")),
      ).as("procedure"),
      jsonArrayFrom(
        eb
          .selectFrom("agencies as a")
          .select(["a.id", "a.code", "a.name"])
          .where("a.id", "in", [slot("agencyId"), slot("decidingAgencyId"), slot("assistedAtAgencyId")]),
      ).as("agencies"),
      jsonArrayFrom(
        eb
          .selectFrom("dossier_files as f")
          .leftJoin("procedure_components as c", "c.id", "f.component_id")
          .select([
            "f.id",
            "f.purpose",
            "f.file_name",
            "f.media_type",
            "f.size_bytes",
            "f.sha256",
            "f.digitized",
            "f.reused",
            "f.uploaded_at",
            "c.position as component_position",
            "c.name as component_name",
          ])
          .where("f.dossier_id", "=", slot("dossierId"))
          .$if(audience === "applicant", (query) => query.where("f.purpose", "!=", "internal"))
          .orderBy("f.uploaded_at")
          .orderBy("c.position"),
      ).as("files"),
      jsonArrayFrom(
        eb
          .selectFrom("dossier_events as e")
          .leftJoin("users as u", "u.id", "e.actor_user_id")
          .select([
            "e.sequence",
            "e.type",
            "e.at",
            "e.actor_role",
            "e.from_status",
            "e.to_status",
            "e.payload",
            "u.full_name",
          ])
          .where("e.dossier_id", "=", slot("dossierId"))
          .orderBy("e.sequence"),
      ).as("events"),
    ]),
  );
}

/** A dossier as its owner or an officer sees it: facts, deadlines, files and the whole history. */
export async function describeDossier(db: Kysely<Database>, row: DossierRow, audience: Audience) {
  // Issue #21: one statement (the procedure, the agencies, the files and the history as JSON beside each other), not
  // four: every dossier page pays it, and each statement is a round trip. JSON carries instants as text.
  const query = describeStatement(db, audience);
  const read = (
    await db.executeQuery(
      bindSlots(query, {
        procedureId: row.procedure_id,
        agencyId: row.agency_id,
        decidingAgencyId: row.deciding_agency_id,
        assistedAtAgencyId: row.assisted_at_agency_id ?? row.agency_id,
        dossierId: row.id,
      }),
    )
  ).rows[0];
  if (!read) throw new NoResultError(query.query as QueryNode);
  const procedure = read.procedure!;
  const { agencies, files, events } = read;
  const agency = (id: string) => {
    const found = agencies.find((candidate) => candidate.id === id)!;
    return { code: found.code, name: found.name };
  };
  const status = row.status as PublicStatus;
  // R-LOOK-2: the applicant's own pages show the QR of the reception slip, token included, so scanning it from the
  // screen shows them their full name like the paper does; officers print the slip, which carries it anyway.
  const lookupToken = audience === "applicant" ? await lookupTokenFor(db, row.code) : null;
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    status,
    statusLabel: STATUS_LABELS[status],
    internalStep: audience === "officer" ? row.internal_step : null,
    procedure: { code: procedure.code, name: procedure.name },
    receivingAgency: agency(row.agency_id),
    decidingAgency: agency(row.deciding_agency_id),
    // R-XFER-3: where the applicant was helped (null: where it was received); R-RECV-5: received outside the office.
    assistedAtAgency: row.assisted_at_agency_id ? agency(row.assisted_at_agency_id) : null,
    receptionPlace: row.reception_place,
    // R-CAL-6, R-RECV-4: a same-day or immediate procedure (null: a duration).
    legalTimeKind: row.legal_time_kind,
    channel: row.channel,
    fromNationalPortal: row.from_national_portal,
    applicant: {
      kind: row.applicant_kind,
      name: row.applicant_name,
      idNumber: row.applicant_id_number,
      organisationName: row.organisation_name,
      taxCode: row.organisation_tax_code,
      address: row.applicant_address,
      phone: row.applicant_phone,
      email: row.applicant_email,
    },
    // Issue #14: who filed it when not the applicant (a representative or an authorised person for an organisation).
    submitter: submitterView(row.submitter),
    summary: row.summary,
    lookupToken,
    formData: row.form_data,
    submittedAt: row.submitted_at.toISOString(),
    receptionDueAt: iso(row.reception_due_at),
    receivedAt: iso(row.received_at),
    dueAt: iso(row.due_at),
    originalDueAt: iso(row.original_due_at),
    extendedDueAt: iso(row.extended_due_at),
    finishedAt: iso(row.finished_at),
    returnedAt: iso(row.returned_at),
    closedAt: iso(row.closed_at),
    files: files.map((file) => ({
      id: file.id,
      purpose: file.purpose,
      componentPosition: file.component_position,
      componentName: file.component_name,
      fileName: file.file_name,
      mediaType: file.media_type,
      sizeBytes: file.size_bytes,
      sha256: file.sha256,
      digitized: file.digitized,
      reused: file.reused,
      uploadedAt: new Date(file.uploaded_at).toISOString(),
    })),
    history: events.map((event) => ({
      sequence: event.sequence,
      type: event.type,
      label: eventLabel(event.type),
      at: new Date(event.at).toISOString(),
      fromStatus: event.from_status,
      toStatus: event.to_status,
      actor: audience === "officer" ? { role: event.actor_role, name: event.full_name } : null,
      details:
        audience === "officer"
          ? event.payload
          : Object.fromEntries(
              Object.entries(event.payload).filter(([key]) => PUBLIC_PAYLOAD_FIELDS.has(key)),
            ),
    })),
  };
}

export type DossierDescription = Awaited<ReturnType<typeof describeDossier>>;
