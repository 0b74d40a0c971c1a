import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";

/** This process's name in `job_leases` (one per process, so a lease taken by a process is released by it only). */
const HOLDER = `${process.pid}-${randomUUID()}`;

/**
 * Runs `run` only if no other process is running the job `name` (issue #21 "More than one process"): a lease row in
 * `job_leases` (migration 0038) taken by an upsert that succeeds only when the previous lease has ended, released when
 * the run ends. A process that dies mid-run leaves its lease until `leaseMs` passes, then another one takes over.
 * Used by the jobs that are not safe by their own rows (a reconciliation asked twice, an order resent twice while the
 * first send is in flight); the others claim their rows with unique keys or SKIP LOCKED (see src/jobs/scheduler.ts).
 * No connection is held during the run, so it works the same on PGlite (one process, the lease always free) and on a
 * PostgreSQL pool. Returns whether the run happened. A lease has ended at its `lease_until` (`<=`): a release sets it
 * to the clock, and PGlite's clock counts in milliseconds, so a lease released and asked for again within the same
 * millisecond must be free.
 */
export async function runWithJobLease(
  db: Kysely<Database>,
  name: string,
  leaseMs: number,
  run: () => Promise<void>,
): Promise<boolean> {
  const { rows } = await sql<{ holder: string }>`
    insert into job_leases (name, holder, lease_until)
    values (${name}, ${HOLDER}, clock_timestamp() + ${`${leaseMs} milliseconds`}::interval)
    on conflict (name) do update set holder = excluded.holder, lease_until = excluded.lease_until
      where job_leases.lease_until <= clock_timestamp()
    returning holder`.execute(db);
  if (rows.length === 0) return false;
  try {
    await run();
  } finally {
    await sql`update job_leases set lease_until = clock_timestamp() where name = ${name} and holder = ${HOLDER}`
      .execute(db)
      .catch(() => {});
  }
  return true;
}
