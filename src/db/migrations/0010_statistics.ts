import { type Kysely, sql } from "kysely";

/**
 * Statistics and reports (issue #8).
 *
 * - Each dossier carries its R-KPI-4 classification as projected columns, computed by `classifyTimeliness` itself
 *   (src/services/statistics/projectTimeliness.ts) whenever the dossier changed: the period figures then aggregate
 *   with plain SQL instead of replaying every dossier's history, and they equal the TypeScript rule by
 *   construction. `timeliness_pending` marks a dossier whose state changed since it was last classified (the
 *   dossier store sets it on every write; rows existing before this migration start pending).
 * - Covering indexes for the period queries (received in a period, processing ended in a period) and the
 *   per-officer workload (steps completed in a period).
 * - The monthly published list of late agencies and officers (R-LATE-4): one row per month, written once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table dossiers
      add column timeliness_pending boolean not null default true,
      add column timeliness_verdict text
        check (timeliness_verdict in ('early', 'onTime', 'late', 'notApplicable')),
      add column timeliness_end_at timestamptz,
      add column timeliness_working_hours double precision`.execute(db);
  await sql`create index dossiers_timeliness_pending_idx on dossiers (id) where timeliness_pending`.execute(
    db,
  );
  // Processing ended in a period, by agency and verdict: an index-only scan for the monthly report.
  await sql`
    create index dossiers_timeliness_end_idx on dossiers (timeliness_end_at)
      include (deciding_agency_id, timeliness_verdict, procedure_id, timeliness_working_hours)
      where timeliness_end_at is not null`.execute(db);
  // Received in a period, by agency and channel.
  await sql`
    create index dossiers_received_idx on dossiers (received_at)
      include (deciding_agency_id, channel) where received_at is not null`.execute(db);
  // Live counts and drill-down of the dossiers still open, per agency.
  await sql`
    create index dossiers_open_deciding_idx on dossiers (deciding_agency_id, due_at)
      where status in (1, 2, 4, 5, 6, 7)`.execute(db);
  await sql`
    create index tasks_completed_idx on tasks (completed_at) include (assignee_id, agency_id, due_at)
      where status = 'done'`.execute(db);
  await sql`create index tasks_open_assignee_idx on tasks (assignee_id) where status = 'open'`.execute(db);

  // R-LATE-4: the list published for one month, with who was on it and the figures that put them there. The month
  // is the key: a second publication (another process, a retried job, the CLI) inserts nothing.
  await sql`
    create table late_list_publications (
      month date primary key check (extract(day from month) = 1),
      published_at timestamptz not null,
      agencies jsonb not null,
      officers jsonb not null,
      published_by text not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists late_list_publications`.execute(db);
  await sql`drop index if exists tasks_open_assignee_idx`.execute(db);
  await sql`drop index if exists tasks_completed_idx`.execute(db);
  await sql`drop index if exists dossiers_open_deciding_idx`.execute(db);
  await sql`drop index if exists dossiers_received_idx`.execute(db);
  await sql`drop index if exists dossiers_timeliness_end_idx`.execute(db);
  await sql`drop index if exists dossiers_timeliness_pending_idx`.execute(db);
  await sql`
    alter table dossiers
      drop column timeliness_pending,
      drop column timeliness_verdict,
      drop column timeliness_end_at,
      drop column timeliness_working_hours`.execute(db);
}
