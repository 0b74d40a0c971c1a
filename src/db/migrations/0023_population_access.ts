import { type Kysely, sql } from "kysely";

/**
 * The national population database (issue #14, R-SUB-1; 004_… Đ20): every query OneStop made (who asked, for which
 * citizen, for which dossier, why, and whether the database answered), which the citizen reads and the police count
 * per agency and month; and, per dossier, which form values were checked against the database at submission.
 * Plain PostgreSQL accepted by PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table population_access_log (
      id uuid primary key default gen_random_uuid(),
      at timestamptz not null,
      actor_user_id uuid not null references users (id),
      -- the agency the officer asked for; null when the citizen's own form asked
      agency_id uuid references agencies (id),
      -- whose data (số định danh cá nhân)
      citizen_id_number text not null check (citizen_id_number ~ '^[0-9]{12}$'),
      dossier_id uuid references dossiers (id),
      purpose text not null check (purpose in ('prefill', 'submission_check', 'officer_check')),
      purpose_note text,
      query text not null check (query in ('lookup', 'verify')),
      outcome text not null check (outcome in ('answered', 'not_found', 'unavailable'))
    )`.execute(db);
  await sql`create index population_access_log_citizen_idx on population_access_log (citizen_id_number, at desc)`.execute(
    db,
  );
  await sql`create index population_access_log_at_idx on population_access_log (at, agency_id)`.execute(db);

  await sql`
    create table population_field_checks (
      dossier_id uuid not null references dossiers (id),
      -- the form value's path (dotted for a group's field)
      path text not null,
      -- the source the form declared, e.g. population.fullName
      source text not null,
      status text not null check (status in ('verified', 'mismatch', 'unverified')),
      checked_at timestamptz not null,
      primary key (dossier_id, path)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table population_field_checks`.execute(db);
  await sql`drop table population_access_log`.execute(db);
}
