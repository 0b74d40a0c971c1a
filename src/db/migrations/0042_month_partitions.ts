import { type Kysely, sql } from "kysely";
import { ensureMonthPartitions } from "../monthPartitions.ts";

/**
 * `dossier_events` and `outbox` partitioned by month (issue #21): events by their time `at`, outbox rows by
 * `created_at`, each with a DEFAULT partition so an insert never fails (src/db/monthPartitions.ts; the job
 * `runPartitionMaintenance` creates the coming months ahead and applies the outbox's retention). Existing rows are
 * copied into the new tables, which then take the old names. Accepted by PostgreSQL 15 and PGlite.
 *
 * What partitioning changes, and why integrity still holds:
 * - A primary key or unique constraint of a partitioned table must contain the partition key. So
 *   - `dossier_events`' key becomes (dossier_id, sequence, at). (dossier_id, sequence) stays unique because every
 *     writer takes the next sequence from the dossier row's `version` under an optimistic check
 *     (`update dossiers set version = … where version = expected`) in the transaction that appends the events
 *     (dossierStore, deadlineWatch, workflowTimers, dossierNoteEvent): two writers cannot both get a sequence, and
 *     no statement uses `on conflict` on the events.
 *   - `outbox`' key becomes (id, created_at); `id` stays unique because it comes from one sequence (an identity
 *     column is not allowed on a partitioned table in PostgreSQL 15, so a plain sequence default replaces it).
 * - A foreign key must reference a unique key of the referenced table, so `outbox_consumptions.outbox_id` and
 *   `notifications.outbox_id` can no longer reference `outbox (id)` and those two foreign keys are dropped. Integrity
 *   holds by construction: both are written only with an id just read from the outbox in the same transaction
 *   (unhandledOutboxIds → handleEvent of each consumer, and markHistorySynchronised / fanOutEvents select their ids
 *   from the outbox), and outbox rows are deleted only by the retention, which deletes their consumption rows in the
 *   same statement. A notification keeps its `outbox_id` after the retention as the trace of the event it came from
 *   (nothing joins on it to deliver it).
 * - Reads by dossier (the event log of one dossier) probe every partition's key index; reads by period (statistics,
 *   the 766 index, the outbox's pending index) touch only their months.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table outbox_consumptions drop constraint if exists outbox_consumptions_outbox_id_fkey`.execute(
    db,
  );
  await sql`alter table notifications drop constraint if exists notifications_outbox_id_fkey`.execute(db);

  await sql`alter table dossier_events rename to dossier_events_unpartitioned`.execute(db);
  await sql`alter index dossier_events_at_idx rename to dossier_events_unpartitioned_at_idx`.execute(db);
  await sql`
    alter table dossier_events_unpartitioned rename constraint dossier_events_pkey to dossier_events_unpartitioned_pkey`.execute(
    db,
  );
  await sql`
    create table dossier_events (
      dossier_id uuid not null references dossiers (id),
      sequence integer not null,
      agency_id uuid not null references agencies (id),
      type text not null,
      at timestamptz not null,
      actor_user_id uuid references users (id),
      actor_role text not null,
      from_status smallint,
      to_status smallint not null,
      step text,
      payload jsonb not null default '{}',
      recorded_at timestamptz not null default now(),
      primary key (dossier_id, sequence, at)
    ) partition by range (at)`.execute(db);
  await sql`create table dossier_events_default partition of dossier_events default`.execute(db);
  await sql`create index dossier_events_at_idx on dossier_events (agency_id, at)`.execute(db);

  await sql`alter table outbox rename to outbox_unpartitioned`.execute(db);
  await sql`alter index outbox_pending_idx rename to outbox_unpartitioned_pending_idx`.execute(db);
  await sql`alter table outbox_unpartitioned rename constraint outbox_pkey to outbox_unpartitioned_pkey`.execute(
    db,
  );
  await sql`create sequence outbox_id_sequence`.execute(db);
  await sql`
    create table outbox (
      id bigint not null default nextval('outbox_id_sequence'),
      topic text not null,
      dossier_id uuid references dossiers (id),
      event_sequence integer,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      available_at timestamptz not null default now(),
      attempts integer not null default 0,
      locked_until timestamptz,
      processed_at timestamptz,
      last_error text,
      primary key (id, created_at)
    ) partition by range (created_at)`.execute(db);
  await sql`alter sequence outbox_id_sequence owned by outbox.id`.execute(db);
  await sql`create table outbox_default partition of outbox default`.execute(db);
  await sql`create index outbox_pending_idx on outbox (topic, available_at) where processed_at is null`.execute(
    db,
  );

  // The months the existing rows span, and the coming three, before the copy (so nothing lands in DEFAULT).
  const now = new Date();
  const ahead = new Date(now.getTime() + 100 * 86_400_000);
  for (const [table, column, old] of [
    ["dossier_events", "at", "dossier_events_unpartitioned"],
    ["outbox", "created_at", "outbox_unpartitioned"],
  ] as const) {
    const span = await sql<{ first: Date | null; last: Date | null }>`
      select min(${sql.ref(column)}) as first, max(${sql.ref(column)}) as last from ${sql.raw(old)}`.execute(
      db,
    );
    const first = span.rows[0]?.first ?? now;
    const last = span.rows[0]?.last && span.rows[0].last > ahead ? span.rows[0].last : ahead;
    await ensureMonthPartitions(db, table, first < now ? first : now, last);
  }
  await sql`insert into dossier_events select * from dossier_events_unpartitioned`.execute(db);
  await sql`
    insert into outbox (id, topic, dossier_id, event_sequence, payload, created_at, available_at, attempts,
      locked_until, processed_at, last_error)
    select id, topic, dossier_id, event_sequence, payload, created_at, available_at, attempts, locked_until,
      processed_at, last_error from outbox_unpartitioned`.execute(db);
  await sql`select setval('outbox_id_sequence', coalesce((select max(id) from outbox_unpartitioned), 0) + 1, false)`.execute(
    db,
  );
  await sql`drop table dossier_events_unpartitioned`.execute(db);
  await sql`drop table outbox_unpartitioned`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("0042_month_partitions cannot be undone: restore a backup taken before it");
}
