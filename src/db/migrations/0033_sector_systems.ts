import { type Kysely, sql } from "kysely";

/**
 * Sector systems (issue #18, R-STATUS-4): the civil-status, land and business-registration software that handles some
 * dossiers itself and reports their statuses to the province. Plain PostgreSQL accepted by PostgreSQL 15 and PGlite.
 * - `sector_systems`: each system registered by the system administrator: its code, name, the sha256 of its API key
 *   (the key itself is shown once), its HMAC secret sealed at rest, and which procedures and agencies it may report.
 * - `sector_reports`: every report received, keyed by (system, report id) so a replay writes nothing twice and gets
 *   the first answer back; refused calls are kept too (the console's "last calls").
 * - `sector_dossiers`: the progress a system reported for one of its dossiers (steps, appointment, result date),
 *   with the time of its last report so an older report arriving late is refused.
 * - `dossiers.sector_system_id`: the origin mark. Such a dossier is handled by that system, never in OneStop's
 *   workflows; it still appears in lookup, dashboards, statistics and the national sync.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sector_systems (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[a-z0-9][a-z0-9_-]{1,39}$'),
      name text not null check (char_length(name) between 1 and 200),
      kind text not null check (kind in ('civil_status', 'land', 'business_registration', 'other')),
      api_key_sha256 text not null unique check (api_key_sha256 ~ '^[0-9a-f]{64}$'),
      api_key_hint text not null,
      hmac_secret_sealed text not null,
      procedure_codes jsonb not null default '[]',
      agency_ids jsonb not null default '[]',
      enabled boolean not null default true,
      created_at timestamptz not null,
      created_by uuid references users (id),
      disabled_at timestamptz,
      last_call_at timestamptz
    )`.execute(db);

  await sql`
    create table sector_reports (
      id uuid primary key default gen_random_uuid(),
      system_id uuid not null references sector_systems (id),
      report_id text check (char_length(report_id) between 1 and 100),
      dossier_code text,
      dossier_id uuid references dossiers (id),
      request_hash text,
      received_at timestamptz not null,
      http_status integer not null,
      outcome_code text not null,
      response jsonb not null
    )`.execute(db);
  // Only answered reports (2xx) hold their id: a refused report may be sent again, corrected, with the same id.
  await sql`create unique index sector_reports_replay_idx on sector_reports (system_id, report_id)
    where http_status < 300`.execute(db);
  await sql`create index sector_reports_recent_idx on sector_reports (system_id, received_at desc)`.execute(
    db,
  );

  await sql`
    create table sector_dossiers (
      dossier_id uuid primary key references dossiers (id),
      system_id uuid not null references sector_systems (id),
      progress jsonb not null,
      reported_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);

  await sql`alter table dossiers add column sector_system_id uuid references sector_systems (id)`.execute(db);
  await sql`create index dossiers_sector_system_idx on dossiers (sector_system_id) where sector_system_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table dossiers drop column sector_system_id`.execute(db);
  for (const table of ["sector_dossiers", "sector_reports", "sector_systems"])
    await sql`drop table ${sql.table(table)}`.execute(db);
}
