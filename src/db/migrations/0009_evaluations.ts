import { type Kysely, sql } from "kysely";

/**
 * Evaluation of procedure handling (R-EVAL-1…3, issue #8).
 *
 * - `evaluation_ratings`: one rating per dossier (the unique key makes a second one conflict, also when two
 *   requests race), on the portal by the applicant or at a counter kiosk; the answered per-dossier indices as a
 *   JSON object of 0–2 points and the optional overall satisfaction. The dossier's agency and the rating time are
 *   copied in for the period aggregation by agency, which has its own index.
 * - `evaluation_kiosk_sessions`: a counter officer opens the kiosk screen for one dossier; the applicant's rating on
 *   that screen consumes it once, before it expires.
 * - An index on `dossiers.finished_at` for the 766 index (results issued in a period).
 * - `evaluation_band_settings`: the classification bands (R-EVAL-3, local practice) for the province (`scope` =
 *   'province') or one agency (`scope` = the agency id).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table evaluation_ratings (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null unique references dossiers (id),
      agency_id uuid not null references agencies (id),
      procedure_id uuid not null references procedures (id),
      points jsonb not null,
      satisfaction text check (satisfaction in ('satisfied', 'neutral', 'dissatisfied')),
      channel text not null check (channel in ('portal', 'kiosk')),
      rated_by_user_id uuid references users (id),
      kiosk_officer_id uuid references users (id),
      rated_at timestamptz not null,
      check ((channel = 'portal') = (rated_by_user_id is not null)),
      check ((channel = 'kiosk') = (kiosk_officer_id is not null))
    )`.execute(db);
  await sql`create index evaluation_ratings_agency_idx on evaluation_ratings (agency_id, rated_at)`.execute(
    db,
  );
  await sql`create index evaluation_ratings_at_idx on evaluation_ratings (rated_at)`.execute(db);

  await sql`
    create table evaluation_kiosk_sessions (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      opened_by uuid not null references users (id),
      opened_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index evaluation_kiosk_sessions_dossier_idx on evaluation_kiosk_sessions (dossier_id)`.execute(
    db,
  );

  // The 766 indicator 4.1 reads the dossiers whose result was issued in a period (NgayKetThucXuLy).
  await sql`
    create index dossiers_finished_idx on dossiers (finished_at) include (deciding_agency_id, status)
      where finished_at is not null`.execute(db);

  await sql`
    create table evaluation_band_settings (
      scope text primary key,
      bands jsonb not null,
      updated_at timestamptz not null,
      updated_by uuid references users (id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists evaluation_band_settings`.execute(db);
  await sql`drop index if exists dossiers_finished_idx`.execute(db);
  await sql`drop table if exists evaluation_kiosk_sessions`.execute(db);
  await sql`drop table if exists evaluation_ratings`.execute(db);
}
