import type { Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Database } from "../../db/schema.ts";
import type { DossierSyncFacts } from "../../domain/sync/dossierPayload.ts";
import type { HandoverFacts } from "../../domain/sync/progressPayload.ts";
import { EVENT_LABELS } from "../dossiers/eventLabels.ts";
import { decodeState } from "../dossiers/stateCodec.ts";

/** Titles (ChucDanh, R-SYNC-4) of the roles an event is written under. */
const ROLE_TITLES: Record<string, string> = {
  counter_officer: "Cán bộ Bộ phận Một cửa",
  specialist: "Chuyên viên",
  unit_head: "Trưởng phòng",
  agency_leader: "Lãnh đạo cơ quan",
  citizen: "Tổ chức, cá nhân",
  organisation_representative: "Tổ chức, cá nhân",
  system: "Hệ thống",
};

const fileUrl = (publicUrl: string, dossierId: string, fileId: string) =>
  `${publicUrl.replace(/\/$/, "")}/api/dossiers/${dossierId}/files/${fileId}`;

/** Gathers what R-SYNC-2 says about one dossier, as it stands now. */
export async function loadDossierSyncFacts(
  db: Kysely<Database>,
  dossierId: string,
  publicUrl: string,
): Promise<DossierSyncFacts | undefined> {
  // Issue #21: one statement (the files, fees and events as JSON arrays beside the dossier's row), since the sync
  // fan-out runs it for every synced event and each statement is a round trip.
  const row = await db
    .selectFrom("dossiers as d")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .innerJoin("fields as f", "f.id", "p.field_id")
    .innerJoin("agencies as a", "a.id", "d.deciding_agency_id")
    .leftJoin("users as u", "u.id", "d.owner_user_id")
    .select((eb) => [
      "d.id",
      "d.code",
      "d.national_code",
      "d.channel",
      "d.from_national_portal",
      "d.applicant_kind",
      "d.applicant_name",
      "d.applicant_id_number",
      "d.organisation_name",
      "d.organisation_tax_code",
      "d.applicant_phone",
      "d.applicant_email",
      "d.owner_user_id",
      "d.summary",
      "d.status",
      "d.submitted_at",
      "d.received_at",
      "d.due_at",
      "d.finished_at",
      "d.returned_at",
      "d.state",
      "p.code as procedure_code",
      "p.name as procedure_name",
      "f.code as field_code",
      "f.name as field_name",
      "a.name as agency_name",
      "u.identity_level",
      jsonArrayFrom(
        eb
          .selectFrom("dossier_files as df")
          .leftJoin("procedure_components as c", "c.id", "df.component_id")
          .leftJoin("issued_results as r", "r.file_id", "df.id")
          // R-KHO-1, R-SYNC-2: a component reused from the DataStore names the result it is (MaKetQuaThayThe).
          .leftJoin("data_store_reuses as sr", "sr.dossier_file_id", "df.id")
          .leftJoin("data_store_documents as sd", "sd.id", "sr.document_id")
          .select([
            "df.id",
            "df.file_name",
            "df.purpose",
            "df.digitized",
            "df.reused",
            "c.code",
            "c.name",
            "r.verification_code",
            "sd.verification_code as replaces_result_code",
          ])
          .whereRef("df.dossier_id", "=", "d.id")
          .where("df.purpose", "in", ["component", "supplement", "result"])
          .orderBy("df.uploaded_at")
          .orderBy("df.id"),
      ).as("files"),
      jsonArrayFrom(
        eb
          .selectFrom("procedure_fees as pf")
          .select(["pf.name", "pf.code", "pf.amount_vnd"])
          .whereRef("pf.procedure_id", "=", "d.procedure_id")
          .orderBy("pf.position"),
      ).as("fees"),
      jsonArrayFrom(
        eb
          .selectFrom("dossier_events as e")
          .leftJoin("users as eu", "eu.id", "e.actor_user_id")
          .select(["e.type", "e.at", "e.actor_role", "e.actor_user_id", "eu.full_name"])
          .whereRef("e.dossier_id", "=", "d.id")
          .where("e.type", "in", [
            "refusedAtReception",
            "paymentConfirmed",
            "supplementRequested",
            "supplementReceived",
            "supplementResubmitted",
          ])
          .orderBy("e.sequence"),
      ).as("events"),
    ])
    .where("d.id", "=", dossierId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { files, fees } = row;
  // JSON carries the events' instants as text.
  const events = row.events.map((event) => ({ ...event, at: new Date(event.at) }));
  const state = decodeState(row.state);
  const payments = events.filter((event) => event.type === "paymentConfirmed");
  const requests = events.filter((event) => event.type === "supplementRequested");
  const receipts = events.filter(
    (event) => event.type === "supplementReceived" || event.type === "supplementResubmitted",
  );
  const paidOnline = payments.some(
    (event) => event.actor_role === "paymentSystem" || event.actor_role === "payment_system",
  );
  // A dossier received from the national portal keeps the MaHoSo DVCQG knows it by (R-CODE-2, R-SYNC-5):
  // syncing it under our own code would leave the citizen's DVCQG record stuck at "Mới đăng ký".
  const code = row.national_code ?? row.code;
  return {
    code,
    procedureCode: row.procedure_code,
    procedureName: row.procedure_name,
    fieldCode: row.field_code,
    fieldName: row.field_name,
    channel: row.channel,
    fromNationalPortal: row.from_national_portal,
    applicant: {
      kind: row.applicant_kind,
      name: row.applicant_name,
      idNumber: row.applicant_id_number,
      organisationName: row.organisation_name,
      taxCode: row.organisation_tax_code,
      phone: row.applicant_phone,
      email: row.applicant_email,
    },
    ownerUserId: row.owner_user_id,
    ownerIdentityLevel: row.identity_level ?? null,
    summary: row.summary,
    status: row.status,
    submittedAt: row.submitted_at,
    receivedAt: row.received_at,
    dueAt: row.due_at,
    finishedAt: row.finished_at,
    returnedAt: row.returned_at,
    refusedAt: events.findLast((event) => event.type === "refusedAtReception")?.at ?? null,
    returnChannel: state.returnChannel ?? null,
    processingAgencyName: row.agency_name,
    note: state.refusalReasons?.join("; ") || null,
    files: files
      .filter((file) => file.purpose !== "result")
      .map((file) => ({
        id: file.id,
        name: file.file_name,
        componentCode: file.code ?? null,
        url: fileUrl(publicUrl, row.id, file.id),
        digitized: file.digitized,
        reused: file.reused,
        replacesResultCode: file.replaces_result_code ?? null,
      })),
    fees: fees.map((fee) => ({ name: fee.name, code: fee.code, amount: fee.amount_vnd, paidOnline })),
    paymentConfirmations: payments.map((event) => ({
      by: event.actor_role === "payment_system" ? "paymentSystem" : event.actor_role,
    })),
    supplements: state.supplementRequests.map((request, index) => ({
      id: `${code}-BS${index + 1}`,
      requestedByName:
        requests[index]?.full_name ?? ROLE_TITLES[requests[index]?.actor_role ?? ""] ?? "Cán bộ",
      reason: request.reason,
      items: request.items,
      requestedAt: request.requestedAt,
      completedAt: request.completedAt ?? null,
      receivedByName: request.completedAt ? (receipts[index]?.full_name ?? "Bộ phận Một cửa") : null,
      previousDueAt: request.previousDueAt ?? null,
      newDueAt: request.newDueAt ?? null,
    })),
    results: files
      .filter((file) => file.purpose === "result")
      .map((file) => ({
        id: file.id,
        name: file.name ?? file.file_name,
        componentCode: file.code ?? null,
        url: fileUrl(publicUrl, row.id, file.id),
        verificationCode: file.verification_code ?? null,
      })),
  };
}

/** What R-SYNC-4 says about the handover recorded as event `sequence` of the dossier. */
export async function loadHandoverFacts(
  db: Kysely<Database>,
  dossierId: string,
  sequence: number,
): Promise<HandoverFacts | undefined> {
  const row = await db
    .selectFrom("dossier_events as e")
    .innerJoin("dossiers as d", "d.id", "e.dossier_id")
    .innerJoin("agencies as a", "a.id", "d.deciding_agency_id")
    .leftJoin("users as u", "u.id", "e.actor_user_id")
    .leftJoin("units as un", "un.id", "d.current_unit_id")
    .select((eb) => [
      "e.type",
      "e.at",
      "e.actor_role",
      "e.to_status",
      "e.payload",
      "d.code",
      "d.national_code",
      "d.due_at",
      "u.full_name",
      "a.name as agency_name",
      "un.name as unit_name",
      // The step's deadline: the task open at the handover (issue #21: in the same statement).
      eb
        .selectFrom("tasks as t")
        .select("t.due_at")
        .whereRef("t.dossier_id", "=", "e.dossier_id")
        .whereRef("t.created_at", "<=", "e.at")
        .orderBy("t.created_at", "desc")
        .limit(1)
        .as("task_due_at"),
    ])
    .where("e.dossier_id", "=", dossierId)
    .where("e.sequence", "=", sequence)
    .executeTakeFirst();
  if (!row) return undefined;
  const label = EVENT_LABELS[row.type]?.vi ?? row.type;
  const payload = (row.payload ?? {}) as Record<string, unknown>;
  const note = typeof payload.note === "string" && payload.note.trim() ? `: ${payload.note.trim()}` : "";
  return {
    code: row.national_code ?? row.code,
    handlerName: row.full_name ?? ROLE_TITLES[row.actor_role] ?? "Hệ thống",
    handlerTitle: ROLE_TITLES[row.actor_role] ?? row.actor_role,
    at: row.at,
    unitName: row.unit_name ?? row.agency_name,
    content: `${label}${note}`.slice(0, 2000),
    status: row.to_status,
    stepStartedAt: row.at,
    stepDueAt: row.task_due_at ?? row.due_at ?? null,
  };
}
