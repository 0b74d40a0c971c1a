import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { createCatalogCache, readCatalogVersion } from "../../../src/services/catalog/catalogCache.ts";
import { statementLog } from "../../support/statementLog.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/**
 * Issue #21: the catalog cache reads the catalog's version once per event-loop turn, shared by the requests of that
 * turn, and never lets a request join a read sent before it arrived (a change committed before it is always seen).
 */
let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase({ seeded: false });
});
afterAll(async () => {
  await database?.close();
});

const versionReads = (statements: string[]) =>
  statements.filter((statement) => statement.includes("catalog_version")).length;
const bumpVersion = () =>
  sql`update catalog_version set version = version + 1 where id = 1`.execute(database.db);

describe("catalog cache version read (issue #21)", () => {
  it("answers twenty calls of one turn with one version read, each from its own key", async () => {
    const log = statementLog(database.db);
    const cache = createCatalogCache(log.db);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => cache.answer(`key-${i % 5}`, async () => `answer-${i % 5}`)),
    );
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => `answer-${i % 5}`));
    expect(versionReads(log.statements)).toBe(1);
  });

  it("calls of separate turns read the version again, and see a change committed between them", async () => {
    const log = statementLog(database.db);
    const cache = createCatalogCache(log.db);
    let loads = 0;
    const load = async () => `loaded ${++loads}`;
    expect(await cache.answer("page", load)).toBe("loaded 1");
    expect(await cache.answer("page", load)).toBe("loaded 1");
    await bumpVersion();
    expect(await cache.answer("page", load)).toBe("loaded 2");
    expect(versionReads(log.statements)).toBe(3);
  });

  it("a call made while a read is on its way waits for a read of its own, sent after it arrived", async () => {
    const cache = createCatalogCache(database.db);
    let loads = 0;
    const load = async () => `loaded ${++loads}`;
    expect(await cache.answer("page", load)).toBe("loaded 1");
    const first = cache.answer("page", load);
    // Let the first call's read leave, then commit a change and ask again: the second call must see the change.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await bumpVersion();
    const second = cache.answer("page", load);
    expect(await first).toBe("loaded 1");
    expect(await second).toBe("loaded 2");
  });

  it("a failed version read fails the calls that shared it, and the next turn reads again", async () => {
    const cache = createCatalogCache(database.db);
    await sql`alter table catalog_version rename to catalog_version_away`.execute(database.db);
    try {
      const results = await Promise.allSettled([
        cache.answer("a", async () => "a"),
        cache.answer("b", async () => "b"),
      ]);
      expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    } finally {
      await sql`alter table catalog_version_away rename to catalog_version`.execute(database.db);
    }
    expect(await cache.answer("a", async () => "a")).toBe("a");
    expect(await readCatalogVersion(database.db)).toBeGreaterThanOrEqual(0n);
  });
});
