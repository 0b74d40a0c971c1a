import { type Kysely, sql } from "kysely";

/**
 * Readiness writes here (issue #20): `/health/ready` upserts one row per probe so that a database which answers
 * `select 1` but cannot write (disk full, read-only after a failover) is reported unavailable. Plain PostgreSQL
 * accepted by PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table health_probe (
      id smallint primary key check (id = 1),
      checked_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists health_probe`.execute(db);
}
