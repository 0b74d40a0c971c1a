import { type Kysely, sql } from "kysely";

/**
 * Configurable, versioned workflows (issue #6, R-CAT-4, R-PROC-1…5).
 * - `workflow_versions`: every published definition of an offering (procedure × agency), immutable once written;
 *   the version number grows per offering.
 * - `workflow_drafts`: the one draft an administrator is editing per offering, not yet in force.
 * - `dossiers.workflow_version_id`: the version a dossier started with (pinned at transfer), so republishing never
 *   changes a dossier in progress.
 * - `workflow_timer_firings`: one row per task and timer that fired; its primary key makes a timer fire once even when
 *   several processes run the job at the same time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table workflow_versions (
      id uuid primary key default gen_random_uuid(),
      offering_id uuid not null references procedure_offerings (id) on delete cascade,
      version integer not null check (version > 0),
      definition jsonb not null,
      published_at timestamptz not null,
      published_by uuid references users (id),
      unique (offering_id, version)
    )`.execute(db);
  await sql`
    create table workflow_drafts (
      offering_id uuid primary key references procedure_offerings (id) on delete cascade,
      definition jsonb not null,
      updated_at timestamptz not null,
      updated_by uuid references users (id)
    )`.execute(db);
  await sql`alter table dossiers add column workflow_version_id uuid references workflow_versions (id)`.execute(
    db,
  );
  await sql`
    create table workflow_timer_firings (
      task_id uuid not null references tasks (id) on delete cascade,
      timer_key text not null,
      fired_at timestamptz not null,
      primary key (task_id, timer_key)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists workflow_timer_firings`.execute(db);
  await sql`alter table dossiers drop column if exists workflow_version_id`.execute(db);
  await sql`drop table if exists workflow_drafts`.execute(db);
  await sql`drop table if exists workflow_versions`.execute(db);
}
