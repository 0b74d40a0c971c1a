import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { maskName } from "./maskName.ts";

/**
 * R-LOOK-2, a dossier the agency has accepted (a "valid" dossier): exactly these facts, nothing else — no status
 * history, no identity number, address, phone, e-mail, form data or files.
 */
export interface AcceptedDossierLookup {
  code: string;
  /** R-CODE-6: what the dossier's QR code encodes. */
  lookupUrl: string;
  receivingAgency: string;
  /** Every agency and unit the dossier went through, in workflow order. */
  departments: string[];
  organisationName: string | null;
  applicantName: string;
  /** NgayTiepNhan. */
  receivedAt: string;
  /** NgayHenTra in force (the extended appointment when there is one, R-LATE-2). */
  appointmentAt: string | null;
}

/** R-LOOK-2, an online dossier not (or never) accepted: code + QR, receiving agency, applicant, submission date. */
export interface PendingDossierLookup {
  code: string;
  lookupUrl: string;
  receivingAgency: string;
  applicantName: string;
  submittedAt: string;
}

export type DossierLookup = AcceptedDossierLookup | PendingDossierLookup;

export interface LookupOptions {
  /** The portal's public address; the QR code carries `${publicUrl}/tra-cuu/${code}`. */
  publicUrl: string;
  /** LOOKUP_MASK_NAMES: show "Nguyễn V** A*" instead of the full name. */
  maskNames: boolean;
}

/** R-CODE-6: the URL a dossier's QR code carries (printed on the reception slip). */
export function lookupUrlOf(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/tra-cuu/${encodeURIComponent(code)}`;
}

/**
 * Public lookup by dossier code (R-LOOK-1: by code or QR). Accepts our own code (R-CODE-1) and the code a dossier got
 * on the national portal or a central system (R-CODE-2, R-LAW-4), both stored unchanged. Returns nothing for an
 * unknown code — and does not check the code's format first, so a malformed code and an unknown one cost the same
 * query and cannot be told apart by their answer or their timing.
 */
export async function lookupDossier(
  db: Kysely<Database>,
  code: string,
  options: LookupOptions,
): Promise<DossierLookup | undefined> {
  const row = await db
    .selectFrom("dossiers as d")
    .innerJoin("agencies as a", "a.id", "d.agency_id")
    .select([
      "d.id",
      "d.code",
      "d.agency_id",
      "d.deciding_agency_id",
      "d.current_unit_id",
      "d.applicant_name",
      "d.organisation_name",
      "d.submitted_at",
      "d.received_at",
      "d.due_at",
      "a.name as agency_name",
    ])
    .where((eb) => eb.or([eb("d.code", "=", code), eb("d.national_code", "=", code)]))
    .executeTakeFirst();
  if (!row) return undefined;

  const applicantName = options.maskNames ? maskName(row.applicant_name) : row.applicant_name;
  const lookupUrl = lookupUrlOf(options.publicUrl, row.code);
  // Not accepted (still waiting, asked to complete before acceptance, refused, withdrawn before acceptance): R-LOOK-2
  // allows only the reduced set.
  if (!row.received_at) {
    return {
      code: row.code,
      lookupUrl,
      receivingAgency: row.agency_name,
      applicantName,
      submittedAt: row.submitted_at.toISOString(),
    };
  }
  return {
    code: row.code,
    lookupUrl,
    receivingAgency: row.agency_name,
    departments: await departmentsOf(db, row),
    organisationName: row.organisation_name,
    applicantName,
    receivedAt: row.received_at.toISOString(),
    appointmentAt: row.due_at ? row.due_at.toISOString() : null,
  };
}

/**
 * "All departments along the workflow" (R-LOOK-2): the receiving agency, then the units and agencies of the dossier's
 * tasks and consultations in the order they were given the dossier, then the unit holding it now and the deciding
 * agency (R-XFER-3) — each named once.
 */
async function departmentsOf(
  db: Kysely<Database>,
  row: { id: string; agency_id: string; deciding_agency_id: string; current_unit_id: string | null },
): Promise<string[]> {
  const [tasks, consultations, agencies, currentUnit] = await Promise.all([
    db
      .selectFrom("tasks as t")
      .innerJoin("agencies as a", "a.id", "t.agency_id")
      .leftJoin("units as u", "u.id", "t.unit_id")
      .select(["a.name as agency", "u.name as unit", "t.created_at as at"])
      .where("t.dossier_id", "=", row.id)
      .where("t.status", "!=", "cancelled")
      .execute(),
    db
      .selectFrom("consultations as c")
      .innerJoin("agencies as a", "a.id", "c.to_agency_id")
      .leftJoin("units as u", "u.id", "c.to_unit_id")
      .select(["a.name as agency", "u.name as unit", "c.requested_at as at"])
      .where("c.dossier_id", "=", row.id)
      .execute(),
    db
      .selectFrom("agencies")
      .select(["id", "name"])
      .where("id", "in", [row.agency_id, row.deciding_agency_id])
      .execute(),
    row.current_unit_id
      ? db
          .selectFrom("units as u")
          .innerJoin("agencies as a", "a.id", "u.agency_id")
          .select(["a.name as agency", "u.name as unit"])
          .where("u.id", "=", row.current_unit_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const agencyName = (id: string) => agencies.find((agency) => agency.id === id)?.name;
  const label = (entry: { agency: string; unit: string | null }) =>
    entry.unit ? `${entry.unit} – ${entry.agency}` : entry.agency;
  const names = [
    agencyName(row.agency_id),
    ...[...tasks, ...consultations]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((entry) => label(entry)),
    currentUnit ? label(currentUnit) : undefined,
    agencyName(row.deciding_agency_id),
  ];
  return [...new Set(names.filter((name): name is string => name !== undefined))];
}
