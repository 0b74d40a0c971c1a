import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import {
  type MonthlyReport,
  monthlyReport,
  monthlyReportExcel,
  monthlyReportPdf,
  REPORT_COLUMNS,
} from "../../../src/services/reports/monthlyReport.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { pdfText } from "../forms/pdfReading.ts";
import { insertFixtureDossier, TAI_CHINH, TRUNG_TAM } from "../statistics/statisticsFixtures.ts";

const at = (text: string) => new Date(text);
const NOW = at("2026-11-03T02:00:00Z");

describe("the monthly report (R-OPS-5) in Excel and PDF", () => {
  let handle: DatabaseHandle;
  let province: MonthlyReport;
  let trungTamId: string;

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    const db = handle.db;
    // Phường Trung Tâm in October: 3 received (2 online, 1 counter); one early, one late, one still open.
    await insertFixtureDossier(db, {
      code: "TT-EARLY",
      agencyCode: TRUNG_TAM,
      channel: "online",
      receivedAt: at("2026-10-01T02:00:00Z"),
      dueAt: at("2026-10-08T10:00:00Z"),
      processedAt: at("2026-10-02T03:00:00Z"),
    });
    await insertFixtureDossier(db, {
      code: "TT-LATE",
      agencyCode: TRUNG_TAM,
      channel: "counter",
      receivedAt: at("2026-10-01T02:00:00Z"),
      dueAt: at("2026-10-08T10:00:00Z"),
      processedAt: at("2026-10-15T03:00:00Z"),
    });
    await insertFixtureDossier(db, {
      code: "TT-OPEN",
      agencyCode: TRUNG_TAM,
      channel: "online",
      receivedAt: at("2026-10-28T02:00:00Z"),
      dueAt: at("2026-11-20T10:00:00Z"),
    });
    // Sở Tài chính: one on time to the hour (processed at its appointment).
    await insertFixtureDossier(db, {
      code: "TC-ONTIME",
      agencyCode: TAI_CHINH,
      channel: "postal",
      receivedAt: at("2026-10-05T02:00:00Z"),
      dueAt: at("2026-10-12T09:00:00Z"),
      processedAt: at("2026-10-12T09:00:00Z"),
    });
    province = await monthlyReport(db, { scope: { agencyIds: null }, month: "2026-10", now: NOW });
    trungTamId = (
      await db.selectFrom("agencies").select("id").where("code", "=", TRUNG_TAM).executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("counts by agency and for the province", () => {
    const m = province.metrics;
    expect([m.received, m.resolved, m.early, m.onTime, m.late]).toEqual([4, 3, 1, 1, 1]);
    expect(m.channels).toEqual({ counter: 1, online: 2, postal: 1 });
    expect(m.onTimeRate).toBe(66.67);
    expect(m.onlineShare).toBe(50);
    expect(m.onlinePaymentShare).toBeNull();
    const trungTam = m.byAgency.find((agency) => agency.agencyId === trungTamId)!;
    expect([trungTam.received, trungTam.online, trungTam.resolved, trungTam.early, trungTam.late]).toEqual([
      3, 2, 2, 1, 1,
    ]);
    expect(trungTam.onTimeRate).toBe(50);
  });

  it("the Excel workbook holds the same table, totals and 'no data yet' for online payment", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await monthlyReportExcel(province)).buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("Tháng 2026-10");
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]![0]).toBe("BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG 10/2026");
    expect(rows[1]![0]).toBe("Phạm vi: Toàn tỉnh");
    expect(rows[3]).toEqual([...REPORT_COLUMNS]);
    const trungTam = rows.find((row) => row[1] === "Ủy ban nhân dân phường Trung Tâm")!;
    expect(trungTam.slice(2)).toEqual([3, 2, 2, 1, 0, 1, "50.00%"]);
    const taiChinh = rows.find((row) => row[1] === "Sở Tài chính tỉnh Demo")!;
    expect(taiChinh.slice(2)).toEqual([1, 0, 1, 0, 1, 0, "100.00%"]);
    const total = rows.find((row) => row[1] === "Tổng cộng")!;
    expect(total.slice(2)).toEqual([4, 2, 3, 1, 1, 1, "66.67%"]);
    expect(rows.find((row) => row[1] === "Tỷ lệ thanh toán trực tuyến")![2]).toBe("Chưa có dữ liệu");
    expect(rows.find((row) => row[1] === "Tỷ lệ hồ sơ trực tuyến")![2]).toBe("50.00%");
  });

  it("the PDF says the same in Vietnamese", async () => {
    const text = await pdfText(await monthlyReportPdf(province, at("2026-11-01T00:00:00+07:00")));
    expect(text).toContain("BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG 10/2026");
    expect(text).toContain("Phạm vi: Toàn tỉnh");
    expect(text).toContain("Ủy ban nhân dân phường Trung Tâm 3 2 2 1 0 1 50.00%");
    expect(text).toContain("Tổng cộng 4 2 3 1 1 1 66.67%");
    expect(text).toContain("Tỷ lệ thanh toán trực tuyến");
    expect(text).toContain("Chưa có dữ liệu");
  });

  it("an agency's report counts only that agency", async () => {
    const own = await monthlyReport(handle.db, {
      scope: { agencyIds: [trungTamId] },
      month: "2026-10",
      now: NOW,
    });
    expect(own.scopeName).toBe("Ủy ban nhân dân phường Trung Tâm");
    expect([own.metrics.received, own.metrics.resolved, own.metrics.late]).toEqual([3, 2, 1]);
    expect(own.metrics.byAgency.map((agency) => agency.agencyId)).toEqual([trungTamId]);
  });
});
