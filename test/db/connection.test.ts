import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type DatabaseHandle } from "../../src/db/connection.ts";
import { acquireDataDirLock, DataDirLockedError } from "../../src/db/dataDirLock.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

describe("the database layer on this run's database (PGlite, or PostgreSQL with DATABASE_URL)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle.close());

  it("runs on the kind the environment selects", () => {
    expect(handle.kind).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
  });

  it("migrations are already applied and running them again applies nothing", async () => {
    expect(await migrateToLatest(handle.db)).toEqual([]);
  });

  it("returns the same value shapes on both databases: dates as strings, counts and numerics as numbers", async () => {
    const { rows } = await sql<{ day: unknown; total: unknown; amount: unknown; at: unknown }>`
      select date '2026-02-17' as day, count(*) as total, 1.25::numeric as amount, now() as at from agencies`.execute(
      handle.db,
    );
    expect(rows[0]).toMatchObject({ day: "2026-02-17", total: 0, amount: 1.25 });
    expect(rows[0]?.at).toBeInstanceOf(Date);
  });

  it("a failing transaction leaves nothing behind", async () => {
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await trx.insertInto("sectors").values({ code: "ROLLBACK", name: "Không được lưu" }).execute();
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    const found = await handle.db
      .selectFrom("sectors")
      .select("code")
      .where("code", "=", "ROLLBACK")
      .execute();
    expect(found).toEqual([]);
  });

  it("enforces the R-CODE-3 and R-CODE-4 shapes in the schema itself", async () => {
    await expect(
      handle.db.insertInto("agencies").values({ code: "có dấu cách", name: "X", level: "other" }).execute(),
    ).rejects.toThrow();
    const { id: sectorId } = await handle.db
      .insertInto("sectors")
      .values({ code: "S", name: "S" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { id: fieldId } = await handle.db
      .insertInto("fields")
      .values({ sector_id: sectorId, code: "F", name: "F" })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Raw SQL on purpose: the check constraint itself must refuse a code that is not `d.dddddd`.
    await expect(
      sql`insert into procedures (code, name, field_id, search_text) values ('1.00161', 'X', ${fieldId}, 'x')`.execute(
        handle.db,
      ),
    ).rejects.toThrow();
    await sql`insert into procedures (code, name, field_id, search_text) values ('1.001612', 'X', ${fieldId}, 'x')`.execute(
      handle.db,
    );
  });
});

describe("the embedded database folder", () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "onestop-lock-"));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("persists data across connections", async () => {
    const dataDir = join(folder, "persist");
    const first = await connectDatabase({ pgliteDataDir: dataDir });
    await migrateToLatest(first.db);
    await first.db.insertInto("sectors").values({ code: "KEEP", name: "Còn lại sau khi đóng" }).execute();
    await first.close();
    const second = await connectDatabase({ pgliteDataDir: dataDir });
    const rows = await second.db.selectFrom("sectors").select("name").where("code", "=", "KEEP").execute();
    await second.close();
    expect(rows).toEqual([{ name: "Còn lại sau khi đóng" }]);
  });

  it("refuses a second opener while the first holds the folder, naming the holder", async () => {
    const dataDir = join(folder, "locked");
    const first = await connectDatabase({ pgliteDataDir: dataDir });
    try {
      await expect(connectDatabase({ pgliteDataDir: dataDir })).rejects.toThrow(DataDirLockedError);
      await expect(connectDatabase({ pgliteDataDir: dataDir })).rejects.toThrow(`tiến trình ${process.pid}`);
    } finally {
      await first.close();
    }
    const again = await connectDatabase({ pgliteDataDir: dataDir });
    await again.close();
  });

  it("takes over a lock left by a process that no longer exists", () => {
    const dataDir = join(folder, "stale");
    rmSync(dataDir, { recursive: true, force: true });
    mkdtempSync(join(folder, "x"));
    const path = join(folder, "stale-lock");
    rmSync(path, { recursive: true, force: true });
    const dir = mkdtempSync(join(folder, "stale-"));
    // pid 2^22 + 1 is above Linux's pid_max default, so no process has it.
    writeFileSync(join(dir, "onestop.lock"), String(4_194_305));
    const release = acquireDataDirLock(dir);
    release();
  });

  it("takes over a lock whose pid is alive but is another process now: PID 1 reused after a container restart (issue #20)", () => {
    const dir = mkdtempSync(join(folder, "reused-"));
    // Our own pid, written by "a previous run" (not held in this process): what a container's PID 1 finds.
    writeFileSync(join(dir, "onestop.lock"), String(process.pid));
    acquireDataDirLock(dir)();
    // Pid 1 is alive here, but it started at another time than the one the lock recorded.
    writeFileSync(
      join(dir, "onestop.lock"),
      JSON.stringify({ pid: 1, host: hostname(), startTicks: "1", bootId: null }),
    );
    acquireDataDirLock(dir)();
  });

  it("keeps refusing while the recorded holder really runs (same pid, same start time)", () => {
    const dir = mkdtempSync(join(folder, "held-"));
    const release = acquireDataDirLock(dir);
    try {
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    } finally {
      release();
    }
  });
});
