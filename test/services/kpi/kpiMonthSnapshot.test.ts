import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSyntheticDossiers } from "../../../bench/generate/syntheticDossiers.ts";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { closeLastKpiMonth } from "../../../src/jobs/kpiMonthClose.ts";
import { kpiDrillDown } from "../../../src/services/kpi/kpiDrillDown.ts";
import { kpiIndex } from "../../../src/services/kpi/kpiIndex.ts";
import { closedMonthOf, takeKpiMonthSnapshot } from "../../../src/services/kpi/kpiMonthSnapshot.ts";
import { seedDemoHistory } from "../../../src/services/seed/history/seedDemoHistory.ts";
import { monthPeriod } from "../../../src/services/statistics/period.ts";
import { projectTimeliness } from "../../../src/services/statistics/projectTimeliness.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/**
 * Issue #21: the month-end snapshot of the 766 verdicts (R-KPI-3…5) gives exactly the live figures of a closed
 * month — for the province, one agency and a set of agencies, and the drill-down's dossiers — on generated data: the
 * demo history (finished dossiers lived through the real rules, with ratings) and synthetic dossiers (open ones, late
 * ones, extensions) over the last months. The running month stays live; a closed month is frozen.
 */
const now = new Date("2026-12-03T09:00:00+07:00");
const CLOSED = ["2026-09", "2026-10", "2026-11"];
const DRILLABLE = ["1.4", "2.1", "3", "4.1", "4.2", "4.3"];

let handle: DatabaseHandle;
let agencies: string[];
const live = new Map<string, unknown>();

const scopes = () => ({
  province: null,
  one: [agencies[0]!],
  two: [agencies[1]!, agencies[2]!],
});

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  await seedDemoHistory(handle.db, { now, months: 3, perOfferingPerDay: 0.1 });
  // ~120 synthetic dossiers a month over three years (open, late, extended ones among them).
  await generateSyntheticDossiers(handle.db, { count: 4_000, firstNumber: 1, now });
  await projectTimeliness(handle.db, { now });
  const rows = await sql<{ id: string }>`
    select deciding_agency_id as id from dossiers group by 1 order by count(*) desc`.execute(handle.db);
  agencies = rows.rows.map((row) => row.id);
  // The live figures and drill-downs, before any snapshot exists.
  for (const month of [...CLOSED, "2026-12"])
    for (const [name, agencyIds] of Object.entries(scopes())) {
      const query = { agencyIds, period: monthPeriod(month), now };
      live.set(`${month}|${name}`, await kpiIndex(handle.db, query));
      for (const indicator of DRILLABLE)
        live.set(`${month}|${name}|${indicator}`, await kpiDrillDown(handle.db, { ...query, indicator }));
    }
}, 300_000);
afterAll(async () => handle?.close());

describe("the month-end snapshot of the 766 verdicts (issue #21)", () => {
  it("the job takes last month once, even when two takers run at once; the running month is never taken", async () => {
    expect(await closeLastKpiMonth(handle.db, now)).toBe("2026-11");
    expect(await closeLastKpiMonth(handle.db, now)).toBeUndefined();
    const both = await Promise.all([
      takeKpiMonthSnapshot(handle.db, "2026-10", now),
      takeKpiMonthSnapshot(handle.db, "2026-10", now),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await takeKpiMonthSnapshot(handle.db, "2026-09", now)).toBe(true);
    await expect(takeKpiMonthSnapshot(handle.db, "2026-12", now)).rejects.toThrow(RangeError);
    expect(closedMonthOf(monthPeriod("2026-12"), now)).toBeUndefined();
    expect(closedMonthOf(monthPeriod("2026-11"), now)).toBe("2026-11");
    const taken = await sql<{
      month: string;
    }>`select month::text from kpi_month_snapshots order by 1`.execute(handle.db);
    expect(taken.rows.map((row) => row.month)).toEqual(["2026-09-01", "2026-10-01", "2026-11-01"]);
  });

  it("the index of each closed month from the snapshot equals the live one, for the province and agency sets", async () => {
    for (const month of CLOSED)
      for (const [name, agencyIds] of Object.entries(scopes())) {
        const query = { agencyIds, period: monthPeriod(month), now };
        const fromSnapshot = await kpiIndex(handle.db, query);
        expect(fromSnapshot, `${month} ${name}`).toEqual(live.get(`${month}|${name}`));
        expect(await kpiIndex(handle.db, query, { useSnapshot: false }), `${month} ${name}`).toEqual(
          fromSnapshot,
        );
      }
    // Not an empty comparison: the province's 2.1 of November counts dossiers, some of them late.
    const november = live.get("2026-11|province") as { indicators: { code: string; ratio?: number }[] };
    const timeliness = november.indicators.find((score) => score.code === "2.1");
    expect(timeliness?.ratio).toBeGreaterThan(0);
    expect(timeliness?.ratio).toBeLessThan(100);
  });

  it("the drill-down of a closed month lists the same dossiers from the snapshot", async () => {
    for (const month of CLOSED)
      for (const [name, agencyIds] of Object.entries(scopes()))
        for (const indicator of DRILLABLE) {
          const query = { agencyIds, period: monthPeriod(month), now, indicator };
          const expected = live.get(`${month}|${name}|${indicator}`) as { total: number };
          const actual = await kpiDrillDown(handle.db, query);
          expect(actual.total, `${month} ${name} ${indicator}`).toBe(expected.total);
          if (expected.total <= 500) expect(actual, `${month} ${name} ${indicator}`).toEqual(expected);
        }
  });

  it("the running month is computed live", async () => {
    for (const [name, agencyIds] of Object.entries(scopes()))
      expect(await kpiIndex(handle.db, { agencyIds, period: monthPeriod("2026-12"), now })).toEqual(
        live.get(`2026-12|${name}`),
      );
  });

  it("a closed month is frozen (R-KPI-5, R-LATE-4): a correction after the close changes only the live figures", async () => {
    const period = monthPeriod("2026-11");
    // A November dossier's recorded end moves past its appointment after the close.
    const moved = await sql<{ id: string }>`
      update dossiers set timeliness_verdict = 'late'
      where id = (select id from dossiers where timeliness_end_at >= ${period.from} and timeliness_end_at < ${period.to}
        and timeliness_verdict in ('early', 'onTime') order by id limit 1)
      returning id`.execute(handle.db);
    expect(moved.rows).toHaveLength(1);
    const query = { agencyIds: null, period, now };
    expect(await kpiIndex(handle.db, query)).toEqual(live.get("2026-11|province"));
    expect(await kpiIndex(handle.db, query, { useSnapshot: false })).not.toEqual(
      live.get("2026-11|province"),
    );
  });
});
