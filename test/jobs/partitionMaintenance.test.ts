import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { ensureMonthPartitions, monthStart, partitionName } from "../../src/db/monthPartitions.ts";
import { runPartitionMaintenance } from "../../src/jobs/partitionMaintenance.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

/**
 * Issue #21 item 7: `dossier_events` and `outbox` partitioned by month (migration 0042), the coming months created
 * ahead, a DEFAULT partition so no insert fails, and the retention of delivered outbox rows.
 */
let handle: DatabaseHandle;
const now = new Date();

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
});
afterAll(async () => handle?.close());

const partitionOf = async (table: string, where: ReturnType<typeof sql>) =>
  (
    await sql<{
      part: string;
    }>`select tableoid::regclass::text as part from ${sql.raw(table)} where ${where}`.execute(handle.db)
  ).rows.map((row) => row.part);

async function outboxRow(createdAt: Date): Promise<number> {
  const row = await sql<{ id: string }>`
    insert into outbox (topic, payload, created_at) values ('dossier.event', '{}', ${createdAt}) returning id`.execute(
    handle.db,
  );
  return Number(row.rows[0]!.id);
}

describe("month partitions of dossier_events and outbox (issue #21)", () => {
  it("both tables are partitioned by range, with a DEFAULT partition and the current month and three ahead", async () => {
    const parents = await sql<{ name: string }>`
      select c.relname as name from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
      where c.relname in ('dossier_events', 'outbox') order by 1`.execute(handle.db);
    expect(parents.rows.map((row) => row.name)).toEqual(["dossier_events", "outbox"]);
    const counts = await runPartitionMaintenance(handle.db, now, { outboxRetentionDays: 90 });
    expect(counts.droppedPartitions).toEqual([]);
    for (const table of ["dossier_events", "outbox"] as const)
      for (let month = 0; month <= 3; month++) {
        const name = partitionName(table, monthStart(now, month));
        const found = await sql<{ name: string | null }>`select to_regclass(${name})::text as name`.execute(
          handle.db,
        );
        expect(found.rows[0]?.name, name).toBe(name);
      }
    expect(loadConfig({}).outboxRetentionDays).toBe(90);
    expect(loadConfig({ OUTBOX_RETENTION_DAYS: "30" }).outboxRetentionDays).toBe(30);
  });

  it("a row beyond the partitions lands in DEFAULT and moves into its month when that month is created", async () => {
    const far = monthStart(now, 30);
    const id = await outboxRow(new Date(far.getTime() + 86_400_000));
    expect(await partitionOf("outbox", sql`id = ${id}`)).toEqual(["outbox_default"]);
    const created = await ensureMonthPartitions(handle.db, "outbox", far, far);
    expect(created).toEqual([partitionName("outbox", far)]);
    expect(await partitionOf("outbox", sql`id = ${id}`)).toEqual([partitionName("outbox", far)]);
    // Twice at once: one creates, the other finds it.
    const next = monthStart(now, 31);
    const both = await Promise.all([
      ensureMonthPartitions(handle.db, "outbox", next, next),
      ensureMonthPartitions(handle.db, "outbox", next, next),
    ]);
    expect(both.flat()).toEqual([partitionName("outbox", next)]);
    await sql`delete from outbox where id = ${id}`.execute(handle.db);
  });

  it("retention: delivered rows older than the setting go with their consumptions, then their empty month", async () => {
    const old = monthStart(now, -6);
    await ensureMonthPartitions(handle.db, "outbox", old, old);
    const delivered = await outboxRow(new Date(old.getTime() + 3_600_000));
    const pending = await outboxRow(new Date(old.getTime() + 7_200_000));
    const recent = await outboxRow(new Date(now.getTime() - 86_400_000));
    // Two consumers in use; the first row handled by both, the second by one only, the recent one by both.
    for (const [consumer, id] of [
      ["notifications", delivered],
      ["events", delivered],
      ["notifications", pending],
      ["notifications", recent],
      ["events", recent],
    ] as const)
      await sql`insert into outbox_consumptions (consumer, outbox_id, processed_at) values (${consumer}, ${id}, ${now})`.execute(
        handle.db,
      );
    const first = await runPartitionMaintenance(handle.db, now, { outboxRetentionDays: 90 });
    expect(first.deletedOutboxRows).toBe(1);
    expect(first.droppedPartitions).toEqual([]);
    const left = await sql<{
      id: string;
    }>`select id from outbox where id in (${delivered}, ${pending}, ${recent}) order by id`.execute(
      handle.db,
    );
    expect(left.rows.map((row) => Number(row.id))).toEqual([pending, recent]);
    const consumptions = await sql`select 1 from outbox_consumptions where outbox_id = ${delivered}`.execute(
      handle.db,
    );
    expect(consumptions.rows).toHaveLength(0);
    // The late consumer catches up: the row goes, and its month, now empty and past the retention, is dropped.
    await sql`insert into outbox_consumptions (consumer, outbox_id, processed_at) values ('events', ${pending}, ${now})`.execute(
      handle.db,
    );
    const second = await runPartitionMaintenance(handle.db, now, { outboxRetentionDays: 90 });
    expect(second.deletedOutboxRows).toBe(1);
    expect(second.droppedPartitions).toEqual([partitionName("outbox", old)]);
    expect((await sql`select 1 from outbox where id = ${recent}`.execute(handle.db)).rows).toHaveLength(1);
    // Inserts still work after the drop (the DEFAULT takes a row dated in the dropped month).
    const late = await outboxRow(new Date(old.getTime() + 3_600_000));
    expect(await partitionOf("outbox", sql`id = ${late}`)).toEqual(["outbox_default"]);
  });

  it("dossier events are keyed by (dossier, sequence, at): the partition key is part of the primary key", async () => {
    const keys = await sql<{ def: string }>`
      select pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = 'dossier_events'::regclass and contype = 'p'`.execute(handle.db);
    expect(keys.rows[0]?.def).toBe("PRIMARY KEY (dossier_id, sequence, at)");
  });
});
