import { type Kysely, sql } from "kysely";

/**
 * The deadline watch (issue #4, R-RECV-1 "escalates before it passes", R-LATE-1): what was already marked on each
 * dossier, so the job never marks the same threshold twice. `{ "reception": { "level": "dueSoon", "dueAt": "…" },
 * "processing": { "level": "overdue", "dueAt": "…" } }` — a mark holds for the deadline it was made for; when the
 * deadline moves (supplement completed, extension, R-SUPP-3 / R-LATE-2) the new one is watched afresh. Tasks and
 * consultations already carry a `watch` column (0003).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table dossiers add column deadline_watch jsonb not null default '{}'`.execute(db);
  // The watch walks open tasks and unanswered consultations by due date.
  await sql`create index tasks_watch_idx on tasks (due_at) where status = 'open' and due_at is not null`.execute(
    db,
  );
  await sql`create index consultations_watch_idx on consultations (due_at) where answered_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists consultations_watch_idx`.execute(db);
  await sql`drop index if exists tasks_watch_idx`.execute(db);
  await sql`alter table dossiers drop column if exists deadline_watch`.execute(db);
}
