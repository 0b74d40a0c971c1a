import { type Kysely, sql } from "kysely";

/**
 * Issue #21 "More than one process". Rate-limit counters shared by every process of one database (issue #21 "More than one process"): one row per key
 * (route class or route, and client) and fixed window, counted by an upsert (`insert … on conflict do update set
 * count = count + 1 returning count`). UNLOGGED: a counter is worth nothing after a crash (PostgreSQL empties the
 * table then, which only forgives the current minute), and skipping the WAL keeps the per-request write cheap. Old
 * windows are deleted by the store itself (src/http/rateLimit/postgresCounterStore.ts). Read and written with raw
 * SQL by that store only, so it has no Kysely table type.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unlogged table rate_limit_counters (
      key text not null,
      window_start timestamptz not null,
      count integer not null,
      primary key (key, window_start)
    )`.execute(db);
  await sql`create index rate_limit_counters_window_start on rate_limit_counters (window_start)`.execute(db);
  // Job leases (issue #21, src/jobs/jobLease.ts): the jobs that are not safe by their own rows (reconciliations,
  // resending, the archive check, the feedback sync) run in one process at a time, whoever holds the lease.
  await sql`
    create table job_leases (
      name text primary key,
      holder text not null,
      lease_until timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists job_leases`.execute(db);
  await sql`drop table if exists rate_limit_counters`.execute(db);
}
