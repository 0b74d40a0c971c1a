import { CompiledQuery, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { isPublicStatus, type PublicStatus, STATUS_LABELS } from "../../domain/dossier/status.ts";
import { isLookupToken } from "./lookupToken.ts";
import { maskName } from "./maskName.ts";

/**
 * The one public answer about a dossier (R-LOOK-1, R-LOOK-2 clarified, R-STATUS-1): the web page, the QR page,
 * `GET /api/public/lookup` and the SMS reply all shape it from here, so they cannot say different things.
 *
 * Always: the current public status (code and name) and where the dossier stands in its process — the departments
 * along it, the one holding it now, the steps given and done. Personal data is bounded by the R-LOOK-2 field list:
 * before acceptance only the applicant's name and the submission date; after it also the organisation, the reception
 * date and the appointment. Never an identity number, address, phone, e-mail, form data or files.
 */
interface LookupCommon {
  code: string;
  /** R-CODE-6: what the dossier's QR code encodes (without the token, which only the slip prints). */
  lookupUrl: string;
  /** R-STATUS-1: the public status, named in the reader's language. */
  status: { code: PublicStatus; name: string };
  receivingAgency: string;
  /** R-XFER-3 (issue #12 §5): where the applicant was helped and which agency decides, besides where it was received. */
  assistedAgency: string;
  decidingAgency: string;
  /** Every agency and unit the dossier went through, in the order it reached them, each named once. */
  departments: string[];
  /** The unit holding the dossier now; null once it has left every desk (refused, stopped, returned). */
  currentDepartment: string | null;
  /** Each step the dossier was given (a task or a consultation), in order, and whether it is done. */
  steps: { department: string; done: boolean }[];
  applicantName: string;
  /** True when the name is shown masked (a lookup by bare code, issue #20). */
  applicantNameMasked: boolean;
}

/** R-LOOK-2, a dossier the agency has accepted (a "valid" dossier). */
export interface AcceptedDossierLookup extends LookupCommon {
  organisationName: string | null;
  /** NgayTiepNhan. */
  receivedAt: string;
  /** NgayHenTra shown to the applicant: the extended appointment when there is one (R-LATE-2). */
  appointmentAt: string | null;
}

/** R-LOOK-2, a dossier never accepted (waiting, asked to complete, refused, withdrawn): the reduced personal set. */
export interface PendingDossierLookup extends LookupCommon {
  submittedAt: string;
}

export type DossierLookup = AcceptedDossierLookup | PendingDossierLookup;

export interface LookupOptions {
  /** The portal's public address; the QR code carries `${publicUrl}/tra-cuu/${code}`. */
  publicUrl: string;
  /** Show the name masked ("Nguyễn V** A*"). */
  maskNames: boolean;
  /** Language of the status name; Vietnamese by default. */
  language?: "vi" | "en" | undefined;
}

/** How the reader proves they hold more than the code (issue #20): the QR's token or a second fact. */
export interface LookupProof {
  /** The token of the reception slip's QR code (`?t=`). */
  token?: string | undefined;
  /** The last 4 digits of the applicant's phone or identification number. */
  last4?: string | undefined;
}

export interface LookupRequest {
  publicUrl: string;
  /** LOOKUP_MASK_NAMES: mask the name unless the reader proves more than the code (default on). */
  maskNames: boolean;
  language?: "vi" | "en" | undefined;
  proof?: LookupProof | undefined;
}

/** R-CODE-6: the URL a dossier's QR code carries; with `token`, the one the reception slip prints. */
export function lookupUrlOf(publicUrl: string, code: string, token?: string): string {
  const url = `${publicUrl.replace(/\/+$/, "")}/tra-cuu/${encodeURIComponent(code)}`;
  return token ? `${url}?t=${encodeURIComponent(token)}` : url;
}

/**
 * A code as people type it (issue #12 §1): surrounding spaces (also no-break and zero-width ones) dropped; the
 * lookup then tries it as typed and upper-cased, since every code is stored upper-case but people and phones type
 * lower case.
 */
export function lookupCodeCandidates(typed: string): [string, string] {
  const trimmed = typed.replace(/^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/gu, "");
  return [trimmed, trimmed.toUpperCase()];
}

/** The columns of a LookupRow, in LOOKUP_SQL and in the coalesced lookups' statement (lookupBatcher.ts). */
export const LOOKUP_COLUMNS = `code, status, applicant_name, organisation_name, submitted_at, received_at, due_at,
       applicant_phone, applicant_id_number, agency_name, deciding_agency_name, assisted_agency_name,
       steps, current_unit`;

/**
 * The whole lookup in one indexed row read (issue #21): the lookup projection `dossier_lookup` (migration 0039), kept
 * in every writer's transaction, holds the dossier, its receiving and deciding agencies, its status, and the units
 * and agencies of its tasks and consultations in the order they were given the dossier (R-LOOK-2 "all departments
 * along the workflow") with whether each is done, then the unit holding it now. `$1`/`$2` are the code as typed and
 * upper-cased: our code (R-CODE-1) or the national/central one (R-CODE-2, R-LAW-4), both unique. The phone and
 * identification number are read only to check a second fact, never shown.
 */
export const LOOKUP_SQL = lookupFrom("dossier_lookup");

/**
 * The same row computed from the dossier tables (the view `dossier_lookup_source` the projection is refreshed from):
 * what the consistency tests compare the projection with.
 */
export const LOOKUP_FROM_DOSSIERS_SQL = lookupFrom("dossier_lookup_source");

function lookupFrom(relation: "dossier_lookup" | "dossier_lookup_source"): string {
  return `
select ${LOOKUP_COLUMNS}
  from ${relation}
 where code in ($1, $2) or national_code in ($1, $2)
 limit 1`;
}

/** The parameters of LOOKUP_SQL for a code as typed. */
export const lookupParams = (typed: string): string[] => lookupCodeCandidates(typed);

/** A row of LOOKUP_SQL. */
export interface LookupRow {
  code: string;
  status: number;
  applicant_name: string;
  organisation_name: string | null;
  submitted_at: Date;
  received_at: Date | null;
  due_at: Date | null;
  applicant_phone: string | null;
  applicant_id_number: string | null;
  agency_name: string;
  deciding_agency_name: string;
  assisted_agency_name: string;
  steps: { department: string; done: boolean }[] | null;
  current_unit: string | null;
}

/** How a lookup reads its row for a code as typed: alone (readLookupRow) or in a batch (lookupBatcher.ts). */
export type LookupRowReader = (db: Kysely<Database>, typed: string) => Promise<LookupRow | undefined>;

/** The row of one code as typed, by its own statement (LOOKUP_SQL). */
export const readLookupRow: LookupRowReader = async (db, typed) =>
  (await db.executeQuery<LookupRow>(CompiledQuery.raw(LOOKUP_SQL, lookupParams(typed)))).rows[0];

/** Nobody holds the dossier any more: refused at reception, stopped, result returned (R-STATUS-5). */
const LEFT_EVERY_DESK: ReadonlySet<number> = new Set([3, 8, 10]);

/**
 * What the public may see of a LOOKUP_SQL row (R-LOOK-2 clarified): the status and the process always; the reduced
 * personal set before acceptance, the full set after; each department named once, from the receiving agency to the
 * deciding one (R-XFER-3).
 */
export function shapeLookup(row: LookupRow, options: LookupOptions): DossierLookup {
  const language = options.language ?? "vi";
  const statusCode: PublicStatus = isPublicStatus(row.status) ? row.status : 1;
  const steps = (row.steps ?? []).map((step) => ({ department: step.department, done: step.done }));
  const currentDepartment = LEFT_EVERY_DESK.has(statusCode) ? null : row.current_unit;
  // Before acceptance the dossier has not gone past the receiving agency: the deciding one is named once accepted.
  const names = row.received_at
    ? [row.agency_name, ...steps.map((step) => step.department), row.current_unit, row.deciding_agency_name]
    : [row.agency_name, row.current_unit];
  const code = row.code;
  const lookupUrl = lookupUrlOf(options.publicUrl, code);
  const status = { code: statusCode, name: STATUS_LABELS[statusCode][language] };
  const departments = [...new Set(names.filter((name): name is string => name !== null))];
  const applicantName = options.maskNames ? maskName(row.applicant_name) : row.applicant_name;
  const applicantNameMasked = options.maskNames;
  const common: LookupCommon = {
    code,
    lookupUrl,
    status,
    receivingAgency: row.agency_name,
    assistedAgency: row.assisted_agency_name,
    decidingAgency: row.deciding_agency_name,
    departments,
    currentDepartment,
    steps,
    applicantName,
    applicantNameMasked,
  };
  if (!row.received_at) return { ...common, submittedAt: row.submitted_at.toISOString() };
  return {
    ...common,
    organisationName: row.organisation_name,
    receivedAt: row.received_at.toISOString(),
    appointmentAt: row.due_at ? row.due_at.toISOString() : null,
  };
}

const digitsOf = (value: string | null) => (value ?? "").replace(/\D/g, "");

/**
 * The reader proved more than the code (issue #20): the QR's token of this dossier, or the last 4 digits of the
 * applicant's phone or identification number (compared on digits only, so "0912 345 678" ends in 5678).
 */
async function readerProved(
  db: Kysely<Database>,
  row: LookupRow,
  proof: LookupProof | undefined,
): Promise<boolean> {
  if (!proof) return false;
  if (proof.token && (await isLookupToken(db, row.code, proof.token))) return true;
  const last4 = proof.last4?.trim();
  if (last4 && /^\d{4}$/.test(last4)) {
    for (const known of [digitsOf(row.applicant_phone), digitsOf(row.applicant_id_number)])
      if (known.length >= 4 && known.endsWith(last4)) return true;
  }
  return false;
}

/**
 * Public lookup by dossier code (R-LOOK-1: by code, QR or SMS). Accepts our own code (R-CODE-1) and the code a
 * dossier got on the national portal or a central system (R-CODE-2, R-LAW-4), in any case and with spaces around.
 * Returns nothing for an unknown code — and does not check the code's format first, so a malformed code and an
 * unknown one cost the same query and cannot be told apart by their answer or their timing.
 *
 * The applicant's name is masked when the province masks names (LOOKUP_MASK_NAMES, the default) and the reader gave
 * neither the QR's token nor a matching second fact; with LOOKUP_MASK_NAMES=false it is shown in full on the bare
 * code (the literal reading of R-LOOK-2).
 *
 * `readRow` reads the row: by its own statement by default; the HTTP route passes its batcher's (issue #21,
 * lookupBatcher.ts), which gives the same row from one statement shared by the lookups of the same turn. The proof
 * check and the shaping below are the same either way.
 */
export async function lookupDossier(
  db: Kysely<Database>,
  code: string,
  request: LookupRequest,
  readRow: LookupRowReader = readLookupRow,
): Promise<DossierLookup | undefined> {
  const row = await readRow(db, code);
  if (!row) return undefined;
  const maskNames = request.maskNames && !(await readerProved(db, row, request.proof));
  return shapeLookup(row, { publicUrl: request.publicUrl, maskNames, language: request.language });
}
