import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { kpiDrillDown } from "../../../src/services/kpi/kpiDrillDown.ts";
import { kpiIndex } from "../../../src/services/kpi/kpiIndex.ts";
import { lookupDossier } from "../../../src/services/lookup/lookupDossier.ts";
import { reportSectorDossier } from "../../../src/services/sector/reportSectorDossier.ts";
import type { SectorDossierReport } from "../../../src/services/sector/sectorReportSchema.ts";
import {
  type AuthenticatedSectorSystem,
  findSectorSystemByKey,
  registerSectorSystem,
} from "../../../src/services/sector/sectorSystems.ts";
import { liveCounts } from "../../../src/services/statistics/liveCounts.ts";
import { monthPeriod } from "../../../src/services/statistics/period.ts";
import { periodMetrics } from "../../../src/services/statistics/periodMetrics.ts";
import { projectTimeliness } from "../../../src/services/statistics/projectTimeliness.ts";
import { DVCQG_DESTINATION, fanOutSync } from "../../../src/services/sync/fanOutSync.ts";
import { demoUserIds } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/**
 * Issue #18 (R-STATUS-4): a civil-status system's dossiers appear where every dossier does — the public lookup (the
 * same answer), the dashboard's figures, the 766 index (R-KPI-4) and the sync to the national portal (R-SYNC-1).
 */
let handle: DatabaseHandle;
let system: AuthenticatedSectorSystem;
let trungTam: string;
const AGENCY = "000.20.01.H99";
const at = (local: string) => new Date(`${local}:00+07:00`);
const now = at("2026-12-02T09:00");
const november = monthPeriod("2026-11");

const report = (
  code: string,
  n: number,
  status: number,
  dates: { receivedAt: string; appointmentAt: string; resultAt?: string; reportedAt: string },
): SectorDossierReport => ({
  reportId: `${code}-${n}`,
  reportedAt: at(dates.reportedAt).toISOString(),
  dossier: {
    code,
    procedureCode: "1.001193",
    agencyCode: AGENCY,
    channel: "counter",
    submittedAt: at(dates.receivedAt).toISOString(),
    receivedAt: at(dates.receivedAt).toISOString(),
  },
  applicant: { kind: "person", name: "Đỗ Văn Bình", idNumber: "001090001234", phone: "0987654321" },
  status,
  progress: {
    appointmentAt: at(dates.appointmentAt).toISOString(),
    ...(dates.resultAt ? { resultAt: at(dates.resultAt).toISOString() } : {}),
    steps: [{ name: "Tiếp nhận", startedAt: at(dates.receivedAt).toISOString() }],
  },
});

const late = "000.20.01.H99-261110-8001";
const open = "000.20.01.H99-261125-8002";

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  const users = await demoUserIds(handle.db);
  const agencies = await handle.db.selectFrom("agencies").select(["id", "code"]).execute();
  trungTam = agencies.find((agency) => agency.code === AGENCY)!.id;
  const registered = await registerSectorSystem(handle.db, {
    actor: {
      userId: users["quantri.hethong"]!,
      username: "quantri.hethong",
      kind: "officer",
      fullName: "Quản trị hệ thống",
      grants: [{ role: "system_admin", agencyId: null, unitId: null }],
    } as never,
    scope: { all: true },
    now,
    sealKey: "khoa-niem-phong-kiem-thu",
    code: "hotich-test",
    name: "Phần mềm hộ tịch",
    kind: "civil_status",
    procedureCodes: ["1.001193"],
    agencyCodes: [AGENCY],
  });
  system = (await findSectorSystemByKey(handle.db, registered.apiKey, "khoa-niem-phong-kiem-thu"))!;
  expect(system.hmacSecret).toBe(registered.hmacSecret);
}, 300_000);
afterAll(async () => handle.close());

describe("a sector system's dossiers everywhere a dossier shows (R-STATUS-4)", () => {
  // Three statistics reads before and after, each a pass over the seeded province: slow on a busy machine.
  it("appear in the dashboard's figures and the 766 index (2.1), a late one among the lost dossiers", {
    timeout: 240_000,
  }, async () => {
    await projectTimeliness(handle.db, { now });
    const liveBefore = await liveCounts(handle.db, { agencyIds: [trungTam] }, now);
    const periodBefore = await periodMetrics(handle.db, { agencyIds: [trungTam] }, november);
    const kpiBefore = await kpiIndex(handle.db, { agencyIds: [trungTam], period: november, now });

    // Received 10 November, due 11 November, result only on the 13th: late (R-KPI-4).
    const dates = {
      receivedAt: "2026-11-10T09:00",
      appointmentAt: "2026-11-11T09:00",
      resultAt: "2026-11-13T15:00",
    };
    for (const [n, status] of [2, 4, 9, 10].entries())
      await reportSectorDossier(handle.db, {
        system,
        payload: report(late, n, status, {
          ...dates,
          reportedAt: `2026-11-13T${String(15 + n).padStart(2, "0")}:30`,
        }),
        now,
      });
    await reportSectorDossier(handle.db, {
      system,
      payload: report(open, 1, 4, {
        receivedAt: "2026-11-25T09:00",
        appointmentAt: "2026-12-10T09:00",
        reportedAt: "2026-11-25T10:00",
      }),
      now,
    });
    await projectTimeliness(handle.db, { now });

    const live = await liveCounts(handle.db, { agencyIds: [trungTam] }, now);
    expect(live.totals.inProcess).toBe(liveBefore.totals.inProcess + 1);
    const period = await periodMetrics(handle.db, { agencyIds: [trungTam] }, november);
    expect(period.received).toBe(periodBefore.received + 2);
    expect(period.channels.counter).toBe(periodBefore.channels.counter + 2);
    expect(period.late).toBe(periodBefore.late + 1);
    const kpi = await kpiIndex(handle.db, { agencyIds: [trungTam], period: november, now });
    const before21 = kpiBefore.indicators.find((score) => score.code === "2.1")!;
    const after21 = kpi.indicators.find((score) => score.code === "2.1")!;
    // Both count: the late one ended in November, the open one is on time at the period's end.
    expect(after21.denominator).toBe((before21.denominator ?? 0) + 2);
    expect(after21.numerator).toBe((before21.numerator ?? 0) + 1);
    const lost = await kpiDrillDown(handle.db, {
      agencyIds: [trungTam],
      period: november,
      now,
      indicator: "2.1",
    });
    expect(lost.items.map((item) => item.code)).toContain(late);
  });

  it("are found by the public lookup, with the same answer as any dossier", async () => {
    const found = await lookupDossier(handle.db, late.toLowerCase(), {
      publicUrl: "https://dichvucong.example.vn",
      maskNames: false,
    });
    expect(found).toMatchObject({
      code: late,
      status: { code: 10, name: "Đã trả kết quả" },
      applicantName: "Đỗ Văn Bình",
      receivingAgency: "Ủy ban nhân dân phường Trung Tâm",
      receivedAt: at("2026-11-10T09:00").toISOString(),
      appointmentAt: at("2026-11-11T09:00").toISOString(),
    });
    const english = await lookupDossier(handle.db, open, {
      publicUrl: "https://dichvucong.example.vn",
      maskNames: true,
      language: "en",
    });
    expect(english?.status).toEqual({ code: 4, name: "Processing" });
    expect(english?.applicantNameMasked).toBe(true);
  });

  it("are picked up by the sync to the national portal (R-SYNC-1): the dossier record with the reported status", async () => {
    // The sync reads each event's dossier as it is now: one record while nothing synced changes between events.
    for (let round = 0; round < 100; round += 1)
      if ((await fanOutSync(handle.db, now, { publicUrl: "https://dichvucong.example.vn" })).events === 0)
        break;
    for (const code of [late, open]) {
      const dossier = await handle.db
        .selectFrom("dossiers")
        .select(["id", "status"])
        .where("code", "=", code)
        .executeTakeFirstOrThrow();
      const deliveries = await handle.db
        .selectFrom("outbound_deliveries")
        .selectAll()
        .where("dossier_id", "=", dossier.id)
        .where("destination", "=", DVCQG_DESTINATION)
        .orderBy("sequence")
        .execute();
      expect(deliveries.length, code).toBeGreaterThanOrEqual(1);
      const records = deliveries.map(
        (delivery) =>
          (delivery.payload as { service: string; data: { MaHoSo: string; TrangThaiHoSo: unknown }[] })
            .data[0]!,
      );
      expect(records.every((record) => record.MaHoSo === code)).toBe(true);
      expect(Number(records.at(-1)!.TrangThaiHoSo)).toBe(dossier.status);
    }
  });
});
