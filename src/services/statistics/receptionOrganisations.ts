import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Period } from "./period.ts";
import type { StatisticsScope } from "./scope.ts";

/** The three organisations a dossier is counted under (R-XFER-3). */
export type OrganisationRole = "assisted" | "received" | "deciding";

export interface OrganisationFigures {
  agencyId: string;
  code: string;
  name: string;
  /** Dossiers submitted in the period that this agency helped with, received, or decides. */
  assisted: number;
  received: number;
  deciding: number;
  /** Of those it received: taken in outside the office, mobile or on site (R-RECV-5). */
  receivedOutsideOffice: number;
  /** Of those it received: refused at reception (R-REJ-1) and asked to complete at reception (R-RECV-2 a). */
  refusedAtReception: number;
  supplementAtReception: number;
  /** Of those it received: decided and returned at the counter (R-RECV-4). */
  decidedAtCounter: number;
}

/**
 * Statistics by each of a dossier's three organisations (R-XFER-3, issue #12 §5): for every agency, the dossiers
 * submitted in the period where the applicant was helped there, where they were officially received, and those it
 * decides — with the reception outcomes counted at the receiving agency. Read-only; within the reader's scope (an
 * agency reader sees its own agencies' rows).
 */
export async function receptionByOrganisation(
  db: Kysely<Database>,
  scope: StatisticsScope,
  period: Pick<Period, "from" | "to">,
): Promise<OrganisationFigures[]> {
  const inScope = scope.agencyIds;
  const result = await sql<{
    agency_id: string;
    code: string;
    name: string;
    assisted: number;
    received: number;
    deciding: number;
    outside: number;
    refused: number;
    supplement: number;
    decided: number;
  }>`
    with period_dossiers as (
      select d.id, coalesce(d.assisted_at_agency_id, d.agency_id) as assisted_id, d.agency_id as received_id,
             d.deciding_agency_id as deciding_id, d.reception_place, d.status,
             exists (select 1 from dossier_events e where e.dossier_id = d.id and e.type = 'supplementRequested'
                     and e.from_status = 1) as supplement_at_reception,
             exists (select 1 from dossier_events e where e.dossier_id = d.id and e.type = 'decidedAtCounter')
               as decided_at_counter
      from dossiers d
      where d.submitted_at >= ${period.from} and d.submitted_at < ${period.to}
    ),
    parts as (
      select assisted_id as agency_id, 'assisted' as part, p.* from period_dossiers p
      union all select received_id, 'received', p.* from period_dossiers p
      union all select deciding_id, 'deciding', p.* from period_dossiers p
    )
    select a.id as agency_id, a.code, a.name,
           count(*) filter (where part = 'assisted')::int as assisted,
           count(*) filter (where part = 'received')::int as received,
           count(*) filter (where part = 'deciding')::int as deciding,
           count(*) filter (where part = 'received' and reception_place is not null)::int as outside,
           count(*) filter (where part = 'received' and status = 3)::int as refused,
           count(*) filter (where part = 'received' and supplement_at_reception)::int as supplement,
           count(*) filter (where part = 'received' and decided_at_counter)::int as decided
    from parts
    join agencies a on a.id = parts.agency_id
    where ${inScope === null ? sql`true` : inScope.length === 0 ? sql`false` : sql`parts.agency_id in (${sql.join(inScope)})`}
    group by a.id, a.code, a.name
    order by a.code`.execute(db);
  return result.rows.map((row) => ({
    agencyId: row.agency_id,
    code: row.code,
    name: row.name,
    assisted: row.assisted,
    received: row.received,
    deciding: row.deciding,
    receivedOutsideOffice: row.outside,
    refusedAtReception: row.refused,
    supplementAtReception: row.supplement,
    decidedAtCounter: row.decided,
  }));
}
