import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { legalTimeText, type TimeLimitKind } from "../../../domain/catalog/timeLimit.ts";
import type { Actor } from "../../accounts/actor.ts";
import { ConflictError } from "../../errors.ts";
import { findRegisterEntry, registerNumberText } from "../../register/enterInRegister.ts";
import type { LocalizedText } from "../../validation/messages.ts";
import { authorizeAs } from "../dossierAccess.ts";
import { dossierNotFound } from "../runDossierCommand.ts";

export interface ReceptionSlipInput {
  actor: Actor;
  dossierId: string;
}

export interface ReceptionSlip {
  issuingUnit: { agencyCode: string; agencyName: string; unitCode: string | null; unitName: string | null };
  dossierCode: string;
  applicant: {
    name: string;
    organisationName: string | null;
    idNumber: string | null;
    address: string | null;
    phone: string | null;
    email: string | null;
  };
  /** The authorized person or postal staff who brought it, as entered at intake. */
  submitter: Record<string, unknown> | null;
  channel: string;
  requestedMatter: { procedureCode: string; procedureName: string; summary: string };
  components: {
    position: number;
    name: string;
    originals: number;
    copies: number;
    files: number;
  }[];
  /** Số bộ hồ sơ. */
  sets: number;
  legalTime: { amount: number; unit: string; kind: TimeLimitKind | null; text: LocalizedText };
  /**
   * The three organisations of R-XFER-3: where the applicant was helped, where the dossier was officially received,
   * which agency decides.
   */
  organisations: { assisted: AgencyRef; received: AgencyRef; deciding: AgencyRef };
  /** Received outside the office (R-RECV-5): mobile or on site; null at the counter. */
  receptionPlace: "mobile" | "on_site" | null;
  /** hh:mm dd/mm/yyyy in the province (R-FORM-1). */
  receivedAt: string;
  appointmentAt: string | null;
  receivedAtIso: string;
  appointmentAtIso: string | null;
  /** The entry in the Sổ theo dõi hồ sơ (R-FORM-6): `0042`, `01/2026`; null for a dossier the register lacks. */
  register: { number: string; book: string } | null;
}

export interface AgencyRef {
  code: string;
  name: string;
}

const pad = (value: number) => String(value).padStart(2, "0");

/** `hh:mm dd/mm/yyyy` in Asia/Ho_Chi_Minh, a fixed UTC+07:00 for every date a dossier can have. */
export function slipTime(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

/**
 * The data of the Giấy tiếp nhận hồ sơ và hẹn trả kết quả (R-FORM-1, R-RECV-4) of a received dossier: issuing counter,
 * code, applicant, requested matter, components submitted with their counts, legal time, reception time and the
 * appointment in force. It can be printed again at any time after reception; the PDF comes later.
 *
 * Outcomes: the slip; 404 NOT_FOUND (no such dossier, or outside the officer's agencies); 403 FORBIDDEN (no counter
 * role there); 409 NOT_RECEIVED (an online dossier not accepted, or refused: no slip exists).
 */
export async function receptionSlip(db: Kysely<Database>, input: ReceptionSlipInput): Promise<ReceptionSlip> {
  const row = await db
    .selectFrom("dossiers")
    .selectAll()
    .where("id", "=", input.dossierId)
    .executeTakeFirst();
  if (!row) throw dossierNotFound();
  authorizeAs(input.actor, "counter_officer")(row);
  if (row.received_at === null) {
    throw new ConflictError("NOT_RECEIVED", {
      vi: "Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả",
      en: "The dossier has not been received, so it has no reception slip",
    });
  }
  const [agencies, procedure, components] = await Promise.all([
    db
      .selectFrom("agencies")
      .select(["id", "code", "name"])
      .where("id", "in", [row.agency_id, row.deciding_agency_id, row.assisted_at_agency_id ?? row.agency_id])
      .execute(),
    db
      .selectFrom("procedures")
      .select(["code", "name"])
      .where("id", "=", row.procedure_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("procedure_components as c")
      .innerJoin("dossier_files as f", "f.component_id", "c.id")
      .select((eb) => [
        "c.position",
        "c.name",
        "c.original_count",
        "c.copy_count",
        eb.fn.countAll<number>().as("files"),
      ])
      .where("f.dossier_id", "=", row.id)
      .groupBy(["c.id", "c.position", "c.name", "c.original_count", "c.copy_count"])
      .orderBy("c.position")
      .execute(),
  ]);
  const agencyRef = (id: string): AgencyRef => {
    const found = agencies.find((candidate) => candidate.id === id)!;
    return { code: found.code, name: found.name };
  };
  const agency = agencyRef(row.agency_id);
  const unit = await issuingUnit(db, input.actor, row.agency_id);
  const entry = await findRegisterEntry(db, row.id);
  return {
    issuingUnit: {
      agencyCode: agency.code,
      agencyName: agency.name,
      unitCode: unit?.code ?? null,
      unitName: unit?.name ?? null,
    },
    dossierCode: row.code,
    applicant: {
      name: row.applicant_name,
      organisationName: row.organisation_name,
      idNumber: row.applicant_id_number ?? row.organisation_tax_code,
      address: row.applicant_address,
      phone: row.applicant_phone,
      email: row.applicant_email,
    },
    submitter: row.submitter,
    channel: row.channel,
    requestedMatter: { procedureCode: procedure.code, procedureName: procedure.name, summary: row.summary },
    components: components.map((component) => ({
      position: component.position,
      name: component.name,
      originals: component.original_count,
      copies: component.copy_count,
      files: Number(component.files),
    })),
    sets: 1,
    legalTime: {
      amount: Number(row.legal_time_amount),
      unit: row.legal_time_unit,
      kind: row.legal_time_kind,
      text: legalTimeText({
        amount: Number(row.legal_time_amount),
        unit: row.legal_time_unit,
        kind: row.legal_time_kind,
      }),
    },
    organisations: {
      assisted: agencyRef(row.assisted_at_agency_id ?? row.agency_id),
      received: agency,
      deciding: agencyRef(row.deciding_agency_id),
    },
    receptionPlace: row.reception_place,
    receivedAt: slipTime(row.received_at),
    appointmentAt: row.due_at ? slipTime(row.due_at) : null,
    receivedAtIso: row.received_at.toISOString(),
    appointmentAtIso: row.due_at?.toISOString() ?? null,
    register: entry ? registerNumberText(entry) : null,
  };
}

/** The counter that issues the slip: the officer's own counter unit in that agency, else the agency's counter. */
async function issuingUnit(db: Kysely<Database>, actor: Actor, agencyId: string) {
  const own = actor.grants.find(
    (grant) => grant.role === "counter_officer" && grant.agencyId === agencyId && grant.unitId !== null,
  );
  let query = db.selectFrom("units").select(["code", "name"]).where("agency_id", "=", agencyId);
  query = own ? query.where("id", "=", own.unitId!) : query.where("kind", "=", "counter").orderBy("code");
  return query.executeTakeFirst();
}
