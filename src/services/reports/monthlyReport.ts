import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { FormDocument } from "../forms/pdf/formDocument.ts";
import { monthPeriod } from "../statistics/period.ts";
import { type PeriodMetrics, periodMetrics } from "../statistics/periodMetrics.ts";
import { projectTimeliness } from "../statistics/projectTimeliness.ts";
import type { StatisticsScope } from "../statistics/scope.ts";

/**
 * The monthly statistics report (R-OPS-5, S1 Đ9.2): per agency and for the province (or the reader's agencies) —
 * dossiers received, resolved, early / on time / late by R-KPI-4, the on-time rate and the online share — as an
 * Excel workbook and a PDF. Online payment has no data yet and is written as such, never as a figure.
 */
export interface MonthlyReport {
  month: string;
  scopeName: string;
  metrics: PeriodMetrics;
}

export async function monthlyReport(
  db: Kysely<Database>,
  input: { scope: StatisticsScope; month: string; now: Date },
  /** Where the figures are read (issue #21: the read replica within its bound); the projection writes to `db`. */
  reader: Kysely<Database> = db,
): Promise<MonthlyReport> {
  const period = monthPeriod(input.month);
  await projectTimeliness(db, { now: input.now });
  // A closed month from its month-end snapshot (issue #21, R-KPI-5: frozen at the close), else live.
  const metrics = await periodMetrics(reader, input.scope, period, { now: input.now });
  let scopeName = "Toàn tỉnh";
  if (input.scope.agencyIds !== null) {
    const names = await reader
      .selectFrom("agencies")
      .select("name")
      .where("id", "in", input.scope.agencyIds)
      .execute();
    scopeName = names.map((row) => row.name).join(", ");
  }
  return { month: input.month, scopeName, metrics };
}

const NO_DATA = "Chưa có dữ liệu";
const percent = (value: number | null) => (value === null ? NO_DATA : `${value.toFixed(2)}%`);
const monthText = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

export const REPORT_COLUMNS = [
  "STT",
  "Cơ quan",
  "Tiếp nhận",
  "Trực tuyến",
  "Đã giải quyết",
  "Trước hạn",
  "Đúng hạn",
  "Trễ hạn",
  "Tỷ lệ đúng hạn",
] as const;

function tableRows(report: MonthlyReport): string[][] {
  const { metrics } = report;
  const rows = metrics.byAgency.map((agency, index) => [
    String(index + 1),
    agency.name ?? "",
    String(agency.received),
    String(agency.online),
    String(agency.resolved),
    String(agency.early),
    String(agency.onTime),
    String(agency.late),
    percent(agency.onTimeRate),
  ]);
  rows.push([
    "",
    "Tổng cộng",
    String(metrics.received),
    String(metrics.channels.online),
    String(metrics.resolved),
    String(metrics.early),
    String(metrics.onTime),
    String(metrics.late),
    percent(metrics.onTimeRate),
  ]);
  return rows;
}

function summaryLines(report: MonthlyReport): [string, string][] {
  const { metrics } = report;
  return [
    ["Tỷ lệ hồ sơ trực tuyến", percent(metrics.onlineShare)],
    ["Tỷ lệ hồ sơ được số hóa", percent(metrics.digitizedShare)],
    ["Tỷ lệ thanh toán trực tuyến", NO_DATA],
  ];
}

export async function monthlyReportExcel(report: MonthlyReport): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "OneStop";
  const sheet = workbook.addWorksheet(`Tháng ${report.month}`);
  sheet.addRow([`BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG ${monthText(report.month)}`]);
  sheet.addRow([`Phạm vi: ${report.scopeName}`]);
  sheet.addRow([]);
  const header = sheet.addRow([...REPORT_COLUMNS]);
  header.font = { bold: true };
  for (const row of tableRows(report)) {
    // Figures as numbers (sums and charts work in Excel); the rate stays text when there is no data.
    sheet.addRow(row.map((cell, index) => (index >= 2 && index <= 7 && cell !== "" ? Number(cell) : cell)));
  }
  sheet.lastRow!.font = { bold: true };
  sheet.addRow([]);
  for (const [label, value] of summaryLines(report)) sheet.addRow(["", label, value]);
  sheet.addRow(["", "Đúng hạn, trễ hạn tính theo chỉ số 2.1 Quyết định 766/QĐ-TTg"]);
  sheet.getColumn(2).width = 48;
  for (const column of [3, 4, 5, 6, 7, 8, 9]) sheet.getColumn(column).width = 14;
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export async function monthlyReportPdf(report: MonthlyReport, at: Date): Promise<Uint8Array> {
  const form = new FormDocument({
    title: `Báo cáo tháng ${monthText(report.month)}`,
    subject: "R-OPS-5",
    createdAt: at,
  });
  form
    .heading({ parent: null, unit: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", number: "…" }, "", at)
    .title(
      `BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG ${monthText(report.month)}`,
      `Phạm vi: ${report.scopeName}`,
    )
    .table(
      REPORT_COLUMNS.map((header, index) => ({
        header,
        width: index === 1 ? 30 : index === 0 ? 5 : 9,
        align: index === 1 ? ("left" as const) : ("center" as const),
      })),
      tableRows(report),
      8,
    );
  for (const [label, value] of summaryLines(report)) form.field(label, value);
  form.paragraph("Đúng hạn, trễ hạn tính theo chỉ số 2.1 Quyết định 766/QĐ-TTg.", "italic");
  return form.finish();
}
