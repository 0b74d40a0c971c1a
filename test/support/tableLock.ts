import { type Kysely, sql } from "kysely";
import type { Database } from "../../src/db/schema.ts";

/**
 * PostgreSQL only: another transaction holds `table` in share mode, so a writer of that table waits until
 * `release()`; `done` settles when the holder has committed. For tests that one transaction stuck on a write
 * does not hold anything else (issue #21: the code counter taken last, R-CODE-1).
 */
export async function holdTableLock(
  db: Kysely<Database>,
  table: string,
): Promise<{ release: () => void; done: Promise<void> }> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const done = db.transaction().execute(async (trx) => {
    await sql`lock table ${sql.table(table)} in share mode`.execute(trx);
    locked();
    await released;
  });
  await Promise.race([isLocked, done]);
  return { release, done };
}

/** Waits (at most 10 s) until a statement starting with `prefix` waits for a lock in this database. */
export async function untilBlocked(db: Kysely<Database>, prefix: string, what: string): Promise<void> {
  for (let waited = 0; ; waited += 20) {
    const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and starts_with(query, ${prefix})`.execute(
      db,
    );
    if (waiting.rows[0]!.n > 0) return;
    if (waited > 10_000) throw new Error(`${what} never waited for the lock`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `work`, or a failure named `what` if it takes more than 10 s (it queued behind the held lock). */
export function within10s<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(what)), 10_000)),
  ]);
}
