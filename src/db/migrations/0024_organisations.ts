import { type Kysely, sql } from "kysely";

/**
 * Organisations and who may act for them online (issue #14, R-ACC-1):
 * - `organisations`: tax code (mã số doanh nghiệp), name, address, and the organisation's account in OneStop, which
 *   owns its dossiers ("when authorized, the authorizer's account is the dossier's account", R-ACC-1);
 * - `organisation_representatives`: the legal representatives the national e-ID vouches for, by personal ID number
 *   (a citizen account is linked to them by the same number); `ended_at` when the e-ID no longer names them;
 * - `organisation_mandates`: authorisations (ủy quyền) a representative gives a person for a period and a scope,
 *   revoked by setting `revoked_at` (never deleted: dossiers name the mandate they were filed under);
 * - `organisation_sessions`: which organisation a signed-in person is acting for in this session.
 * Civil dates are `YYYY-MM-DD` text (the province's dates; a `date` column would come back as a JS Date at UTC
 * midnight). Plain PostgreSQL accepted by PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organisations (
      id uuid primary key default gen_random_uuid(),
      tax_code text not null unique check (tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
      name text not null,
      address text,
      account_user_id uuid not null unique references users (id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);

  await sql`
    create table organisation_representatives (
      organisation_id uuid not null references organisations (id),
      id_number text not null check (id_number ~ '^[0-9]{12}$'),
      full_name text not null,
      recorded_at timestamptz not null,
      ended_at timestamptz,
      primary key (organisation_id, id_number)
    )`.execute(db);
  await sql`create index organisation_representatives_person_idx on organisation_representatives (id_number)`.execute(
    db,
  );

  await sql`
    create table organisation_mandates (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations (id),
      holder_id_number text not null check (holder_id_number ~ '^[0-9]{12}$'),
      holder_name text not null,
      valid_from text not null check (valid_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      valid_until text not null check (valid_until ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' and valid_until >= valid_from),
      scope_kind text not null check (scope_kind in ('all', 'procedures')),
      procedure_codes jsonb not null default '[]',
      granted_by_user_id uuid not null references users (id),
      granted_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by_user_id uuid references users (id)
    )`.execute(db);
  await sql`create index organisation_mandates_holder_idx on organisation_mandates (holder_id_number)`.execute(
    db,
  );
  await sql`create index organisation_mandates_org_idx on organisation_mandates (organisation_id, granted_at)`.execute(
    db,
  );

  await sql`
    create table organisation_sessions (
      session_id uuid primary key references sessions (id) on delete cascade,
      organisation_id uuid not null references organisations (id),
      -- null: acting as a legal representative
      mandate_id uuid references organisation_mandates (id),
      chosen_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists organisation_sessions`.execute(db);
  await sql`drop table if exists organisation_mandates`.execute(db);
  await sql`drop table if exists organisation_representatives`.execute(db);
  await sql`drop table if exists organisations`.execute(db);
}
