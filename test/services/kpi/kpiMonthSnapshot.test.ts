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
import { type PeriodMetrics, periodMetrics } from "../../../src/services/statistics/periodMetrics.ts";
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
/** The monthly report's figures (periodMetrics, R-OPS-5) computed live before any snapshot, by month and scope. */
const liveReport = new Map<string, PeriodMetrics>();

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
  // Some online dossiers of the closed months with their components filed, so that they count as digitised
  // (R-RECV-7, R-DIG-1/2) and the report's digitised figure is not zero.
  await sql`
    insert into dossier_files (dossier_id, agency_id, purpose, storage_key, sha256, file_name, media_type,
      size_bytes, uploaded_at)
    select d.id, d.deciding_agency_id, 'component', 'fixture/' || d.id, repeat('0', 64), 'don.pdf',
      'application/pdf', 1, d.received_at
    from dossiers d
    where d.channel = 'online' and d.status not in (9, 10) and d.received_at >= ${monthPeriod("2026-09").from}
      and d.received_at < ${monthPeriod("2026-12").from} and get_byte(decode(md5(d.id::text), 'hex'), 0) < 128`.execute(
    handle.db,
  );
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
      liveReport.set(
        `${month}|${name}`,
        await periodMetrics(handle.db, { agencyIds }, monthPeriod(month), { now, useSnapshot: false }),
      );
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

  it("the monthly report of each closed month from the snapshot equals the live one (R-OPS-5)", async () => {
    for (const month of CLOSED)
      for (const [name, agencyIds] of Object.entries(scopes())) {
        const expected = liveReport.get(`${month}|${name}`);
        expect(
          await periodMetrics(handle.db, { agencyIds }, monthPeriod(month), { now }),
          `${month} ${name}`,
        ).toEqual(expected);
      }
    // Not an empty comparison: November's province report counts received, resolved and late dossiers, means per
    // procedure, and the figures come from the snapshot's rows.
    const november = liveReport.get("2026-11|province")!;
    expect(november.received).toBeGreaterThan(0);
    expect(november.late).toBeGreaterThan(0);
    expect(november.digitized).toBeGreaterThan(0);
    expect(november.digitized).toBeLessThan(november.received);
    expect(november.averageByProcedure.length).toBeGreaterThan(0);
    const rows = await sql<{ n: number }>`
      select count(*)::int as n from month_report_agencies where month = '2026-11-01'`.execute(handle.db);
    expect(rows.rows[0]?.n).toBeGreaterThan(0);
  });

  it("the monthly report of a month without a snapshot is computed live (R-OPS-5)", async () => {
    for (const month of ["2026-08", "2026-12"])
      for (const agencyIds of Object.values(scopes())) {
        const period = monthPeriod(month);
        expect(await periodMetrics(handle.db, { agencyIds }, period, { now })).toEqual(
          await periodMetrics(handle.db, { agencyIds }, period, { now, useSnapshot: false }),
        );
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
    // The monthly report of November too: frozen at the close, the correction shows only live.
    expect(await periodMetrics(handle.db, { agencyIds: null }, period, { now })).toEqual(
      liveReport.get("2026-11|province"),
    );
    const corrected = await periodMetrics(handle.db, { agencyIds: null }, period, {
      now,
      useSnapshot: false,
    });
    expect(corrected.late).toBe(liveReport.get("2026-11|province")!.late + 1);
  });

  it("deleting a month's snapshot row deletes its report figures; the job's next take brings them back (R-KPI-5)", async () => {
    const period = monthPeriod("2026-09");
    const count = async () => {
      const result = await sql<{ agencies: number; procedures: number }>`
        select (select count(*)::int from month_report_agencies where month = '2026-09-01') as agencies,
          (select count(*)::int from month_report_procedures where month = '2026-09-01') as procedures`.execute(
        handle.db,
      );
      return result.rows[0]!;
    };
    const before = await count();
    expect(before.agencies).toBeGreaterThan(0);
    expect(before.procedures).toBeGreaterThan(0);
    await sql`delete from kpi_month_snapshots where month = '2026-09-01'`.execute(handle.db);
    expect(await count()).toEqual({ agencies: 0, procedures: 0 });
    const liveNow = await periodMetrics(handle.db, { agencyIds: null }, period, { now, useSnapshot: false });
    expect(await periodMetrics(handle.db, { agencyIds: null }, period, { now })).toEqual(liveNow);
    expect(await takeKpiMonthSnapshot(handle.db, "2026-09", now)).toBe(true);
    expect(await count()).toEqual(before);
    expect(await periodMetrics(handle.db, { agencyIds: null }, period, { now })).toEqual(liveNow);
    // A month taken before migration 0043 has no report figures: its report is computed live.
    await sql`update kpi_month_snapshots set report_figures = false where month = '2026-10-01'`.execute(
      handle.db,
    );
    const october = monthPeriod("2026-10");
    expect(await periodMetrics(handle.db, { agencyIds: null }, october, { now })).toEqual(
      await periodMetrics(handle.db, { agencyIds: null }, october, { now, useSnapshot: false }),
    );
  });
});
