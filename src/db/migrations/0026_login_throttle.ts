import { type Kysely, sql } from "kysely";

/**
 * Login throttling (issue #20 "Account lockout as a weapon"): wrong passwords counted per account, per address and
 * per account from one address, in the database so that every process of a province sees the same counts. A key
 * is the account name as typed (known or not, so the answer never tells which names exist) or the client address.
 * Plain PostgreSQL accepted by PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table login_throttle (
      key text primary key,
      failures integer not null check (failures >= 0),
      last_failure_at timestamptz not null,
      blocked_until timestamptz
    )`.execute(db);
  // The clean-up of forgotten counts reads by age.
  await sql`create index login_throttle_last_failure on login_throttle (last_failure_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists login_throttle`.execute(db);
}
