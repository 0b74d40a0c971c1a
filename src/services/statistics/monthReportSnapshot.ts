import { type Kysely, sql } from "kysely";
import type { Channel, Database } from "../../db/schema.ts";
import { agencyFilter } from "../kpi/scopeFilter.ts";
import { onTimeCountsByAgency } from "./onTimeCounts.ts";
import type { Period } from "./period.ts";
import {
  averagesByProcedure,
  type PeriodDossierFigures,
  procedureHours,
  receivedByAgencyAndChannel,
} from "./periodFigures.ts";

/**
 * The monthly report's figures in the month-end snapshot (issue #21, R-OPS-5; migration 0043). When a month closes,
 * `takeKpiMonthSnapshot` calls `takeMonthReportSnapshot` in its transaction, after it classified every pending
 * dossier and staged the 766 populations: the report's dossier figures are computed by the live report's own queries
 * (periodFigures.ts) for the province and kept per deciding agency (and per agency and procedure, with the sum of
 * working hours), so the report of a closed month for any set of agencies sums a few hundred rows and equals the
 * live report of that month at the close. The payments stay live (payments tables, small).
 *
 * A closed month is frozen as the 766 snapshot is (R-KPI-5, R-LATE-4, R-KPI-2; services/kpi/kpiMonthSnapshot.ts):
 * a correction recorded after the close shows in every period computed live, not in the month's report. Deleting the
 * month's `kpi_month_snapshots` row deletes these figures too, and the job takes the month again.
 */

/** Writes the figures of the closed month `month` (`YYYY-MM`), inside takeKpiMonthSnapshot's transaction. */
export async function takeMonthReportSnapshot(
  trx: Kysely<Database>,
  month: string,
  period: Pick<Period, "from" | "to">,
): Promise<void> {
  const key = `${month}-01`;
  const query = { agencyIds: null, period };
  const [received, timeliness] = await Promise.all([
    receivedByAgencyAndChannel(trx, query),
    onTimeCountsByAgency(trx, { ...period, agencyIds: null }),
  ]);
  const rows = new Map<string, { received: Record<Channel, number>; verdicts: number[] }>();
  const rowOf = (agencyId: string) => {
    let row = rows.get(agencyId);
    if (!row) {
      row = { received: { counter: 0, online: 0, postal: 0 }, verdicts: [0, 0, 0, 0] };
      rows.set(agencyId, row);
    }
    return row;
  };
  for (const count of received) rowOf(count.agencyId).received[count.channel] += count.n;
  for (const count of timeliness)
    rowOf(count.agencyId).verdicts = [count.resolved, count.early, count.onTime, count.late];
  const ids = [...rows.keys()];
  const column = (pick: (row: { received: Record<Channel, number>; verdicts: number[] }) => number) =>
    ids.map((id) => pick(rows.get(id)!));
  // Digitised: the 766 index's 4.2 population, digitisationPopulation's for the month, which takeKpiMonthSnapshot
  // has just staged (one computation of digitisation, issue #19; R-RECV-7, R-DIG-1/2).
  await sql`
    insert into month_report_agencies (month, agency_id, received_counter, received_online, received_postal,
      resolved, early, on_time, late, digitised)
    select ${key}, a.agency_id, a.counter, a.online, a.postal, a.resolved, a.early, a.on_time, a.late,
      coalesce(g.n, 0)
    from unnest(${ids}::uuid[], ${column((row) => row.received.counter)}::int[],
      ${column((row) => row.received.online)}::int[], ${column((row) => row.received.postal)}::int[],
      ${column((row) => row.verdicts[0]!)}::int[], ${column((row) => row.verdicts[1]!)}::int[],
      ${column((row) => row.verdicts[2]!)}::int[], ${column((row) => row.verdicts[3]!)}::int[])
      as a (agency_id, counter, online, postal, resolved, early, on_time, late)
    left join (
      select d.deciding_agency_id as agency_id, count(*) filter (where s.meets)::int as n
      from kpi_snapshot_stage s join dossiers d on d.id = s.dossier_id
      where s.indicator = '4.2'
      group by d.deciding_agency_id
    ) g on g.agency_id = a.agency_id`.execute(trx);
  await sql`
    insert into month_report_procedures (month, agency_id, procedure_id, resolved, working_hours)
    select ${key}, b.agency_id, b.procedure_id, b.resolved, b.hours
    from ${procedureHours(trx, query)} as b`.execute(trx);
  await sql`update kpi_month_snapshots set report_figures = true where month = ${key}`.execute(trx);
}

/**
 * The dossier figures of the closed month `month` for the agencies in scope (null: the province) from its snapshot,
 * or undefined when the month was not taken (or was taken before migration 0043: computed live).
 */
export async function monthReportFromSnapshot(
  db: Kysely<Database>,
  month: string,
  agencyIds: readonly string[] | null,
): Promise<PeriodDossierFigures | undefined> {
  const key = `${month}-01`;
  const taken = await sql`select 1 from kpi_month_snapshots where month = ${key} and report_figures`.execute(
    db,
  );
  if (taken.rows.length === 0) return undefined;
  if (agencyIds !== null && agencyIds.length === 0)
    return { received: [], timeliness: [], digitised: 0, averageByProcedure: [] };
  const [agencies, averageByProcedure] = await Promise.all([
    db
      .selectFrom("month_report_agencies")
      .selectAll()
      .where("month", "=", key)
      .where(agencyFilter("agency_id", agencyIds))
      .execute(),
    averagesByProcedure(
      db,
      db
        .selectFrom("month_report_procedures")
        .select(["procedure_id", "resolved", "working_hours as hours"])
        .where("month", "=", key)
        .where(agencyFilter("agency_id", agencyIds)),
    ),
  ]);
  const figures: PeriodDossierFigures = { received: [], timeliness: [], digitised: 0, averageByProcedure };
  for (const row of agencies) {
    // As the live queries give them: a channel's count only when above zero, verdicts only when some ended.
    for (const [channel, n] of [
      ["counter", row.received_counter],
      ["online", row.received_online],
      ["postal", row.received_postal],
    ] as const)
      if (n > 0) figures.received.push({ agencyId: row.agency_id, channel, n });
    if (row.resolved > 0)
      figures.timeliness.push({
        agencyId: row.agency_id,
        resolved: row.resolved,
        early: row.early,
        onTime: row.on_time,
        late: row.late,
      });
    figures.digitised += row.digitised;
  }
  return figures;
}
