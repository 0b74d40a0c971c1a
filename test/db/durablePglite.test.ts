import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { connectDatabase } from "../../src/db/connection.ts";
import { durableStartParams, FsyncingNodeFS, pgliteDurabilityOptions } from "../../src/db/durablePglite.mjs";

/** Issue #20 "Durability": the embedded database fsyncs each commit before acknowledging it. */
const folders: string[] = [];
const folder = () => {
  const path = mkdtempSync(join(tmpdir(), "onestop-durable-"));
  folders.push(path);
  return path;
};
afterAll(() => {
  for (const path of folders) rmSync(path, { recursive: true, force: true });
});

describe("durable PGlite", () => {
  it("starts PostgreSQL with fsync on and a WAL sync method that reaches the disk", () => {
    const params = durableStartParams();
    expect(params).not.toContain("-F");
    expect(params.join(" ")).toContain("fsync=on");
    expect(params.join(" ")).toContain("wal_sync_method=fsync");
  });

  it("fsyncs at every commit, and the commits are there after a reopen", { timeout: 120_000 }, async () => {
    const dataDir = join(folder(), "db");
    const fs = new FsyncingNodeFS(dataDir);
    const pglite = await PGlite.create({ fs, startParams: durableStartParams() });
    expect((await pglite.query<{ fsync: string }>("show fsync")).rows[0]?.fsync).toBe("on");
    await pglite.exec("create table t (x int)");
    const before = fs.fsyncCount;
    for (let i = 0; i < 5; i++) await pglite.query("insert into t values ($1)", [i]);
    // One WAL fsync per commit at least.
    expect(fs.fsyncCount - before).toBeGreaterThanOrEqual(5);
    await pglite.close();
    const reopened = await connectDatabase({ pgliteDataDir: dataDir });
    const { rows } = await (await import("kysely")).sql<{
      n: number;
    }>`select count(*)::int as n from t`.execute(reopened.db);
    expect(rows[0]?.n).toBe(5);
    await reopened.close();
  });

  it("relaxed and in-memory databases keep PGlite's own behaviour", () => {
    expect(pgliteDurabilityOptions("/some/folder", "relaxed")).toEqual({ dataDir: "/some/folder" });
    expect(pgliteDurabilityOptions("memory://", "fsync")).toEqual({ dataDir: "memory://" });
    const durable = pgliteDurabilityOptions(`file://${folder()}`, "fsync");
    expect(durable.fs).toBeInstanceOf(FsyncingNodeFS);
    expect(durable.startParams).toEqual(durableStartParams());
  });
});
