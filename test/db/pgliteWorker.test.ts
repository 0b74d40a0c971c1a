import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { serialize } from "pg-protocol/dist/serializer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type DatabaseHandle, pglitePool } from "../../src/db/connection.ts";
import { isDatabaseUnavailable } from "../../src/db/databaseErrors.ts";
import { startPgliteWorker } from "../../src/db/pgliteWorker.ts";
import type { Database } from "../../src/db/schema.ts";

/**
 * Issue #21: the embedded database runs in a worker thread, so a long statement never stops the event loop that
 * serves requests, and everything PGlite did on the main thread still works through it.
 */
describe("the embedded database in its worker thread (issue #21)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await connectDatabase({ pgliteDataDir: "memory://" });
    await sql`create table items (id int primary key, label text not null)`.execute(handle.db);
  });
  afterAll(async () => handle.close());

  it("the event loop keeps turning while a long statement runs", async () => {
    let ticks = 0;
    let running = true;
    const spin = () => {
      if (!running) return;
      ticks += 1;
      setImmediate(spin);
    };
    setImmediate(spin);
    const order: string[] = [];
    // 3·10⁶ rows: seconds on a busy machine already (3·10⁷ spills the series to disk and takes close to a minute).
    const statement = sql<{ n: number }>`select count(*) as n from generate_series(1, 3e6)`.execute(
      handle.db,
    );
    setTimeout(() => order.push("timer"), 1);
    const { rows } = await statement;
    order.push("answer");
    running = false;
    expect(rows[0]?.n).toBe(3_000_000);
    // On the main thread the statement held the loop from start to end: no tick, and the 1 ms timer after the answer.
    expect(ticks).toBeGreaterThan(0);
    expect(order).toEqual(["timer", "answer"]);
  });

  it("errors stay PostgreSQL's: a DatabaseError with its SQLSTATE code, and the session goes on", async () => {
    await sql`insert into items values (1, 'một')`.execute(handle.db);
    const duplicate = await sql`insert into items values (1, 'hai')`
      .execute(handle.db)
      .catch((error) => error);
    expect(duplicate).toBeInstanceOf(pg.DatabaseError);
    expect(duplicate).toMatchObject({ code: "23505", constraint: "items_pkey", table: "items" });
    const syntax = await sql`selec 1`.execute(handle.db).catch((error) => error);
    expect(syntax).toMatchObject({ code: "42601" });
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    const { rows } = await sql<{ label: string }>`select label from items where id = 1`.execute(handle.db);
    expect(rows).toEqual([{ label: "một" }]);
  });

  it("a statement's Parse, Bind, Describe and Execute wait for its Sync and go in one trip, answered in order", async () => {
    const pglite = await startPgliteWorker({ dataDir: "memory://", durability: "relaxed" });
    try {
      // Each message serialized just before it is handed over, as `pg` does (the serializer reuses its buffer).
      const held = [
        () => serialize.parse({ text: "select $1::int + 1 as n", types: [] }),
        () => serialize.bind({ values: ["41"] }),
        () => serialize.describe({ type: "P" }),
        () => serialize.execute({}),
      ];
      for (const bytes of held) expect(await pglite.execProtocolStream(bytes())).toEqual([]);
      const answer = await pglite.execProtocolStream(serialize.sync());
      expect(answer.map((message) => message.name)).toEqual([
        "parseComplete",
        "bindComplete",
        "rowDescription",
        "dataRow",
        "commandComplete",
        "readyForQuery",
      ]);
      // An error in the run: the backend skips to the Sync itself, and the session goes on.
      await pglite.execProtocolStream(serialize.parse({ text: "select 1 / $1::int", types: [] }));
      await pglite.execProtocolStream(serialize.bind({ values: ["0"] }));
      await pglite.execProtocolStream(serialize.execute({}));
      const failed = await pglite.execProtocolStream(serialize.sync());
      // Planned at Bind with its value, the division fails there: nothing more until the Sync's ReadyForQuery.
      expect(failed.map((message) => message.name)).toEqual(["parseComplete", "error", "readyForQuery"]);
      expect(failed[1]).toMatchObject({ code: "22012" });
      const simple = await pglite.execProtocolStream(serialize.query("select 2 as n"));
      expect(simple.map((message) => message.name)).toContain("dataRow");
    } finally {
      await pglite.close();
    }
  });

  it("transactions still serialize: one session, the second starts when the first has committed", async () => {
    const events: string[] = [];
    const run = (name: string) =>
      handle.db.transaction().execute(async (trx) => {
        events.push(`${name} begin`);
        await sql`insert into items values (${name === "A" ? 10 : 11}, ${name})`.execute(trx);
        await new Promise((resolve) => setTimeout(resolve, 20));
        await sql`select count(*) from generate_series(1, 1e5)`.execute(trx);
        events.push(`${name} commit`);
      });
    await Promise.all([run("A"), run("B")]);
    expect(events).toEqual(["A begin", "A commit", "B begin", "B commit"]);
  });

  it("a dump loads back into a new database with the same rows (backup, the tests' snapshots)", async () => {
    await sql`insert into items values (2, 'hồ sơ')`.execute(handle.db);
    const dump = await handle.dumpDataDir?.();
    expect(dump?.size).toBeGreaterThan(0);
    const copy = await connectDatabase({
      pgliteDataDir: "memory://",
      ...(dump ? { pgliteLoadDataDir: dump } : {}),
    });
    try {
      const { rows } = await sql<{ label: string }>`select label from items where id = 2`.execute(copy.db);
      expect(rows).toEqual([{ label: "hồ sơ" }]);
      // The extensions load in the worker too (catalog search uses pg_trgm).
      await sql`create extension if not exists pg_trgm`.execute(copy.db);
      const similar = await sql<{ s: number }>`select similarity('thủ tục', 'thủ tục') as s`.execute(copy.db);
      expect(similar.rows[0]?.s).toBe(1);
    } finally {
      await copy.close();
    }
  });

  it("a durable folder still fsyncs its commits, and the count is readable from this thread (issue #20)", async () => {
    const folder = mkdtempSync(join(tmpdir(), "onestop-pglite-worker-"));
    const durable = await connectDatabase({ pgliteDataDir: join(folder, "db") });
    try {
      await sql`create table t (x int)`.execute(durable.db);
      const before = (await durable.fsyncCount?.()) ?? 0;
      for (let i = 0; i < 5; i++) await sql`insert into t values (${i})`.execute(durable.db);
      expect(((await durable.fsyncCount?.()) ?? 0) - before).toBeGreaterThanOrEqual(5);
    } finally {
      await durable.close();
    }
    // Closed, the folder opens again with its rows (and its lock was released).
    const reopened = await connectDatabase({
      pgliteDataDir: join(folder, "db"),
      pgliteDurability: "relaxed",
    });
    try {
      const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(reopened.db);
      expect(rows[0]?.n).toBe(5);
      expect(await reopened.fsyncCount?.()).toBe(0);
    } finally {
      await reopened.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("if the thread dies, queries fail at once with a connection error (503), in flight and after", async () => {
    const pglite = await startPgliteWorker({ dataDir: "memory://", durability: "fsync" });
    const reported: Error[] = [];
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: pglitePool(pglite, (error) => reported.push(error)) }),
    });
    try {
      expect((await sql<{ x: number }>`select 1 as x`.execute(db)).rows).toEqual([{ x: 1 }]);
      const inFlight = sql`select count(*) from generate_series(1, 3e6)`.execute(db).catch((error) => error);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await pglite.kill();
      const failed = await inFlight;
      expect(isDatabaseUnavailable(failed)).toBe(true);
      expect(failed).toMatchObject({ code: "08006" });
      const after = await sql`select 1`.execute(db).catch((error) => error);
      expect(isDatabaseUnavailable(after)).toBe(true);
      // Reported to the listener instead of an unhandled "error" event that would have ended the process.
      expect(reported.length).toBeGreaterThan(0);
    } finally {
      await db.destroy();
    }
  });
});
