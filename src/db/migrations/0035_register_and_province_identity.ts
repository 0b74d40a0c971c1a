import { type Kysely, sql } from "kysely";

/**
 * The electronic Sổ theo dõi hồ sơ (R-FORM-6, issue #19 "Printed documents") and the province's identity.
 *
 * - `register_counters`: per receiving agency and province-local year, the book (quyển số) and the last entry number
 *   given. The row is incremented in the reception transaction, so numbers are gap-free and never shared.
 * - `register_entries`: one entry per received dossier (R-RECV-4, R-RECV-5: every dossier received is entered), with
 *   its book and number; (agency, year, number) is unique.
 * - `province_identity_images`: the logo and banner an administrator uploaded, by content address in the file store.
 *
 * Dossiers received before this migration are entered now, in order of reception, so the register has no hole.
 * Plain PostgreSQL accepted by PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table register_counters (
      agency_id uuid not null references agencies (id),
      year integer not null,
      book integer not null default 1 check (book >= 1),
      last_number integer not null check (last_number >= 0),
      primary key (agency_id, year)
    )`.execute(db);
  await sql`
    create table register_entries (
      dossier_id uuid primary key references dossiers (id),
      agency_id uuid not null references agencies (id),
      year integer not null,
      book integer not null,
      number integer not null check (number >= 1),
      entered_at timestamptz not null,
      unique (agency_id, year, number)
    )`.execute(db);
  await sql`
    insert into register_entries (dossier_id, agency_id, year, book, number, entered_at)
    select id, agency_id, year, 1,
      row_number() over (partition by agency_id, year order by received_at, code)::integer,
      received_at
    from (
      select id, agency_id, code, received_at,
        extract(year from (received_at at time zone 'UTC') + interval '7 hours')::integer as year
      from dossiers where received_at is not null
    ) received`.execute(db);
  await sql`
    insert into register_counters (agency_id, year, book, last_number)
    select agency_id, year, 1, max(number) from register_entries group by agency_id, year`.execute(db);
  await sql`
    create table province_identity_images (
      kind text primary key check (kind in ('logo', 'banner')),
      storage_key text not null,
      sha256 text not null,
      media_type text not null check (media_type in ('image/png', 'image/jpeg', 'image/svg+xml')),
      size_bytes integer not null check (size_bytes > 0),
      file_name text not null,
      updated_at timestamptz not null,
      updated_by uuid references users (id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists province_identity_images`.execute(db);
  await sql`drop table if exists register_entries`.execute(db);
  await sql`drop table if exists register_counters`.execute(db);
}
