import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { BackendMessage, DataRowMessage } from "pg-protocol/dist/messages.js";
import { serialize } from "pg-protocol/dist/serializer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type DatabaseHandle, pglitePool } from "../../src/db/connection.ts";
import { isDatabaseUnavailable } from "../../src/db/databaseErrors.ts";
import { mayChangeTransaction, startPgliteWorker } from "../../src/db/pgliteWorker.ts";
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

/** Issue #21: through the pool of several connections, a transaction still has the one session to itself. */
describe("transactions through the pool of several connections (issue #21)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await connectDatabase({ pgliteDataDir: "memory://" });
    await sql`create table accounts (id int primary key, balance int not null)`.execute(handle.db);
    await sql`insert into accounts values (1, 90), (2, 110)`.execute(handle.db);
  });
  afterAll(async () => handle.close());

  it("isolation: a statement of another request never runs inside an open transaction", async () => {
    const order: string[] = [];
    const transaction = handle.db.transaction().execute(async (trx) => {
      await sql`update accounts set balance = 0 where id = 1`.execute(trx);
      order.push("updated");
      // The transaction gives up the loop (a timer): the other request runs its code meanwhile, not its statement
      // (the pool has a connection free for it: the session is what it waits for).
      await new Promise((resolve) => setTimeout(resolve, 30));
      order.push("rolling back");
      throw new Error("abandon");
    });
    await new Promise((resolve) => setImmediate(resolve));
    const outside = sql<{ balance: number }>`select balance from accounts where id = 1`
      .execute(handle.db)
      .then(({ rows }) => {
        order.push("read");
        return rows[0]?.balance;
      });
    await expect(transaction).rejects.toThrow("abandon");
    // The read waited for the session: it ran after the rollback and never saw the uncommitted 0.
    expect(await outside).toBe(90);
    expect(order).toEqual(["updated", "rolling back", "read"]);
  });

  it("errors in a transaction stay DatabaseErrors with their SQLSTATE, and the session goes on after the rollback", async () => {
    const failed = await handle.db
      .transaction()
      .execute(async (trx) => {
        await sql`update accounts set balance = balance + 5 where id = 2`.execute(trx);
        await sql`insert into accounts values (1, 1)`.execute(trx);
      })
      .catch((error) => error);
    expect(failed).toBeInstanceOf(pg.DatabaseError);
    expect(failed).toMatchObject({ code: "23505", constraint: "accounts_pkey" });
    const { rows } = await sql<{ balance: number }>`select balance from accounts where id = 2`.execute(
      handle.db,
    );
    expect(rows[0]?.balance).toBe(110);
  });

  it("if the thread dies during a transaction, its statement fails as unavailable (503) and so does the next", async () => {
    const pglite = await startPgliteWorker({ dataDir: "memory://", durability: "relaxed" });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pglite, () => {}) }) });
    try {
      const inFlight = db
        .transaction()
        .execute(async (trx) => {
          await sql`select 1`.execute(trx);
          await sql`select count(*) from generate_series(1, 3e6)`.execute(trx);
        })
        .catch((error) => error);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await pglite.kill();
      const failed = await inFlight;
      expect(isDatabaseUnavailable(failed)).toBe(true);
      const after = await sql`select 1`.execute(db).catch((error) => error);
      expect(isDatabaseUnavailable(after)).toBe(true);
    } finally {
      await db.destroy();
    }
  });
});

/**
 * Issue #21: the pool has several connections to the one session. Plain statements of several requests go to the
 * database's thread together (no idle thread while each answer waits for the event loop); a transaction still has
 * the session to itself.
 */
describe("several connections to the one session (issue #21)", () => {
  /** A plain statement as `pg` sends it: Parse, Bind, Describe, Execute, then its Sync. */
  const statement = async (
    connection: { execProtocolStream: (bytes: Uint8Array) => Promise<unknown[]> },
    text: string,
    values: string[] = [],
  ) => {
    for (const bytes of [
      serialize.parse({ text, types: [] }),
      serialize.bind({ values }),
      serialize.describe({ type: "P" }),
      serialize.execute({}),
    ])
      expect(await connection.execProtocolStream(bytes)).toEqual([]);
    return connection.execProtocolStream(serialize.sync()) as Promise<BackendMessage[]>;
  };
  const rowsOf = (messages: BackendMessage[]) =>
    messages.filter((message) => message.name === "dataRow").map((row) => (row as DataRowMessage).fields);

  it("only plain statements may be sent as they come; anything that may open or end a transaction owns the session", () => {
    const request = (...parts: Uint8Array[]) => Buffer.concat(parts);
    const plain = (text: string) =>
      request(
        serialize.parse({ text, types: [] }),
        serialize.bind({ values: [] }),
        serialize.describe({ type: "P" }),
        serialize.execute({}),
        serialize.sync(),
      );
    expect(mayChangeTransaction(plain("select 1"))).toBe(false);
    expect(mayChangeTransaction(plain("  INSERT into t values (1)"))).toBe(false);
    expect(mayChangeTransaction(plain("with x as (delete from t returning *) select * from x"))).toBe(false);
    expect(mayChangeTransaction(plain("update t set x = 1"))).toBe(false);
    expect(mayChangeTransaction(plain("begin"))).toBe(true);
    expect(mayChangeTransaction(plain("commit"))).toBe(true);
    expect(mayChangeTransaction(plain("set search_path to x"))).toBe(true);
    expect(mayChangeTransaction(plain("lock table t"))).toBe(true);
    expect(mayChangeTransaction(plain("selection"))).toBe(true);
    // A simple Query (Kysely sends a statement without values so): one plain statement passes, anything else owns.
    expect(mayChangeTransaction(serialize.query("select version from catalog_version where id = 1"))).toBe(
      false,
    );
    expect(mayChangeTransaction(serialize.query("begin"))).toBe(true);
    expect(mayChangeTransaction(serialize.query("commit"))).toBe(true);
    expect(mayChangeTransaction(serialize.query("select 1; begin"))).toBe(true);
    expect(mayChangeTransaction(serialize.query("create table t (x int)"))).toBe(true);
    // A Bind of a statement parsed earlier: its text is unknown here.
    expect(
      mayChangeTransaction(request(serialize.bind({ values: [] }), serialize.execute({}), serialize.sync())),
    ).toBe(true);
  });

  it("protocol: another connection's statement waits while a transaction is open, and runs after its commit", async () => {
    const pglite = await startPgliteWorker({ dataDir: "memory://", durability: "relaxed" });
    try {
      const first = pglite.connection();
      const second = pglite.connection();
      await first.execProtocolStream(serialize.query("create table t (x int)"));
      expect((await first.execProtocolStream(serialize.query("begin"))).at(-1)).toMatchObject({
        status: "T",
      });
      await statement(first, "insert into t values (1)");
      let answered = false;
      const outside = statement(second, "select count(*)::int from t").then((messages) => {
        answered = true;
        return messages;
      });
      // The transaction goes on (its own statements are sent at once) while the other waits.
      await statement(first, "insert into t values (2)");
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(answered).toBe(false);
      expect(rowsOf(await statement(first, "select count(*)::int from t"))).toEqual([["2"]]);
      expect((await first.execProtocolStream(serialize.query("commit"))).at(-1)).toMatchObject({
        status: "I",
      });
      // Sent after the commit: it sees both rows, never the transaction half done.
      expect(rowsOf(await outside)).toEqual([["2"]]);
    } finally {
      await pglite.close();
    }
  });

  it("protocol: a failed transaction (E) still owns the session until its rollback", async () => {
    const pglite = await startPgliteWorker({ dataDir: "memory://", durability: "relaxed" });
    try {
      const first = pglite.connection();
      const second = pglite.connection();
      await first.execProtocolStream(serialize.query("begin"));
      const failed = await statement(first, "select 1 / 0");
      expect(failed.find((message) => message.name === "error")).toMatchObject({ code: "22012" });
      expect(failed.at(-1)).toMatchObject({ status: "E" });
      const outside = statement(second, "select 7");
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await first.execProtocolStream(serialize.query("rollback"))).at(-1)).toMatchObject({
        status: "I",
      });
      const answer = await outside;
      // Not run inside the failed transaction (it would have failed with 25P02): after the rollback, on its own.
      expect(answer.find((message) => message.name === "error")).toBeUndefined();
      expect(rowsOf(answer)).toEqual([["7"]]);
    } finally {
      await pglite.close();
    }
  });

  it("protocol: plain statements of several connections sent together each get their own answer; an error stays in its own", async () => {
    const pglite = await startPgliteWorker({ dataDir: "memory://", durability: "relaxed" });
    try {
      const connections = Array.from({ length: 6 }, () => pglite.connection());
      const answers = await Promise.all(
        connections.map((connection, index) =>
          statement(connection, "select 10 / $1::int", [String(index % 3)]),
        ),
      );
      for (const [index, answer] of answers.entries()) {
        expect(answer.at(-1)).toMatchObject({ name: "readyForQuery", status: "I" });
        if (index % 3 === 0)
          expect(answer.find((message) => message.name === "error")).toMatchObject({ code: "22012" });
        else expect(rowsOf(answer)).toEqual([[String(10 / (index % 3))]]);
      }
    } finally {
      await pglite.close();
    }
  });

  it("through the pool: reads during a transaction never see it half done, and everything answers", async () => {
    const handle = await connectDatabase({ pgliteDataDir: "memory://" });
    try {
      await sql`create table pairs (id int primary key, a int not null, b int not null)`.execute(handle.db);
      await sql`insert into pairs select g, 0, 0 from generate_series(1, 20) g`.execute(handle.db);
      let stop = false;
      const seen: number[] = [];
      const readers = Array.from({ length: 8 }, async () => {
        while (!stop) {
          const { rows } = await sql<{ d: number }>`select sum(a) - sum(b) as d from pairs`.execute(
            handle.db,
          );
          seen.push(Number(rows[0]?.d));
        }
      });
      const writers = Array.from({ length: 3 }, async (_, writer) => {
        for (let i = 0; i < 15; i++)
          await handle.db.transaction().execute(async (trx) => {
            const id = 1 + ((writer * 7 + i) % 20);
            await sql`update pairs set a = a + 1 where id = ${id}`.execute(trx);
            await new Promise((resolve) => setImmediate(resolve));
            await sql`update pairs set b = b + 1 where id = ${id}`.execute(trx);
          });
      });
      await Promise.all(writers);
      stop = true;
      await Promise.all(readers);
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen)).toEqual(new Set([0]));
      const { rows } = await sql<{ a: number }>`select sum(a)::int as a from pairs`.execute(handle.db);
      expect(rows[0]?.a).toBe(45);
    } finally {
      await handle.close();
    }
  });

  it("a client the pool discards with a transaction open gives the session back (rolled back), and the others go on", async () => {
    const pglite = await startPgliteWorker({ dataDir: "memory://", durability: "relaxed" });
    const pool = pglitePool(pglite);
    try {
      await pool.query("create table t (x int)");
      const client = await pool.connect();
      await client.query("begin");
      await client.query("insert into t values (1)");
      const other = pool.query("select count(*)::int as n from t");
      // Released with an error, the client is ended by the pool: its transaction must not hold the others forever.
      client.release(new Error("discard"));
      const { rows } = await other;
      expect(rows).toEqual([{ n: 0 }]);
      const status = await pglite.execProtocolStream(serialize.query("select 1"));
      expect(status.at(-1)).toMatchObject({ name: "readyForQuery", status: "I" });
    } finally {
      await pool.end();
      await pglite.close();
    }
  });

  it("if the thread dies, the requests waiting for a transaction fail as unavailable too", async () => {
    const pglite = await startPgliteWorker({ dataDir: "memory://", durability: "relaxed" });
    const first = pglite.connection();
    const second = pglite.connection();
    await first.execProtocolStream(serialize.query("begin"));
    const waiting = statement(second, "select 1").catch((error) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await pglite.kill();
    const failed = await waiting;
    expect(isDatabaseUnavailable(failed)).toBe(true);
    await expect(first.execProtocolStream(serialize.query("commit"))).rejects.toMatchObject({
      code: "08006",
    });
  });
});
