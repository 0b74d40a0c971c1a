import { type Kysely, sql } from "kysely";

/**
 * Monthly partitions of the append-only tables (issue #21, migration 0042): `dossier_events` by the event's time
 * `at`, `outbox` by `created_at`. A month is the province's calendar month (Asia/Ho_Chi_Minh, UTC+7 all year), like
 * every report, so a month's 766 figures and statistics read one partition of events. Each table also has a DEFAULT
 * partition, so an insert never fails for want of a partition (an event dated far back or ahead lands there).
 */
export const MONTH_PARTITIONED = { dossier_events: "at", outbox: "created_at" } as const;
export type MonthPartitionedTable = keyof typeof MONTH_PARTITIONED;

const OFFSET_MS = 7 * 3_600_000;

/** Start (inclusive, Hà Nội midnight of the 1st) of the month containing `at`, shifted by `months`. */
export function monthStart(at: Date, months = 0): Date {
  const shifted = new Date(at.getTime() + OFFSET_MS);
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth() + months, 1) - OFFSET_MS);
}

export function partitionName(table: MonthPartitionedTable, start: Date): string {
  const shifted = new Date(start.getTime() + OFFSET_MS);
  return `${table}_p${shifted.getUTCFullYear()}${String(shifted.getUTCMonth() + 1).padStart(2, "0")}`;
}

/**
 * Makes sure every month from the one containing `from` to the one containing `to` has its partition. Safe with
 * several processes at once: an advisory lock per table serialises the creators, and a month that exists is skipped.
 * Rows already in the DEFAULT partition for a month being created (an event recorded with a date beyond the
 * partitions made so far) are moved into it in the same transaction: the DEFAULT partition is detached, the month
 * created and filled, and the DEFAULT attached again, so no row is ever outside a partition that accepts it.
 * Returns the partitions created.
 */
export async function ensureMonthPartitions<DB>(
  db: Kysely<DB>,
  table: MonthPartitionedTable,
  from: Date,
  to: Date,
): Promise<string[]> {
  const column = MONTH_PARTITIONED[table];
  const created: string[] = [];
  for (let start = monthStart(from); start <= to; start = monthStart(start, 1)) {
    const name = partitionName(table, start);
    if (await relationExists(db, name)) continue;
    const end = monthStart(start, 1);
    const create = async (trx: Kysely<DB>) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`month-partitions:${table}`}))`.execute(trx);
      if (await relationExists(trx, name)) return false;
      const bounds = sql`for values from (${sql.lit(start.toISOString())}) to (${sql.lit(end.toISOString())})`;
      const fallback = sql.raw(`${table}_default`);
      const stray = await sql`
        select 1 from ${fallback} where ${sql.ref(column)} >= ${start} and ${sql.ref(column)} < ${end} limit 1`.execute(
        trx,
      );
      if (stray.rows.length === 0) {
        await sql`create table ${sql.raw(name)} partition of ${sql.raw(table)} ${bounds}`.execute(trx);
        return true;
      }
      await sql`alter table ${sql.raw(table)} detach partition ${fallback}`.execute(trx);
      await sql`create table ${sql.raw(name)} partition of ${sql.raw(table)} ${bounds}`.execute(trx);
      await sql`
        insert into ${sql.raw(name)} select * from ${fallback}
        where ${sql.ref(column)} >= ${start} and ${sql.ref(column)} < ${end}`.execute(trx);
      await sql`delete from ${fallback} where ${sql.ref(column)} >= ${start} and ${sql.ref(column)} < ${end}`.execute(
        trx,
      );
      await sql`alter table ${sql.raw(table)} attach partition ${fallback} default`.execute(trx);
      return true;
    };
    // Inside a migration (already a transaction) it runs in that transaction.
    const made = db.isTransaction ? await create(db) : await db.transaction().execute(create);
    if (made) created.push(name);
  }
  return created;
}

/** The month partitions of a table (not the DEFAULT one), oldest first, with their start. */
export async function listMonthPartitions<DB>(
  db: Kysely<DB>,
  table: MonthPartitionedTable,
): Promise<{ name: string; start: Date; end: Date }[]> {
  const rows = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    join pg_class p on p.oid = i.inhparent
    where p.relname = ${table} and c.relname like ${`${table}_p%`}
    order by c.relname`.execute(db);
  return rows.rows.flatMap((row) => {
    const match = /_p(\d{4})(\d{2})$/.exec(row.name);
    if (!match) return [];
    const start = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1) - OFFSET_MS);
    return [{ name: row.name, start, end: monthStart(start, 1) }];
  });
}

/**
 * Whether a table of that name exists in the current schema, as committed now. A query on pg_class, not
 * `to_regclass`: after waiting on an advisory lock the backend's catalog caches may not have seen another process's
 * CREATE yet (an advisory lock processes no invalidation), while the statement's snapshot has.
 */
export async function relationExists<DB>(db: Kysely<DB>, name: string): Promise<boolean> {
  const found = await sql`
    select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relname = ${name} and n.nspname = current_schema()`.execute(db);
  return found.rows.length > 0;
}
