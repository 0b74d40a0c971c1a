import { type Kysely, sql } from "kysely";

/**
 * The applicant's DataStore (R-KHO-1, issue #16) and electronic archiving (R-ARC-1, R-ARC-2).
 *
 * - `data_store_documents`: each account's stored results and received components, with the document type, the
 *   component code, validity dates and the dossier it came from. Bytes stay in the file store (content-addressed):
 *   a reuse points a dossier file at the same key, nothing is copied.
 * - `data_store_reuses`: which dossier file took which stored document (the sync's DuocTaiSuDung/MaKetQuaThayThe).
 * - `data_store_access_log`: every read of a stored document, by whom, through which dossier; the owner reads it.
 * - `archive_retention`: an administrator's retention per procedure (years; null = permanent).
 * - `archive_packages`: one BagIt package per closed dossier, its checksum, its last integrity check.
 * - `archive_batches`: a hand-over to the agency archive (a month of packages) with its record.
 * - `archive_holds`: legal holds; `archive_disposal_lists` and their items: disposal only by an approved list.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table data_store_documents (
      id uuid primary key default gen_random_uuid(),
      owner_user_id uuid not null references users (id),
      source text not null check (source in ('result', 'component')),
      document_type text not null,
      name text not null,
      component_code text,
      procedure_code text not null,
      source_dossier_id uuid not null references dossiers (id),
      source_dossier_code text not null,
      source_file_id uuid not null references dossier_files (id),
      verification_code text,
      storage_key text not null,
      sha256 text not null,
      file_name text not null,
      media_type text not null,
      size_bytes integer not null,
      valid_from timestamptz not null,
      valid_until timestamptz,
      added_at timestamptz not null,
      revoked_at timestamptz,
      unique (source_file_id)
    )`.execute(db);
  await sql`create index data_store_documents_owner on data_store_documents (owner_user_id, document_type)`.execute(
    db,
  );
  await sql`
    create table data_store_reuses (
      dossier_file_id uuid primary key references dossier_files (id),
      dossier_id uuid not null references dossiers (id),
      document_id uuid not null references data_store_documents (id),
      reused_at timestamptz not null
    )`.execute(db);
  await sql`create index data_store_reuses_document on data_store_reuses (document_id)`.execute(db);
  await sql`
    create table data_store_access_log (
      id bigint generated always as identity primary key,
      document_id uuid not null references data_store_documents (id),
      owner_user_id uuid not null references users (id),
      at timestamptz not null,
      actor_user_id uuid references users (id),
      actor_name text not null,
      actor_kind text not null check (actor_kind in ('owner', 'officer', 'system')),
      action text not null check (action in ('stored', 'downloaded', 'reused', 'viewed', 'revoked')),
      dossier_id uuid references dossiers (id),
      dossier_code text
    )`.execute(db);
  await sql`create index data_store_access_log_owner on data_store_access_log (owner_user_id, at desc)`.execute(
    db,
  );

  await sql`
    create table archive_retention (
      procedure_id uuid primary key references procedures (id) on delete cascade,
      years integer check (years is null or years between 1 and 200),
      updated_by uuid not null references users (id),
      updated_at timestamptz not null
    )`.execute(db);
  await sql`
    create table archive_batches (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references agencies (id),
      month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      status text not null check (status in ('prepared', 'handed_over')),
      prepared_by uuid not null references users (id),
      prepared_at timestamptz not null,
      handed_over_by uuid references users (id),
      handed_over_at timestamptz,
      received_by text,
      record jsonb not null,
      unique (agency_id, month)
    )`.execute(db);
  await sql`
    create table archive_packages (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null unique references dossiers (id),
      dossier_code text not null,
      agency_id uuid not null references agencies (id),
      procedure_id uuid not null references procedures (id),
      closed_at timestamptz not null,
      storage_key text not null,
      sha256 text not null,
      size_bytes integer not null,
      payload_files integer not null,
      retention_years integer,
      dispose_after timestamptz,
      created_at timestamptz not null,
      batch_id uuid references archive_batches (id),
      status text not null default 'packaged' check (status in ('packaged', 'handed_over', 'disposed')),
      disposed_at timestamptz,
      checked_at timestamptz,
      check_ok boolean,
      check_problems jsonb
    )`.execute(db);
  await sql`create index archive_packages_agency_closed on archive_packages (agency_id, closed_at)`.execute(
    db,
  );
  await sql`
    create table archive_holds (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      reason text not null,
      placed_by uuid not null references users (id),
      placed_at timestamptz not null,
      released_by uuid references users (id),
      released_at timestamptz
    )`.execute(db);
  await sql`create index archive_holds_dossier on archive_holds (dossier_id) where released_at is null`.execute(
    db,
  );
  await sql`
    create table archive_disposal_lists (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references agencies (id),
      status text not null check (status in ('proposed', 'approved', 'executed')),
      proposed_by uuid not null references users (id),
      proposed_at timestamptz not null,
      approved_by uuid references users (id),
      approved_at timestamptz,
      decision_ref text,
      executed_at timestamptz
    )`.execute(db);
  await sql`
    create table archive_disposal_items (
      list_id uuid not null references archive_disposal_lists (id),
      package_id uuid not null references archive_packages (id),
      outcome text check (outcome in ('disposed', 'held')),
      primary key (list_id, package_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "archive_disposal_items",
    "archive_disposal_lists",
    "archive_holds",
    "archive_packages",
    "archive_batches",
    "archive_retention",
    "data_store_access_log",
    "data_store_reuses",
    "data_store_documents",
  ])
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
}
