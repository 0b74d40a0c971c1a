import { type Kysely, sql } from "kysely";

/**
 * The national portal's inbound half (issue #13, R-LAW-4, R-SYNC-6). Plain PostgreSQL accepted by PostgreSQL 15 and
 * PGlite.
 * - `national_inbound_messages`: every message DVCQG sends about a dossier (supplement answer, withdrawal request,
 *   payment confirmation, rating), kept by its message id so a replay records nothing twice; the answer given the
 *   first time is replayed as is.
 * - `national_payment_confirmations`: fees paid on the national payment platform, unique by transaction id (R-FEE-6).
 * - `national_file_transfers`: each file of a dossier received from DVCQG, fetched by a job into the file store with
 *   its checksum checked: pending (chờ tải) → fetched (đã tải) or failed (lỗi) after the last retry. Claimed with a
 *   lease (`locked_until`, `lease_token`) so several processes never fetch the same file at once.
 * - `catalog_pulls`, `catalog_changes`, `catalog_duties`: each pull of the national procedure database, what it
 *   changed per procedure (added, changed fields before/after, withdrawn, restored), and the 5-working-day duty each
 *   change starts for every agency offering the procedure (R-CAT-1), closed by an administrator.
 * - `procedures.withdrawn_at`: a procedure the national base withdrew is flagged, never deleted; it takes no new
 *   dossier.
 * - Ratings may come from the national portal (channel `national_portal`, no local account, R-EVAL-1).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table procedures add column withdrawn_at timestamptz`.execute(db);

  await sql`
    create table national_inbound_messages (
      message_id text primary key check (char_length(message_id) between 1 and 100),
      kind text not null check (kind in ('supplement', 'withdrawal', 'payment', 'rating')),
      dossier_id uuid not null references dossiers (id),
      request_hash text not null,
      received_at timestamptz not null,
      response jsonb not null
    )`.execute(db);
  await sql`create index national_inbound_messages_dossier_idx on national_inbound_messages (dossier_id)`.execute(
    db,
  );

  await sql`
    create table national_payment_confirmations (
      transaction_id text primary key check (char_length(transaction_id) between 1 and 100),
      dossier_id uuid not null references dossiers (id),
      amount_vnd bigint not null check (amount_vnd >= 0),
      paid_at timestamptz not null,
      recorded_at timestamptz not null,
      message_id text not null
    )`.execute(db);

  await sql`
    create table national_file_transfers (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      purpose text not null check (purpose in ('component', 'supplement')),
      national_file_id text,
      component_code text,
      file_name text not null,
      url text not null,
      expected_sha256 text check (expected_sha256 ~ '^[0-9a-f]{64}$'),
      state text not null default 'pending' check (state in ('pending', 'fetched', 'failed')),
      attempts integer not null default 0,
      available_at timestamptz not null,
      locked_until timestamptz,
      lease_token uuid,
      last_error text,
      dossier_file_id uuid references dossier_files (id),
      created_at timestamptz not null,
      fetched_at timestamptz
    )`.execute(db);
  await sql`create index national_file_transfers_dossier_idx on national_file_transfers (dossier_id, created_at)`.execute(
    db,
  );
  await sql`create index national_file_transfers_due_idx on national_file_transfers (available_at) where state = 'pending'`.execute(
    db,
  );

  await sql`
    create table catalog_pulls (
      id uuid primary key default gen_random_uuid(),
      source_url text not null,
      started_at timestamptz not null,
      finished_at timestamptz,
      outcome text not null check (outcome in ('succeeded', 'failed')),
      received integer not null default 0,
      added integer not null default 0,
      changed integer not null default 0,
      withdrawn integer not null default 0,
      restored integer not null default 0,
      rejected jsonb not null default '[]',
      error text
    )`.execute(db);
  await sql`create index catalog_pulls_started_idx on catalog_pulls (started_at desc)`.execute(db);

  await sql`
    create table catalog_changes (
      id uuid primary key default gen_random_uuid(),
      pull_id uuid not null references catalog_pulls (id),
      procedure_id uuid not null references procedures (id),
      procedure_code text not null,
      procedure_name text not null,
      kind text not null check (kind in ('added', 'changed', 'withdrawn', 'restored')),
      changed_fields jsonb not null default '[]',
      detected_at timestamptz not null
    )`.execute(db);
  await sql`create index catalog_changes_pull_idx on catalog_changes (pull_id)`.execute(db);

  await sql`
    create table catalog_duties (
      id uuid primary key default gen_random_uuid(),
      change_id uuid not null references catalog_changes (id),
      -- null: the province's duty (a new procedure no agency offers yet), the system administrator's
      agency_id uuid references agencies (id),
      created_at timestamptz not null,
      due_at timestamptz not null,
      closed_at timestamptz,
      closed_by uuid references users (id),
      note text
    )`.execute(db);
  await sql`create index catalog_duties_open_idx on catalog_duties (agency_id, due_at) where closed_at is null`.execute(
    db,
  );

  await sql`alter table evaluation_ratings drop constraint evaluation_ratings_channel_check`.execute(db);
  await sql`alter table evaluation_ratings add constraint evaluation_ratings_channel_check
    check (channel in ('portal', 'kiosk', 'national_portal'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from evaluation_ratings where channel = 'national_portal'`.execute(db);
  await sql`alter table evaluation_ratings drop constraint evaluation_ratings_channel_check`.execute(db);
  await sql`alter table evaluation_ratings add constraint evaluation_ratings_channel_check
    check (channel in ('portal', 'kiosk'))`.execute(db);
  for (const table of [
    "catalog_duties",
    "catalog_changes",
    "catalog_pulls",
    "national_file_transfers",
    "national_payment_confirmations",
    "national_inbound_messages",
  ])
    await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`alter table procedures drop column withdrawn_at`.execute(db);
}
