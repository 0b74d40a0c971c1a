import { type Kysely, sql } from "kysely";

/**
 * The monthly report's figures in the month-end snapshot (issue #21, R-OPS-5; next to the 766 verdicts of migration
 * 0041): when a month closes, `takeKpiMonthSnapshot` also keeps what the report of that month counts from dossiers —
 * the very queries of the live report (src/services/statistics/monthReportSnapshot.ts) — so the province's report of
 * a closed month sums a few hundred rows instead of reading every dossier of the month:
 * - `month_report_agencies`: per deciding agency, the dossiers received by channel, those whose processing ended
 *   by R-KPI-4 verdict (resolved, early, on time, late) and the received ones digitised (R-RECV-7, R-DIG-1/2);
 * - `month_report_procedures`: per deciding agency and procedure, the resolved dossiers with working hours and the
 *   sum of those hours (numeric, exact), so the mean over any set of agencies is the live one.
 * Both reference the month's `kpi_month_snapshots` row: deleting it (the way to reissue a month) deletes them too,
 * and the next run of the job takes all of the month again. `kpi_month_snapshots.report_figures` says the month's
 * snapshot has them: a month taken before this migration has not, and its report is computed live.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table kpi_month_snapshots add column report_figures boolean not null default false`.execute(
    db,
  );
  await sql`
    create table month_report_agencies (
      month date not null references kpi_month_snapshots (month) on delete cascade,
      agency_id uuid not null references agencies (id),
      received_counter integer not null,
      received_online integer not null,
      received_postal integer not null,
      resolved integer not null,
      early integer not null,
      on_time integer not null,
      late integer not null,
      digitised integer not null,
      primary key (month, agency_id)
    )`.execute(db);
  await sql`
    create table month_report_procedures (
      month date not null references kpi_month_snapshots (month) on delete cascade,
      agency_id uuid not null references agencies (id),
      procedure_id uuid not null references procedures (id),
      resolved integer not null,
      working_hours numeric not null,
      primary key (month, agency_id, procedure_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table month_report_procedures`.execute(db);
  await sql`drop table month_report_agencies`.execute(db);
  await sql`alter table kpi_month_snapshots drop column report_figures`.execute(db);
}
