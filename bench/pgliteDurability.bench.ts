/**
 * What durability costs the embedded database (issue #20): committed write transactions per second on PGlite in a
 * folder on disk, with fsync (the default, PGLITE_DURABILITY=fsync: each commit's WAL is fsynced before it is
 * acknowledged) and relaxed (PGlite's own behaviour: no fsync at all), in the same run, on the same disk, rounds
 * alternated so a busy machine penalises both alike. Each write is one transaction of two inserts (a row and its
 * event, the shape of a dossier command).
 *
 * Run: npm run bench pgliteDurability   (BENCH_PGLITE_SECONDS per round, default 5; BENCH_PGLITE_ROUNDS, default 3;
 * BENCH_PGLITE_DIR, the folder to test, default the system's temporary folder)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { connectDatabase } from "../src/db/connection.ts";
import type { PgliteDurability } from "../src/db/durablePglite.mjs";

const SECONDS = Number(process.env.BENCH_PGLITE_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_PGLITE_ROUNDS ?? 3);
const BASE = process.env.BENCH_PGLITE_DIR ?? tmpdir();

async function writesPerSecond(durability: PgliteDurability): Promise<{ perSecond: number; p99Ms: number }> {
  const folder = mkdtempSync(join(BASE, `onestop-bench-pglite-${durability}-`));
  const handle = await connectDatabase({ pgliteDataDir: join(folder, "db"), pgliteDurability: durability });
  try {
    await sql`create table bench_rows (id serial primary key, payload text not null)`.execute(handle.db);
    await sql`create table bench_events (id serial primary key, row_id int not null, at timestamptz not null default now())`.execute(
      handle.db,
    );
    const latencies: number[] = [];
    const until = performance.now() + SECONDS * 1000;
    while (performance.now() < until) {
      const started = performance.now();
      await handle.db.transaction().execute(async (trx) => {
        const row = await sql<{
          id: number;
        }>`insert into bench_rows (payload) values (${"hồ sơ".repeat(20)}) returning id`.execute(trx);
        await sql`insert into bench_events (row_id) values (${row.rows[0]?.id})`.execute(trx);
      });
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    return {
      perSecond: latencies.length / SECONDS,
      p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    };
  } finally {
    await handle.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

export default async function main(): Promise<void> {
  const results: Record<PgliteDurability, { perSecond: number; p99Ms: number }[]> = {
    fsync: [],
    relaxed: [],
  };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mode of round % 2 === 1 ? (["fsync", "relaxed"] as const) : (["relaxed", "fsync"] as const)) {
      const result = await writesPerSecond(mode);
      results[mode].push(result);
      console.log(
        `round ${round} ${mode.padEnd(7)}: ${result.perSecond.toFixed(0)} writes/s, p99 ${result.p99Ms.toFixed(1)} ms`,
      );
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const durable = median(results.fsync.map((r) => r.perSecond));
  const relaxed = median(results.relaxed.map((r) => r.perSecond));
  console.log(
    `PGlite in ${BASE}: durable (fsync) ${durable.toFixed(0)} writes/s, relaxed ${relaxed.toFixed(0)} writes/s ` +
      `(median of ${ROUNDS} rounds of ${SECONDS} s): durability costs ${(100 * (1 - durable / relaxed)).toFixed(0)}% ` +
      `of the write rate`,
  );
}
