import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import type { DvcqgSyncConnection } from "../../src/integrations/dvcqg/openDvcqgSync.ts";
import { readDvcqgSyncSettings } from "../../src/integrations/dvcqg/syncSettings.ts";
import { startDvcqgSyncWorker } from "../../src/jobs/dvcqgSyncWorker.ts";
import { statementLog } from "../support/statementLog.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

// The sync worker's idle polling (issue #21): the daily reconciliation's "done today?" is asked until this process has
// seen today's reconciliation, then not again until the province's day changes.

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("DVCQG sync worker: the reconciliation's check", () => {
  it("runs the reconciliation once, stops asking the same day, and asks again the next day", async () => {
    const { db, statements } = statementLog(handle.db);
    let now = new Date("2026-12-05T09:00:00+07:00");
    const connection: DvcqgSyncConnection = {
      port: {
        push: async () => {
          throw new Error("no packet expected: the outbox is empty");
        },
      },
      syncUrl: "http://127.0.0.1:9/sync",
      // Nothing listens there: the reconciliation stores its report with the error, as when DVCQG is down.
      statisticsUrl: "http://127.0.0.1:9/statistics",
      token: "test",
      simulator: undefined,
      close: async () => {},
    };
    const worker = startDvcqgSyncWorker({
      db,
      connection,
      settings: { ...readDvcqgSyncSettings({}), dvcqgSyncIntervalMs: 100, dvcqgSyncTimeoutMs: 500 },
      publicUrl: "http://127.0.0.1:3000",
      clock: () => now,
    });
    const checks = () =>
      statements.filter(
        (text) => text.includes('from "dvcqg_reconciliations"') && text.includes('"ran_at" >='),
      ).length;
    const reports = () => db.selectFrom("dvcqg_reconciliations").select(["ran_at", "error"]).execute();
    try {
      for (let waited = 0; (await reports()).length === 0 && waited < 10_000; waited += 50) await wait(50);
      expect(await reports()).toHaveLength(1);
      // The next passes see it done (one check), then ask no more the same day.
      await wait(600);
      const afterSeen = checks();
      await wait(600);
      expect(checks()).toBe(afterSeen);
      expect(await reports()).toHaveLength(1);

      // The province's next day: asked again, and reconciled again once.
      now = new Date("2026-12-06T09:00:00+07:00");
      for (let waited = 0; (await reports()).length < 2 && waited < 10_000; waited += 50) await wait(50);
      expect(checks()).toBeGreaterThan(afterSeen);
      await wait(600);
      expect(await reports()).toHaveLength(2);
    } finally {
      await worker.stop();
    }
  });
});
