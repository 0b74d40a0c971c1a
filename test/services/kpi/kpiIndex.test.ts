import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { IndicatorScore } from "../../../src/domain/kpi/index.ts";
import { runDossierCommand } from "../../../src/services/dossiers/runDossierCommand.ts";
import { NotFoundError } from "../../../src/services/errors.ts";
import { kpiDrillDown } from "../../../src/services/kpi/kpiDrillDown.ts";
import { kpiIndex } from "../../../src/services/kpi/kpiIndex.ts";
import { monthPeriod } from "../../../src/services/statistics/period.ts";
import { projectTimeliness } from "../../../src/services/statistics/projectTimeliness.ts";
import { demoUserIds, submitBirthRegistration } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { counterWorld, intakeBirthRegistration } from "../dossiers/counter/counterFixtures.ts";
import { at, dossierThroughLifecycle } from "../evaluation/evaluationFixtures.ts";

/**
 * A small realistic November 2026 at Phường Trung Tâm, through the real lifecycle, and the 766 index checked
 * indicator by indicator by hand:
 * - A 1.004884 (5 wd) accepted Mon 23 09:00, processed Wed 25, returned Wed 25 → early (due Mon 30 09:00);
 * - B 1.004884 accepted Mon 23 09:00, processed only Tue 1 Dec → open and past due at November's end → late;
 * - C 1.004884 accepted Thu 26 09:00 → open, due Thu 3 Dec → on time at November's end;
 * - D 1.001193 online, withdrawn before acceptance → not counted anywhere;
 * - E 1.001193 (full online, 1 wd) online, accepted Fri 27 09:00 → open past due at the end → late;
 * - F 1.001193 on paper at the counter Fri 27 10:00 (scans flagged digitized) → open past due → late; not online.
 */
let handle: DatabaseHandle;
let ids: Record<string, string>;
let trungTam: string;
let finance: string;
const now = at("2026-12-02T09:00");

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  const users = await demoUserIds(handle.db);
  const counterId = users["motcua.trungtam"]!;
  const citizenId = users["congdan.demo"]!;
  const a = await dossierThroughLifecycle(handle.db, users, {
    acceptedAt: at("2026-11-23T09:00"),
    approvedAt: at("2026-11-25T09:00"),
    returnedAt: at("2026-11-25T10:00"),
  });
  const b = await dossierThroughLifecycle(handle.db, users, {
    acceptedAt: at("2026-11-23T09:00"),
    approvedAt: at("2026-12-01T09:00"),
  });
  const c = await dossierThroughLifecycle(handle.db, users, { acceptedAt: at("2026-11-26T09:00") });
  const d = (await submitBirthRegistration(handle.db, citizenId, at("2026-11-24T10:00"))).row.id;
  await runDossierCommand(handle.db, {
    dossierId: d,
    command: { type: "requestWithdrawal" },
    actor: { role: "applicant", id: citizenId },
    author: { userId: citizenId, role: "citizen" },
    now: at("2026-11-24T11:00"),
    authorize: () => {},
  });
  const e = (await submitBirthRegistration(handle.db, citizenId, at("2026-11-27T08:00"))).row.id;
  await runDossierCommand(handle.db, {
    dossierId: e,
    command: { type: "accept" },
    actor: { role: "counterOfficer", id: counterId },
    author: { userId: counterId, role: "counter_officer" },
    now: at("2026-11-27T09:00"),
    authorize: () => {},
  });
  const world = await counterWorld(handle.db);
  const f = (await intakeBirthRegistration(handle.db, world.officer, at("2026-11-27T10:00"))).row.id;
  ids = { a, b, c, d, e, f };
  const agencies = await handle.db.selectFrom("agencies").select(["id", "code"]).execute();
  trungTam = agencies.find((agency) => agency.code === "000.20.01.H99")!.id;
  finance = agencies.find((agency) => agency.code === "000.00.13.H99")!.id;
  await projectTimeliness(handle.db, { now });
});
afterAll(async () => handle.close());

const november = monthPeriod("2026-11");
const indicator = (indicators: IndicatorScore[], code: string) =>
  indicators.find((score) => score.code === code)!;

describe("the 766 index of Phường Trung Tâm for November 2026 (R-KPI-1…4)", () => {
  it("2.1 (R-KPI-4): A early and C on time of A, B, C, E, F → 40% → 8 of 20 points; D not counted", async () => {
    const score = await kpiIndex(handle.db, { agencyIds: [trungTam], period: november, now });
    expect(indicator(score.indicators, "2.1")).toMatchObject({
      status: "scored",
      numerator: 2,
      denominator: 5,
      ratio: 40,
      points: 8,
    });
  });

  it("2.2: information only — A took 16 working hours = 2 working days", async () => {
    const score = await kpiIndex(handle.db, { agencyIds: [trungTam], period: november, now });
    expect(indicator(score.indicators, "2.2")).toMatchObject({ status: "informational", value: 2 });
  });

  it("3: of the full-online procedure's received dossiers (E, F) one was online → 50% → 6 of 12", async () => {
    const score = await kpiIndex(handle.db, { agencyIds: [trungTam], period: november, now });
    expect(indicator(score.indicators, "3")).toMatchObject({
      numerator: 1,
      denominator: 2,
      ratio: 50,
      points: 6,
    });
  });

  // Issue #16 (R-RECV-7, R-DIG-1/2, R-RES-1): a counter scan counts as digitised once checked, described and signed,
  // and a result once the approver signed it; here none was, so only the two online dossiers still without a result
  // count: 40% against the 80% target → 2 of 4 points.
  it("4.1, 4.2, 4.3: A's result is electronic but unsigned; the unsigned paper scans are not digitised; none reused", async () => {
    const score = await kpiIndex(handle.db, { agencyIds: [trungTam], period: november, now });
    expect(indicator(score.indicators, "4.1")).toMatchObject({ numerator: 1, denominator: 1, points: 6 });
    expect(indicator(score.indicators, "4.2")).toMatchObject({ numerator: 2, denominator: 5, points: 2 });
    expect(indicator(score.indicators, "4.3")).toMatchObject({ numerator: 0, denominator: 5, points: 0 });
  });

  it("1.3: the procedures offered by the ward, complete ones over all; the incomplete ones are listed", async () => {
    const score = await kpiIndex(handle.db, { agencyIds: [trungTam], period: november, now });
    const offered = await handle.db
      .selectFrom("procedure_offerings")
      .select("procedure_id")
      .distinct()
      .where("agency_id", "=", trungTam)
      .where("enabled", "=", true)
      .execute();
    const catalog = indicator(score.indicators, "1.3");
    expect(catalog.denominator).toBe(offered.length);
    const drill = await kpiDrillDown(handle.db, {
      agencyIds: [trungTam],
      period: november,
      now,
      indicator: "1.3",
    });
    expect(drill.total).toBe(catalog.denominator! - catalog.numerator!);
    for (const item of drill.items) expect(item.missing!.length).toBeGreaterThan(0);
  });

  it("capabilities not built show 'no data yet'; the total adds the scored points", async () => {
    const score = await kpiIndex(handle.db, { agencyIds: [trungTam], period: november, now });
    for (const code of ["1.1", "1.2", "4.2b", "4.5a", "4.5b"])
      expect(indicator(score.indicators, code).status, code).toBe("noData");
    // Issue #16: 4.4 from the data store — A's and B's results landed in the citizen's store when approved (B on
    // 1 December, before now); C, E, F have none and took nothing from it → 2 of 5, no target → 1.6 of 4 points.
    expect(indicator(score.indicators, "4.4")).toMatchObject({
      status: "scored",
      numerator: 2,
      denominator: 5,
      points: 1.6,
    });
    // Feedback (issue #17): none was received, so 5.2 and 5.3 are N/A and 5.1 counts 0; 5.4 (R-EVAL-4) is
    // 100% − late rate − feedback rate over the 5 dossiers handled, 3 of them late and none with feedback → 2 of 5.
    expect(indicator(score.indicators, "5.1")).toMatchObject({ status: "informational", value: 0 });
    expect(indicator(score.indicators, "5.2").status).toBe("notApplicable");
    expect(indicator(score.indicators, "5.3").status).toBe("notApplicable");
    expect(indicator(score.indicators, "5.4")).toMatchObject({
      status: "scored",
      numerator: 2,
      denominator: 5,
    });
    // DVCQG sync (issue #13): nothing was synchronised in this test, so 1.4 scores 0 of the dossiers received.
    expect(indicator(score.indicators, "1.4")).toMatchObject({ status: "scored", numerator: 0, points: 0 });
    const catalogPoints = indicator(score.indicators, "1.3").points ?? 0;
    // Online payment (issue #15): 3.5a and 3.5b are scored from the fee procedures offered; no dossier was asked to
    // pay in the period, so 3.6 is N/A.
    expect(indicator(score.indicators, "3.5a").status).toBe("scored");
    expect(indicator(score.indicators, "3.5b")).toMatchObject({ status: "scored", numerator: 0 });
    expect(indicator(score.indicators, "3.6").status).toBe("notApplicable");
    const paymentPoints = indicator(score.indicators, "3.5a").points ?? 0;
    // 5.4: 40% against the 90% target → 40 / 90 × 6 points.
    expect(score.total).toBeCloseTo(catalogPoints + 8 + 6 + 6 + 2 + 0 + 1.6 + paymentPoints + 2.67, 2);
    expect(score.groups.find((group) => group.code === "TTTT")).toMatchObject({
      code: "TTTT",
      maxPoints: 10,
    });
  });

  it("another agency with nothing in the period: every dossier indicator is N/A", async () => {
    const score = await kpiIndex(handle.db, { agencyIds: [finance], period: november, now });
    for (const code of ["2.1", "3", "4.1", "4.2", "4.3", "4.4"])
      expect(indicator(score.indicators, code).status, code).toBe("notApplicable");
  });

  it("the province counts the same dossiers (all at the ward)", async () => {
    const score = await kpiIndex(handle.db, { agencyIds: null, period: november, now });
    expect(indicator(score.indicators, "2.1")).toMatchObject({ numerator: 2, denominator: 5 });
  });
});

describe("December 2026 (the running month, classified up to now)", () => {
  it("B ended late in December, C still on time now, A not counted again → 1 of 2", async () => {
    const score = await kpiIndex(handle.db, { agencyIds: [trungTam], period: monthPeriod("2026-12"), now });
    // E and F: past due since 30 November, still open → late; so 1 of 4.
    expect(indicator(score.indicators, "2.1")).toMatchObject({ numerator: 1, denominator: 4 });
  });
});

describe("drill-down: the dossiers that lost points, and why", () => {
  it("2.1: B, E and F — open and past due at November's end, by working hours", async () => {
    const drill = await kpiDrillDown(handle.db, {
      agencyIds: [trungTam],
      period: november,
      now,
      indicator: "2.1",
    });
    expect(drill.total).toBe(3);
    expect(new Set(drill.items.map((item) => item.id))).toEqual(new Set([ids.b, ids.e, ids.f]));
    for (const item of drill.items) {
      expect(item.reason.code).toBe("OPEN_PAST_DUE");
      expect(item.reason.vi).toBe("Chưa kết thúc xử lý và đã quá hạn tại cuối kỳ");
      expect(item.lateByWorkingHours).toBeGreaterThan(0);
    }
    // B was due Monday 30 November 09:00: 2.5 h + 3.5 h of working time left that day.
    expect(drill.items.find((item) => item.id === ids.b)?.lateByWorkingHours).toBe(6);
  });

  it("December: B ended late (after the appointment)", async () => {
    const drill = await kpiDrillDown(handle.db, {
      agencyIds: [trungTam],
      period: monthPeriod("2026-12"),
      now,
      indicator: "2.1",
    });
    expect(drill.items.find((item) => item.id === ids.b)?.reason.code).toBe("ENDED_LATE");
  });

  it("3 and 4.3: F was not online; none reused", async () => {
    const online = await kpiDrillDown(handle.db, {
      agencyIds: [trungTam],
      period: november,
      now,
      indicator: "3",
    });
    expect(online.items.map((item) => [item.id, item.reason.code])).toEqual([[ids.f, "NOT_ONLINE"]]);
    const reuse = await kpiDrillDown(handle.db, {
      agencyIds: [trungTam],
      period: november,
      now,
      indicator: "4.3",
    });
    expect(reuse.total).toBe(5);
    expect(reuse.items.every((item) => item.reason.code === "NO_REUSE")).toBe(true);
  });

  it("an indicator without a dossier list is unknown (404)", async () => {
    await expect(
      kpiDrillDown(handle.db, { agencyIds: [trungTam], period: november, now, indicator: "3.6" }),
    ).rejects.toThrow(NotFoundError);
  });
});
