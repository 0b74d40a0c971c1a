import { type Kysely, sql } from "kysely";

/**
 * One delivery mechanism for what leaves OneStop (DESIGN §3) and the national-portal sync built on it (issue #13,
 * R-SYNC-1…5).
 *
 * `outbound_deliveries` is the generic queue: one row per message to an external system (`destination`), unique by
 * its idempotency key, claimed with FOR UPDATE SKIP LOCKED and a lease, retried with exponential backoff, dead after
 * the destination's policy gives up. Rows sharing an `ordering_key` (a dossier) are delivered strictly in `sequence`
 * order: only the lowest undelivered one of a key may be claimed.
 *
 * `dvcqg_sync_states` is each dossier's sync state (R-SYNC-5: "keep a per-dossier sync state and an error queue"):
 * what was last enqueued (to send a dossier record only when a synced field changed), delivered, failed.
 * `dvcqg_reconciliations` keeps the daily comparison of counts with DVCQG's statistics.
 *
 * History before this migration counts as already synchronised (issue #13: the seeded demo history is never pushed):
 * its outbox rows are marked consumed by the sync, its dossiers `baseline`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table outbound_deliveries (
      id bigint generated always as identity primary key,
      destination text not null,
      idempotency_key text not null unique,
      -- deliveries with the same key go out in sequence order (a dossier's packets)
      ordering_key text,
      sequence bigint not null default 0,
      dossier_id uuid references dossiers (id),
      agency_id uuid references agencies (id),
      payload jsonb not null,
      status text not null check (status in ('pending', 'sent', 'dead')),
      attempts integer not null default 0,
      rejections integer not null default 0,
      available_at timestamptz not null,
      locked_until timestamptz,
      lease_token uuid,
      last_error text,
      last_status integer,
      first_failed_at timestamptz,
      created_at timestamptz not null,
      sent_at timestamptz,
      dead_at timestamptz
    )`.execute(db);
  await sql`create index outbound_deliveries_due_idx on outbound_deliveries (destination, available_at) where status = 'pending'`.execute(
    db,
  );
  await sql`create index outbound_deliveries_order_idx on outbound_deliveries (ordering_key, sequence) where status <> 'sent'`.execute(
    db,
  );
  await sql`create index outbound_deliveries_dossier_idx on outbound_deliveries (dossier_id, sequence)`.execute(
    db,
  );
  await sql`create index outbound_deliveries_dead_idx on outbound_deliveries (destination, agency_id, dead_at) where status = 'dead'`.execute(
    db,
  );

  await sql`
    create table dvcqg_sync_states (
      dossier_id uuid primary key references dossiers (id),
      agency_id uuid not null references agencies (id),
      state text not null check (state in ('baseline', 'pending', 'synced', 'failed')),
      -- the last DongBoHoSoMC record enqueued: a new one is sent only when a synced field changed
      last_record jsonb,
      last_event_sequence integer not null default 0,
      last_enqueued_at timestamptz,
      last_delivered_at timestamptz,
      oldest_pending_at timestamptz,
      last_error text,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index dvcqg_sync_states_state_idx on dvcqg_sync_states (agency_id, state)`.execute(db);

  await sql`
    create table dvcqg_reconciliations (
      id uuid primary key default gen_random_uuid(),
      ran_at timestamptz not null,
      from_day date not null,
      to_day date not null,
      ours_total integer not null,
      theirs_total integer,
      differences jsonb not null,
      error text
    )`.execute(db);
  await sql`create index dvcqg_reconciliations_ran_idx on dvcqg_reconciliations (ran_at desc)`.execute(db);

  await sql`
    insert into outbox_consumptions (consumer, outbox_id, processed_at)
    select 'dvcqg', id, now() from outbox where topic = 'dossier.event'
    on conflict do nothing`.execute(db);
  await sql`
    insert into dvcqg_sync_states (dossier_id, agency_id, state, last_event_sequence, updated_at)
    select id, agency_id, 'baseline', version, now() from dossiers
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from outbox_consumptions where consumer = 'dvcqg'`.execute(db);
  for (const table of ["dvcqg_reconciliations", "dvcqg_sync_states", "outbound_deliveries"])
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
}
