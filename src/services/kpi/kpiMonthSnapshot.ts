import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { KpiMeasure } from "../../domain/kpi/index.ts";
import { takeMonthReportSnapshot } from "../statistics/monthReportSnapshot.ts";
import { localDate, localMidnight, monthPeriod } from "../statistics/period.ts";
import { projectTimeliness } from "../statistics/projectTimeliness.ts";
import { syncedDossiers } from "../sync/syncIndicator.ts";
import { type KpiDossier, type KpiQuery, kpiPopulations } from "./kpiPopulations.ts";
import { storeLinkPopulation } from "./storeLinkPopulation.ts";

/**
 * The month-end snapshot of the 766 verdicts (issue #21, migration 0041). The dossier-based indicators (1.4, 2.1,
 * 2.2, 3, 4.1–4.4 and 5.4's dossiers with feedback) are what costs at province scale: each reads every dossier of
 * the month. When a month closes they are computed once, by the same functions as the live index, and kept per
 * deciding agency (the counts) and per dossier that lost points (the drill-down). The index of a closed month sums
 * the counts; the running month is still computed live.
 *
 * A closed month is frozen (R-KPI-5, R-LATE-4, R-KPI-2): the figures of a month are published and reported once it
 * is over — the data in the system are the official source for publishing the on-time ratios per agency (R-KPI-5),
 * the late list of the month is published once and kept (R-LATE-4, `late_list_publications`), and the portal scores
 * a month once, which the province must reproduce, not revise (R-KPI-2). So a correction recorded after the close
 * (a late event, a result filed afterwards) does not rewrite the month's published figures; it shows in every
 * period computed live (a custom range, the running month). An administrator who must reissue a month deletes its
 * `kpi_month_snapshots` row (the counts and lost dossiers go with it, and the monthly report's figures of
 * monthReportSnapshot.ts) and the next run of the job takes it again.
 */

/** The indicators whose populations the snapshot keeps, in the order they are written. */
export const SNAPSHOT_INDICATORS = ["1.4", "2.1", "3", "4.1", "4.2", "4.3", "4.4"] as const;
export type SnapshotIndicator = (typeof SNAPSHOT_INDICATORS)[number];

export interface DossierFigures {
  measures: Record<SnapshotIndicator, KpiMeasure>;
  /** 5.4 (R-EVAL-4): of the dossiers handled (2.1's population), those with feedback or a "dissatisfied" rating. */
  handledWithFeedback: number;
  /** 2.2: mean working hours of the dossiers resolved in the period, or undefined when none. */
  meanWorkingHours: number | undefined;
}

/** `YYYY-MM` when the period is exactly one calendar month (in Hà Nội) that is over at `now`, else undefined. */
export function closedMonthOf(period: { from: Date; to: Date }, now: Date): string | undefined {
  const { year, month, day } = localDate(period.from);
  if (day !== 1 || localMidnight(year, month, 1).getTime() !== period.from.getTime()) return undefined;
  if (localMidnight(year, month + 1, 1).getTime() !== period.to.getTime()) return undefined;
  if (now.getTime() < period.to.getTime()) return undefined;
  return `${year}-${String(month).padStart(2, "0")}`;
}

const CHUNK = 10_000;

/**
 * Takes the snapshot of `month` (`YYYY-MM`, over at `now`) once. Any number of processes may call this at once: an
 * advisory lock serialises them per month and the month's primary key makes a second taker's insert a no-op, so one
 * computes and the others find it taken. Returns whether this call took it.
 */
export async function takeKpiMonthSnapshot(db: Kysely<Database>, month: string, now: Date): Promise<boolean> {
  const period = monthPeriod(month);
  if (now < period.to) throw new RangeError(`month ${month} is not over`);
  return db.transaction().execute(async (trx) => {
    // A job's transaction, not a request's: the month's statements at province scale outlast the serving timeouts
    // (30 s a statement, 60 s idle between two while the populations are counted in the process).
    await sql`set local statement_timeout = '15min'`.execute(trx);
    await sql`set local idle_in_transaction_session_timeout = '15min'`.execute(trx);
    await sql`select pg_advisory_xact_lock(hashtext(${`kpi-month:${month}`}))`.execute(trx);
    const claimed = await sql<{ month: string }>`
      insert into kpi_month_snapshots (month, taken_at) values (${`${month}-01`}, ${now})
      on conflict do nothing returning month::text`.execute(trx);
    if (claimed.rows.length === 0) return false;
    // The verdicts must include every dossier changed up to now (as the late list's publication does): wait for
    // projections in flight elsewhere, then classify what is still pending inside this transaction.
    await sql`select id from dossiers where timeliness_pending for update`.execute(trx);
    await projectTimeliness(trx, { now });
    const query: KpiQuery = { agencyIds: null, period, now };
    // The drill-down's populations (explainLate: why each resolved late dossier lost points).
    const populations = await kpiPopulations(trx, query, { explainLate: true });
    const byIndicator: Record<SnapshotIndicator, readonly (KpiDossier | SyncedLike)[]> = {
      "1.4": await syncedDossiers(trx, query),
      "2.1": populations["2.1"],
      "3": populations["3"],
      "4.1": populations["4.1"],
      "4.2": populations["4.2"],
      "4.3": populations["4.3"],
      "4.4": await storeLinkPopulation(trx, query),
    };
    await sql`
      create temporary table kpi_snapshot_stage (
        indicator text not null, dossier_id uuid not null, meets boolean not null, reason text,
        late_by double precision
      ) on commit drop`.execute(trx);
    for (const indicator of SNAPSHOT_INDICATORS) {
      const rows = byIndicator[indicator];
      for (let start = 0; start < rows.length; start += CHUNK) {
        const chunk = rows.slice(start, start + CHUNK);
        const spare = (row: KpiDossier | SyncedLike) =>
          "timeliness" in row ? row.timeliness?.spareWorkingHours : undefined;
        await sql`
          insert into kpi_snapshot_stage (indicator, dossier_id, meets, reason, late_by)
          select ${indicator}, s.id, s.meets, s.reason, s.late_by
          from unnest(${chunk.map((row) => row.id)}::uuid[], ${chunk.map((row) => row.meets)}::boolean[],
            ${chunk.map((row) => (row.reason === undefined ? null : JSON.stringify(row.reason)))}::text[],
            ${chunk.map((row) => {
              const value = spare(row);
              return value === undefined ? null : -value;
            })}::double precision[]) as s (id, meets, reason, late_by)`.execute(trx);
      }
    }
    const key = `${month}-01`;
    await sql`
      insert into kpi_month_counts (month, indicator, agency_id, numerator, denominator)
      select ${key}, s.indicator, d.deciding_agency_id, count(*) filter (where s.meets), count(*)
      from kpi_snapshot_stage s join dossiers d on d.id = s.dossier_id
      group by s.indicator, d.deciding_agency_id`.execute(trx);
    // 5.4's second term (R-EVAL-4), per agency: the same test as dossiersWithFeedbackOrDislike.
    await sql`
      insert into kpi_month_counts (month, indicator, agency_id, numerator, denominator)
      select ${key}, '5.4', d.deciding_agency_id,
        count(*) filter (where exists (select 1 from feedback_items f where f.dossier_id = d.id and f.kind = 'feedback')
          or exists (select 1 from evaluation_ratings r where r.dossier_id = d.id and r.satisfaction = 'dissatisfied')),
        count(*)
      from kpi_snapshot_stage s join dossiers d on d.id = s.dossier_id
      where s.indicator = '2.1'
      group by d.deciding_agency_id`.execute(trx);
    // 2.2: the sum and count of working hours, so the mean over any agency set is the live one (numeric, exact).
    await sql`
      insert into kpi_month_counts (month, indicator, agency_id, numerator, denominator)
      select ${key}, '2.2', deciding_agency_id, sum(timeliness_working_hours::numeric), count(*)
      from dossiers
      where timeliness_end_at >= ${period.from} and timeliness_end_at < ${period.to}
        and timeliness_working_hours is not null
      group by deciding_agency_id`.execute(trx);
    await sql`
      insert into kpi_month_lost (month, indicator, dossier_id, agency_id, reason, late_by_working_hours)
      select ${key}, s.indicator, s.dossier_id, d.deciding_agency_id, s.reason::jsonb, s.late_by
      from kpi_snapshot_stage s join dossiers d on d.id = s.dossier_id
      where not s.meets and s.indicator <> '4.4'`.execute(trx);
    // The monthly report's dossier figures of the month, by the live report's queries (R-OPS-5, migration 0043).
    await takeMonthReportSnapshot(trx, month, period);
    return true;
  });
}

interface SyncedLike {
  id: string;
  meets: boolean;
  reason?: unknown;
}

const agencyScope = (agencyIds: readonly string[] | null) =>
  agencyIds === null ? sql`true` : sql`agency_id in (${sql.join(agencyIds)})`;

/** The dossier figures of a closed month from its snapshot, or undefined when the month was not taken yet. */
export async function snapshotFigures(
  db: Kysely<Database>,
  month: string,
  agencyIds: readonly string[] | null,
): Promise<DossierFigures | undefined> {
  const key = `${month}-01`;
  const taken = await sql`select 1 from kpi_month_snapshots where month = ${key}`.execute(db);
  if (taken.rows.length === 0) return undefined;
  const zero = () => ({ numerator: 0, denominator: 0 });
  const measures = Object.fromEntries(SNAPSHOT_INDICATORS.map((id) => [id, zero()])) as Record<
    SnapshotIndicator,
    KpiMeasure
  >;
  if (agencyIds !== null && agencyIds.length === 0)
    return { measures, handledWithFeedback: 0, meanWorkingHours: undefined };
  const rows = await sql<{ indicator: string; numerator: string; denominator: string; mean: string | null }>`
    select indicator, sum(numerator)::text as numerator, sum(denominator)::text as denominator,
      (sum(numerator) / nullif(sum(denominator), 0))::text as mean
    from kpi_month_counts where month = ${key} and ${agencyScope(agencyIds)}
    group by indicator`.execute(db);
  let handledWithFeedback = 0;
  let meanWorkingHours: number | undefined;
  for (const row of rows.rows) {
    if (row.indicator === "5.4") handledWithFeedback = Number(row.numerator);
    else if (row.indicator === "2.2")
      meanWorkingHours = row.mean === null || Number(row.denominator) === 0 ? undefined : Number(row.mean);
    else if ((SNAPSHOT_INDICATORS as readonly string[]).includes(row.indicator))
      measures[row.indicator as SnapshotIndicator] = {
        numerator: Number(row.numerator),
        denominator: Number(row.denominator),
      };
  }
  return { measures, handledWithFeedback, meanWorkingHours };
}

/** The dossiers of a closed month that lost points at one indicator, or undefined when the month was not taken. */
export async function snapshotLost(
  db: Kysely<Database>,
  month: string,
  indicator: string,
  agencyIds: readonly string[] | null,
): Promise<{ id: string; meets: false; reason: unknown; lateBy?: number }[] | undefined> {
  const key = `${month}-01`;
  const taken = await sql`select 1 from kpi_month_snapshots where month = ${key}`.execute(db);
  if (taken.rows.length === 0) return undefined;
  if (agencyIds !== null && agencyIds.length === 0) return [];
  const rows = await sql<{ dossier_id: string; reason: unknown; late_by_working_hours: number | null }>`
    select dossier_id, reason, late_by_working_hours from kpi_month_lost
    where month = ${key} and indicator = ${indicator} and ${agencyScope(agencyIds)}
    order by dossier_id`.execute(db);
  return rows.rows.map((row) => ({
    id: row.dossier_id,
    meets: false,
    reason: row.reason,
    ...(row.late_by_working_hours === null ? {} : { lateBy: Number(row.late_by_working_hours) }),
  }));
}
