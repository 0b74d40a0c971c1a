import { type Expression, type Kysely, sql } from "kysely";
import type { Channel, Database } from "../../db/schema.ts";
import { digitisationPopulation } from "../kpi/digitisedDossiers.ts";
import { agencyFilter } from "../kpi/scopeFilter.ts";
import { type OnTimeCounts, onTimeCountsByAgency } from "./onTimeCounts.ts";
import type { Period } from "./period.ts";

/**
 * The dossier figures of the monthly report (R-OPS-5) and the dashboard's period, defined once (issue #21): computed
 * live for any period, and by the same queries when a month closes into its month-end snapshot
 * (monthReportSnapshot.ts), from which periodMetrics reads a closed month.
 */
export interface PeriodDossierFigures {
  /** Dossiers received (NgayTiepNhan in the period) per deciding agency and channel, only counts above zero. */
  received: ReceivedCount[];
  /** Dossiers whose processing ended in the period per deciding agency, by R-KPI-4 verdict (onTimeCounts.ts). */
  timeliness: OnTimeCounts[];
  /** Received dossiers digitised as the 766 index's indicator 4.2 counts them (R-RECV-7, R-DIG-1/2, issue #19). */
  digitised: number;
  averageByProcedure: ProcedureAverage[];
}

export interface ReceivedCount {
  agencyId: string;
  channel: Channel;
  n: number;
}

export interface ProcedureAverage {
  procedureId: string;
  code: string;
  name: string;
  resolved: number;
  averageWorkingHours: number;
}

export interface DossierFiguresQuery {
  agencyIds: readonly string[] | null;
  period: Pick<Period, "from" | "to">;
}

export async function receivedByAgencyAndChannel(
  db: Kysely<Database>,
  query: DossierFiguresQuery,
): Promise<ReceivedCount[]> {
  if (query.agencyIds !== null && query.agencyIds.length === 0) return [];
  return db
    .selectFrom("dossiers")
    .select(["deciding_agency_id as agencyId", "channel", sql<number>`count(*)::int`.as("n")])
    .where("received_at", ">=", query.period.from)
    .where("received_at", "<", query.period.to)
    .where(agencyFilter("deciding_agency_id", query.agencyIds))
    .groupBy(["deciding_agency_id", "channel"])
    .execute();
}

/**
 * The dossiers resolved in the period with a verdict and working hours, per deciding agency and procedure: how many
 * and the sum of their working hours in numeric (exact), the rows the mean per procedure is taken over. A query, not
 * its rows: the live report aggregates it at once, the month-end snapshot stores it as it is.
 */
export function procedureHours(db: Kysely<Database>, query: DossierFiguresQuery) {
  return db
    .selectFrom("dossiers")
    .select([
      "deciding_agency_id as agency_id",
      "procedure_id",
      sql<number>`count(*)::int`.as("resolved"),
      sql<string>`sum(timeliness_working_hours::numeric)`.as("hours"),
    ])
    .where("timeliness_end_at", ">=", query.period.from)
    .where("timeliness_end_at", "<", query.period.to)
    .where("timeliness_verdict", "in", ["early", "onTime", "late"])
    .where("timeliness_working_hours", "is not", null)
    .where(agencyFilter("deciding_agency_id", query.agencyIds))
    .groupBy(["deciding_agency_id", "procedure_id"]);
}

/**
 * The 50 procedures with the most resolved dossiers, each with the mean of their working hours rounded to one
 * decimal, over rows of (procedure_id, resolved, hours) — `procedureHours` live or the snapshot's rows of a closed
 * month: the sum of sums over the sum of counts, in numeric, is the mean over all the dossiers, whichever agencies.
 */
export async function averagesByProcedure(
  db: Kysely<Database>,
  rows: Expression<{ procedure_id: string; resolved: number; hours: string }>,
): Promise<ProcedureAverage[]> {
  const result = await sql<ProcedureAverage>`
    select b.procedure_id as "procedureId", p.code, p.name, sum(b.resolved)::int as resolved,
      round(sum(b.hours) / sum(b.resolved), 1)::float8 as "averageWorkingHours"
    from ${rows} as b join procedures p on p.id = b.procedure_id
    group by b.procedure_id, p.code, p.name
    order by 4 desc, p.code, b.procedure_id
    limit 50`.execute(db);
  return result.rows.map((row) => ({ ...row, averageWorkingHours: Number(row.averageWorkingHours) }));
}

/** The figures of any period, computed from the dossiers. */
export async function liveDossierFigures(
  db: Kysely<Database>,
  query: DossierFiguresQuery,
): Promise<PeriodDossierFigures> {
  if (query.agencyIds !== null && query.agencyIds.length === 0)
    return { received: [], timeliness: [], digitised: 0, averageByProcedure: [] };
  const [received, timeliness, digitised, averageByProcedure] = await Promise.all([
    receivedByAgencyAndChannel(db, query),
    onTimeCountsByAgency(db, { ...query.period, agencyIds: query.agencyIds }),
    // Issue #19: digitisation counted exactly as the 766 index's indicator 4.2 counts it (one computation).
    digitisationPopulation(db, query).then(
      (population) => population.filter((dossier) => dossier.meets).length,
    ),
    averagesByProcedure(db, procedureHours(db, query)),
  ]);
  return { received, timeliness, digitised, averageByProcedure };
}
