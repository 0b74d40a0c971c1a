import { type Kysely, sql } from "kysely";

/**
 * The foundation schema (issue #2 §4): agencies and their units, users and role grants, the procedure catalog
 * (R-CAT-1, R-CODE-4/5), procedure offerings per agency, and the working calendar as data (R-CAL-3/4).
 * Plain PostgreSQL accepted by both PostgreSQL 15 and PGlite (PostgreSQL 18).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Trigram indexes rank the diacritic-folded catalog search (the folding itself happens in TypeScript so both
  // databases fold identically).
  await sql`create extension if not exists pg_trgm`.execute(db);

  await sql`
    create table agencies (
      id uuid primary key default gen_random_uuid(),
      -- R-CODE-3: opaque identifier (legacy QCVN 102 form or the newer one), max 40, no white space
      code text not null unique check (char_length(code) between 1 and 40 and code !~ '\\s'),
      name text not null check (char_length(name) > 0),
      short_name text,
      level text not null check (level in ('province', 'department', 'commune', 'other')),
      parent_id uuid references agencies (id),
      -- whose counter receives this agency's dossiers (R-XFER-3); null = its own counter
      received_at_agency_id uuid references agencies (id),
      address text,
      phone text,
      email text,
      website text,
      hotline text,
      -- R-CAL-4: daily working intervals [{start:"07:00",end:"11:30"},…]; null = the province default
      working_intervals jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index agencies_parent_idx on agencies (parent_id)`.execute(db);

  await sql`
    create table units (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references agencies (id),
      code text not null check (char_length(code) between 1 and 40),
      name text not null,
      kind text not null check (kind in ('counter', 'professional', 'leadership', 'other')),
      created_at timestamptz not null default now(),
      unique (agency_id, code)
    )`.execute(db);

  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      kind text not null check (kind in ('officer', 'citizen', 'organisation')),
      full_name text not null,
      email text,
      phone text,
      -- R-ACC-1: the national e-ID login later matches on these
      identification_number text,
      organisation_tax_code text,
      identity_level smallint check (identity_level in (1, 2)),
      password_hash text,
      must_change_password boolean not null default true,
      is_active boolean not null default true,
      failed_login_count integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index users_username_key on users (lower(username))`.execute(db);
  await sql`create index users_identification_idx on users (identification_number)`.execute(db);

  await sql`
    create table role_grants (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      role text not null check (role in ('citizen', 'organisation_representative', 'counter_officer', 'specialist',
        'unit_head', 'agency_leader', 'agency_admin', 'service_center_monitor', 'system_admin')),
      agency_id uuid references agencies (id),
      unit_id uuid references units (id),
      granted_at timestamptz not null default now(),
      granted_by uuid references users (id)
    )`.execute(db);
  await sql`create unique index role_grants_key on role_grants
    (user_id, role, coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid),
     coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid))`.execute(db);

  await sql`
    create table sectors (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null
    )`.execute(db);
  await sql`
    create table fields (
      id uuid primary key default gen_random_uuid(),
      sector_id uuid not null references sectors (id),
      code text not null unique,
      name text not null
    )`.execute(db);
  await sql`create index fields_sector_idx on fields (sector_id)`.execute(db);

  await sql`
    create table procedures (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[0-9]\\.[0-9]{6}$'),
      name text not null check (char_length(name) > 0),
      field_id uuid not null references fields (id),
      levels text[] not null default '{}',
      deciding_agency text not null default '',
      steps jsonb not null default '[]',
      methods jsonb not null default '[]',
      time_limit_amount numeric(8, 2),
      time_limit_unit text check (time_limit_unit in ('wh', 'wd', 'd')),
      time_limit_text text not null default '',
      subjects text[] not null default '{}',
      subject_kinds text[] not null default '{}',
      result text not null default '',
      conditions text not null default '',
      legal_basis jsonb not null default '[]',
      reception_channels text[] not null default '{}',
      online_level text not null default 'none' check (online_level in ('full', 'partial', 'none')),
      -- lower-case, diacritic-folded name, code, field and sector: what the catalog search matches
      search_text text not null,
      source text not null default 'national' check (source in ('national', 'local')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index procedures_search_trgm on procedures using gin (search_text gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index procedures_field_idx on procedures (field_id)`.execute(db);

  await sql`
    create table procedure_components (
      id uuid primary key default gen_random_uuid(),
      procedure_id uuid not null references procedures (id) on delete cascade,
      position integer not null,
      code text,
      name text not null,
      original_count integer not null default 0,
      copy_count integer not null default 0,
      required boolean not null default true,
      form_template text,
      unique (procedure_id, position)
    )`.execute(db);

  await sql`
    create table procedure_fees (
      id uuid primary key default gen_random_uuid(),
      procedure_id uuid not null references procedures (id) on delete cascade,
      position integer not null,
      code text,
      name text not null,
      amount_vnd bigint not null check (amount_vnd >= 0),
      description text not null default '',
      unique (procedure_id, position)
    )`.execute(db);

  await sql`
    create table procedure_offerings (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references agencies (id),
      procedure_id uuid not null references procedures (id),
      enabled boolean not null default true,
      online_level text not null check (online_level in ('full', 'partial', 'none')),
      channels text[] not null default '{counter}',
      -- null: the procedure's legal time applies
      time_limit_amount numeric(8, 2),
      time_limit_unit text check (time_limit_unit in ('wh', 'wd', 'd')),
      form_schema jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (agency_id, procedure_id)
    )`.execute(db);
  await sql`create index procedure_offerings_procedure_idx on procedure_offerings (procedure_id)`.execute(db);

  // R-CAL-3: the calendar is data. A year listed in calendar_years was set by an administrator from the yearly
  // Government notice and replaces the computed defaults (R-CAL-8); its days are in calendar_days.
  await sql`
    create table calendar_years (
      year integer primary key check (year between 1900 and 2199),
      note text not null default '',
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table calendar_days (
      date date primary key,
      year integer not null references calendar_years (year) on delete cascade,
      kind text not null check (kind in ('holiday', 'makeup')),
      name text not null,
      check (extract(year from date) = year)
    )`.execute(db);

  await sql`
    create table settings (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "settings",
    "calendar_days",
    "calendar_years",
    "procedure_offerings",
    "procedure_fees",
    "procedure_components",
    "procedures",
    "fields",
    "sectors",
    "role_grants",
    "users",
    "units",
    "agencies",
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
