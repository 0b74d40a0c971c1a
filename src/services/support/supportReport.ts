import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { instantAt } from "../../domain/calendar/workingCalendar.ts";
import { isPastTarget } from "../../domain/operations/incidentClocks.ts";
import type { ReportPeriod } from "../../domain/operations/reportPeriod.ts";
import { TICKET_CHANNELS, TICKET_STATUSES, TICKET_TOPICS } from "../../domain/operations/supportTickets.ts";
import { ticketQuery, viewOf } from "./supportTicketStore.ts";

/**
 * The quarterly and half-yearly support report (R-OPS-4): tickets received in the period, by channel, status and
 * topic, and how many met their response and resolution targets. A clock still running at `now` is neither met nor
 * missed yet; the rate is over the clocks that are decided (null when none is).
 */
export interface SupportReport {
  period: ReportPeriod;
  total: number;
  byChannel: Record<string, number>;
  byStatus: Record<string, number>;
  byTopic: Record<string, number>;
  response: TargetCount;
  resolution: TargetCount;
}

export interface TargetCount {
  met: number;
  missed: number;
  pending: number;
  /** Percentage of decided clocks that met the target, two decimals; null without any decided clock. */
  rate: number | null;
}

const zeroes = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, 0]));

function rateOf(count: Omit<TargetCount, "rate">): TargetCount {
  const decided = count.met + count.missed;
  return { ...count, rate: decided === 0 ? null : Math.round((count.met / decided) * 10_000) / 100 };
}

export async function supportReport(
  db: Kysely<Database>,
  input: { period: ReportPeriod; now: Date },
): Promise<SupportReport> {
  const rows = await ticketQuery(db)
    .where("t.created_at", ">=", instantAt(input.period.from, "00:00"))
    .where("t.created_at", "<", instantAt(input.period.toExclusive, "00:00"))
    .execute();
  const byChannel = zeroes(TICKET_CHANNELS);
  const byStatus = zeroes(TICKET_STATUSES);
  const byTopic = zeroes(TICKET_TOPICS);
  const response = { met: 0, missed: 0, pending: 0 };
  const resolution = { met: 0, missed: 0, pending: 0 };
  for (const row of rows) {
    const view = viewOf(row, input.now);
    byChannel[view.channel]! += 1;
    byStatus[view.status]! += 1;
    byTopic[view.topic]! += 1;
    for (const [mark, count] of [
      [view.responseMark, response],
      [view.resolutionMark, resolution],
    ] as const) {
      if (mark === "onTime") count.met += 1;
      else if (isPastTarget(mark)) count.missed += 1;
      else count.pending += 1;
    }
  }
  return {
    period: input.period,
    total: rows.length,
    byChannel,
    byStatus,
    byTopic,
    response: rateOf(response),
    resolution: rateOf(resolution),
  };
}

const LABELS: Record<string, string> = {
  web: "Trên Cổng/Một cửa điện tử",
  hotline: "Đường dây nóng",
  new: "Mới",
  in_progress: "Đang xử lý",
  waiting_requester: "Chờ người yêu cầu",
  resolved: "Đã giải quyết",
  closed: "Đã đóng",
  account: "Tài khoản, đăng nhập",
  submission: "Nộp hồ sơ",
  payment: "Thanh toán",
  lookup: "Tra cứu",
  technical: "Lỗi kỹ thuật",
  other: "Khác",
};

/** The report as CSV (UTF-8 with a byte-order mark so spreadsheet programs read the diacritics), via exceljs. */
export async function supportReportCsv(report: SupportReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Bao cao ho tro");
  sheet.addRow(["Nhóm", "Chỉ tiêu", "Số lượng"]);
  sheet.addRow(["Kỳ báo cáo", report.period.code, ""]);
  sheet.addRow(["Tổng số", "Yêu cầu hỗ trợ tiếp nhận", report.total]);
  for (const [group, counts] of [
    ["Kênh", report.byChannel],
    ["Trạng thái", report.byStatus],
    ["Chủ đề", report.byTopic],
  ] as const)
    for (const [key, value] of Object.entries(counts)) sheet.addRow([group, LABELS[key] ?? key, value]);
  for (const [group, count] of [
    ["Phản hồi lần đầu", report.response],
    ["Giải quyết", report.resolution],
  ] as const) {
    sheet.addRow([group, "Đúng hạn", count.met]);
    sheet.addRow([group, "Quá hạn", count.missed]);
    sheet.addRow([group, "Đang tính giờ", count.pending]);
    sheet.addRow([
      group,
      "Tỷ lệ đúng hạn (%)",
      count.rate === null ? "Chưa có dữ liệu" : count.rate.toFixed(2),
    ]);
  }
  const csv = Buffer.from(await workbook.csv.writeBuffer());
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv]);
}
