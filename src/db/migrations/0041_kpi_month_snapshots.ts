import { type Kysely, sql } from "kysely";

/**
 * The month-end snapshot of the QĐ 766 verdicts (issue #21, R-KPI-3…5): when a month closes, the job
 * `closeKpiMonth` computes the dossier-based indicators of that month once — the very functions the live index runs
 * — and keeps
 * - `kpi_month_counts`: per deciding agency and indicator, the numerator and denominator (2.2: the sum of working
 *   hours and the count; 5.4: the handled dossiers with feedback or a "dissatisfied" rating and the handled count),
 *   so the province's index of a closed month sums a few hundred rows instead of reading every dossier of the month;
 * - `kpi_month_lost`: the dossiers that lost points, with why, so the drill-down of a closed month lists exactly the
 *   dossiers behind the frozen figures.
 * `kpi_month_snapshots` has one row per month taken: its primary key lets only one process take a month (the others
 * find it taken), and the counts reference it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table kpi_month_snapshots (
      month date primary key,
      taken_at timestamptz not null
    )`.execute(db);
  await sql`
    create table kpi_month_counts (
      month date not null references kpi_month_snapshots (month) on delete cascade,
      indicator text not null,
      agency_id uuid not null references agencies (id),
      numerator numeric not null,
      denominator bigint not null,
      primary key (month, indicator, agency_id)
    )`.execute(db);
  await sql`
    create table kpi_month_lost (
      month date not null references kpi_month_snapshots (month) on delete cascade,
      indicator text not null,
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      -- a reason code of kpiReasons.ts, or 1.4's {code, vi, en}
      reason jsonb not null,
      late_by_working_hours double precision,
      primary key (month, indicator, dossier_id)
    )`.execute(db);
  await sql`create index kpi_month_lost_agency_idx on kpi_month_lost (month, indicator, agency_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table kpi_month_lost`.execute(db);
  await sql`drop table kpi_month_counts`.execute(db);
  await sql`drop table kpi_month_snapshots`.execute(db);
}
