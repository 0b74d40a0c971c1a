import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Database } from "../../../src/db/schema.ts";
import { httpSyncClient } from "../../../src/integrations/dvcqg/httpSyncClient.ts";
import {
  type DvcqgSimulator,
  startDvcqgSimulator,
} from "../../../src/integrations/dvcqg/simulator/server.ts";
import { runDvcqgSync } from "../../../src/jobs/dvcqgSync.ts";
import { kpiDrillDown } from "../../../src/services/kpi/kpiDrillDown.ts";
import { kpiIndex } from "../../../src/services/kpi/kpiIndex.ts";
import { monthPeriod } from "../../../src/services/statistics/period.ts";
import {
  compareCounts,
  fetchDvcqgStatistics,
  reconcileWithDvcqg,
} from "../../../src/services/sync/reconcile.ts";
import { demoUserIds } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { at, dossierInProcessing } from "../dossiers/processing/processingFixtures.ts";

let handle: DatabaseHandle;
let db: Kysely<Database>;
let simulator: DvcqgSimulator;
let synced: string;
let failed: string;
const now = at("2026-11-30T12:00");

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  db = handle.db;
  const users = await demoUserIds(db);
  simulator = await startDvcqgSimulator({ token: "dung" });
  synced = await dossierInProcessing(db, users, at("2026-11-23T09:00"));
  const good = httpSyncClient({ url: simulator.syncUrl, token: "dung", timeoutMs: 5000 });
  await runDvcqgSync(db, good, () => now, { publicUrl: "http://127.0.0.1:3000", maxBackoffSeconds: 60 });
  failed = await dossierInProcessing(db, users, at("2026-11-24T09:00"));
  const wrong = httpSyncClient({ url: simulator.syncUrl, token: "sai", timeoutMs: 5000 });
  await runDvcqgSync(db, wrong, () => now, {
    publicUrl: "http://127.0.0.1:3000",
    maxBackoffSeconds: 60,
    maxRejections: 1,
  });
});

afterAll(async () => {
  await simulator?.close();
  await handle?.close();
});

describe("766 indicator 1.4 from the sync state (issue #13, R-KPI-3, R-SYNC-1)", () => {
  it("counts the dossiers received in the period that DVCQG holds", async () => {
    const score = await kpiIndex(db, { agencyIds: null, period: monthPeriod("2026-11"), now });
    expect(score.indicators.find((item) => item.code === "1.4")).toMatchObject({
      status: "scored",
      numerator: 1,
      denominator: 2,
      points: 3,
    });
  });

  it("the drill-down names the dossier not synchronised and why (DVCQG's error)", async () => {
    const drill = await kpiDrillDown(db, {
      agencyIds: null,
      period: monthPeriod("2026-11"),
      now,
      indicator: "1.4",
    });
    expect(drill.total).toBe(1);
    expect(drill.items[0]).toMatchObject({ kind: "dossier", id: failed, reason: { code: "SYNC_FAILED" } });
    expect(drill.items[0]!.reason.vi).toContain("401");
    expect(drill.items.map((item) => item.id)).not.toContain(synced);
  });
});

describe("daily reconciliation with DVCQG's statistics (issue #13)", () => {
  it("reports the day and status where the counts differ, and stores the report", async () => {
    const report = await reconcileWithDvcqg(
      db,
      fetchDvcqgStatistics(`${simulator.baseUrl}/statistics`, "dung", 1000),
      now,
    );
    expect(report.error).toBeNull();
    expect(report.oursTotal).toBe(2);
    expect(report.theirsTotal).toBe(1);
    expect(report.differences).toEqual([{ day: "2026-11-24", status: 4, ours: 1, theirs: 0 }]);
    const stored = await db
      .selectFrom("dvcqg_reconciliations")
      .selectAll()
      .where("id", "=", report.id)
      .executeTakeFirstOrThrow();
    expect(stored.differences).toEqual(report.differences);
  });

  it("stores the error when DVCQG's statistics cannot be read (wrong token)", async () => {
    const report = await reconcileWithDvcqg(
      db,
      fetchDvcqgStatistics(`${simulator.baseUrl}/statistics`, "sai", 1000),
      now,
    );
    expect(report.error).toContain("401");
    expect(report.differences).toEqual([]);
  });

  it("compareCounts lists only the pairs that differ, in order", () => {
    expect(
      compareCounts(
        [
          { day: "2026-11-02", status: 4, count: 3 },
          { day: "2026-11-01", status: 2, count: 1 },
        ],
        [
          { day: "2026-11-02", status: 4, count: 3 },
          { day: "2026-11-01", status: 9, count: 2 },
        ],
      ),
    ).toEqual([
      { day: "2026-11-01", status: 2, ours: 1, theirs: 0 },
      { day: "2026-11-01", status: 9, ours: 0, theirs: 2 },
    ]);
  });
});
