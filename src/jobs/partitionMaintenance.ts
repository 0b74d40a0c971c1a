import { type Kysely, sql } from "kysely";
import {
  ensureMonthPartitions,
  listMonthPartitions,
  monthStart,
  relationExists,
} from "../db/monthPartitions.ts";
import type { Database } from "../db/schema.ts";
import { EVENTS_CONSUMER } from "../services/events/fanOutEvents.ts";
import { NOTIFICATION_CONSUMER } from "../services/notifications/fanOut.ts";
import { DVCQG_CONSUMER } from "../services/sync/fanOutSync.ts";

/** The consumers of dossier-event outbox rows (DESIGN §3); each records what it handled in outbox_consumptions. */
const OUTBOX_CONSUMERS = [NOTIFICATION_CONSUMER, EVENTS_CONSUMER, DVCQG_CONSUMER] as const;
/** Months created ahead of the current one. */
const MONTHS_AHEAD = 3;
const DELETE_BATCH = 10_000;

export interface PartitionMaintenanceCounts {
  created: string[];
  deletedOutboxRows: number;
  droppedPartitions: string[];
}

/**
 * The month partitions' upkeep (issue #21, migration 0042), safe with several processes at once:
 * - the current month and the next three of `dossier_events` and `outbox` exist (monthPartitions.ts: advisory lock
 *   per table, an existing month skipped), so inserts land in their month and not in the DEFAULT partition;
 * - retention of the outbox: a row older than `outboxRetentionDays` is deleted once it is delivered — a dossier
 *   event handled by every consumer in use (one that has recorded anything in outbox_consumptions: a consumer never
 *   run, such as the national sync of a province without it, does not hold rows back), any other topic once
 *   `processed_at` is set — with its consumption rows in the same statement. Deleting the delivered rows rather than
 *   dropping a month whole keeps a row some consumer has not handled yet (a sync down for weeks); a month partition
 *   entirely older than the retention is dropped once it is empty, so the table does not keep empty months. The
 *   events themselves are never deleted: `dossier_events` is the dossier's history (archived with it).
 */
export async function runPartitionMaintenance(
  db: Kysely<Database>,
  now: Date,
  options: { outboxRetentionDays: number },
): Promise<PartitionMaintenanceCounts> {
  const ahead = monthStart(now, MONTHS_AHEAD);
  const created = [
    ...(await ensureMonthPartitions(db, "dossier_events", now, ahead)),
    ...(await ensureMonthPartitions(db, "outbox", now, ahead)),
  ];
  const cutoff = new Date(now.getTime() - options.outboxRetentionDays * 86_400_000);
  const inUse: string[] = [];
  for (const consumer of OUTBOX_CONSUMERS) {
    const used = await sql`select 1 from outbox_consumptions where consumer = ${consumer} limit 1`.execute(
      db,
    );
    if (used.rows.length > 0) inUse.push(consumer);
  }
  let deletedOutboxRows = 0;
  for (;;) {
    const result = await sql<{ n: number }>`
      with doomed as (
        select o.id, o.created_at from outbox o
        where o.created_at < ${cutoff}
          and (o.processed_at is not null or (o.topic = 'dossier.event' and not exists (
            select 1 from unnest(${inUse}::text[]) as c (consumer)
            where not exists (
              select 1 from outbox_consumptions k where k.consumer = c.consumer and k.outbox_id = o.id))))
        limit ${DELETE_BATCH}
      ), gone as (
        delete from outbox o using doomed d where o.id = d.id and o.created_at = d.created_at returning o.id
      ), consumed as (
        delete from outbox_consumptions k using gone g where k.outbox_id = g.id
      )
      select count(*)::int as n from gone`.execute(db);
    const deleted = Number(result.rows[0]?.n ?? 0);
    deletedOutboxRows += deleted;
    if (deleted < DELETE_BATCH) break;
  }
  const droppedPartitions: string[] = [];
  for (const partition of await listMonthPartitions(db, "outbox")) {
    if (partition.end > cutoff) continue;
    const dropped = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('month-partitions:outbox'))`.execute(trx);
      if (!(await relationExists<Database>(trx, partition.name))) return false;
      const left = await sql`select 1 from ${sql.raw(partition.name)} limit 1`.execute(trx);
      if (left.rows.length > 0) return false;
      await sql`drop table ${sql.raw(partition.name)}`.execute(trx);
      return true;
    });
    if (dropped) droppedPartitions.push(partition.name);
  }
  return { created, deletedOutboxRows, droppedPartitions };
}
