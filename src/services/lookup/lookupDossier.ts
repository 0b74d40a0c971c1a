import { CompiledQuery, type Kysely } from "kysely";
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
 * The whole lookup in one statement (one round trip, however far the dossier went): the dossier, its receiving and
 * deciding agencies, and — once accepted — the units and agencies of its tasks and consultations in the order they
 * were given the dossier (R-LOOK-2 "all departments along the workflow"), then the unit holding it now. `$1` is the
 * code as typed: our code (R-CODE-1) or the national/central one (R-CODE-2, R-LAW-4), both unique.
 */
export const LOOKUP_SQL = `
select d.code, d.applicant_name, d.organisation_name, d.submitted_at, d.received_at, d.due_at,
       a.name as agency_name, da.name as deciding_agency_name,
       case when d.received_at is null then null else (
         select coalesce(json_agg(s.label order by s.at, s.kind), '[]'::json)
           from (select coalesce(u.name || ' – ', '') || ta.name as label, t.created_at as at, 0 as kind
                   from tasks t
                   join agencies ta on ta.id = t.agency_id
                   left join units u on u.id = t.unit_id
                  where t.dossier_id = d.id and t.status <> 'cancelled'
                 union all
                 select coalesce(u.name || ' – ', '') || ca.name, c.requested_at, 1
                   from consultations c
                   join agencies ca on ca.id = c.to_agency_id
                   left join units u on u.id = c.to_unit_id
                  where c.dossier_id = d.id) s
       ) end as steps,
       (select coalesce(u.name || ' – ', '') || ua.name
          from units u join agencies ua on ua.id = u.agency_id
         where u.id = d.current_unit_id) as current_unit
  from dossiers d
  join agencies a on a.id = d.agency_id
  join agencies da on da.id = d.deciding_agency_id
 where d.code = $1 or d.national_code = $1
 limit 1`;

/** A row of LOOKUP_SQL. */
export interface LookupRow {
  code: string;
  applicant_name: string;
  organisation_name: string | null;
  submitted_at: Date;
  received_at: Date | null;
  due_at: Date | null;
  agency_name: string;
  deciding_agency_name: string;
  steps: string[] | null;
  current_unit: string | null;
}

/**
 * What the public may see of a LOOKUP_SQL row (R-LOOK-2): the reduced set before acceptance, the full set after;
 * each department named once, from the receiving agency to the deciding one (R-XFER-3).
 */
export function shapeLookup(row: LookupRow, options: LookupOptions): DossierLookup {
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
  const names = [row.agency_name, ...(row.steps ?? []), row.current_unit, row.deciding_agency_name];
  return {
    code: row.code,
    lookupUrl,
    receivingAgency: row.agency_name,
    departments: [...new Set(names.filter((name): name is string => name !== null))],
    organisationName: row.organisation_name,
    applicantName,
    receivedAt: row.received_at.toISOString(),
    appointmentAt: row.due_at ? row.due_at.toISOString() : null,
  };
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
  const { rows } = await db.executeQuery<LookupRow>(CompiledQuery.raw(LOOKUP_SQL, [code]));
  return rows[0] ? shapeLookup(rows[0], options) : undefined;
}
