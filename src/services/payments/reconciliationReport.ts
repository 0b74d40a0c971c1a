import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { type Actor, agencyIdsFor, hasRole } from "../accounts/actor.ts";
import { listDifferences, vietnamDayBounds } from "./reconcileDay.ts";

const KIND_LABEL: Record<string, string> = {
  unknownHere: "Có trên sao kê, không có trong hệ thống",
  missingThere: "Có trong hệ thống, không có trên sao kê",
  amountMismatch: "Chênh lệch số tiền",
};
const METHOD_LABEL: Record<string, string> = {
  onlineNational: "Trực tuyến (DVCQG)",
  onlineProvincial: "Trực tuyến (cổng tỉnh)",
  cash: "Tiền mặt",
  card: "Thẻ",
};

/**
 * The reconciliation report (R-FEE-2) of a day (`YYYY-MM-DD`) or a month (`YYYY-MM`), as Excel: every payment of the
 * period in the caller's agencies with its receipt, and every difference with its resolution.
 */
export async function reconciliationReport(
  db: Kysely<Database>,
  actor: Actor,
  period: { day?: string; month?: string },
): Promise<Buffer> {
  const firstDay = period.day ?? `${period.month}-01`;
  const lastDay =
    period.day ??
    (() => {
      const [year, month] = (period.month as string).split("-").map(Number) as [number, number];
      return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    })();
  const from = vietnamDayBounds(firstDay).from;
  const to = vietnamDayBounds(lastDay).to;
  const all = hasRole(actor, ["system_admin", "service_center_monitor"]);
  const agencies = agencyIdsFor(actor, ["counter_officer", "agency_leader"]);
  let query = db
    .selectFrom("payment_transactions")
    .innerJoin("dossiers", "dossiers.id", "payment_transactions.dossier_id")
    .innerJoin("agencies", "agencies.id", "payment_transactions.agency_id")
    .leftJoin("receipts", "receipts.transaction_row_id", "payment_transactions.id")
    .select([
      "payment_transactions.paid_at",
      "payment_transactions.transaction_id",
      "dossiers.code as dossier_code",
      "agencies.name as agency_name",
      "payment_transactions.method",
      "payment_transactions.amount",
      "payment_transactions.outcome",
      "receipts.series",
      "receipts.number",
    ])
    .where("payment_transactions.paid_at", ">=", from)
    .where("payment_transactions.paid_at", "<", to)
    .where("payment_transactions.outcome", "!=", "failed")
    .orderBy("payment_transactions.paid_at");
  if (!all)
    query = query.where(
      "payment_transactions.agency_id",
      "in",
      agencies.length ? agencies : ["00000000-0000-0000-0000-000000000000"],
    );
  const payments = await query.execute();
  const differences = await listDifferences(db, actor, { from: firstDay, to: lastDay });

  const book = new ExcelJS.Workbook();
  book.creator = "OneStop";
  const title = period.day ? `ngày ${period.day}` : `tháng ${period.month}`;
  const sheet = book.addWorksheet("Thanh toán");
  sheet.addRow([`BÁO CÁO ĐỐI SOÁT THANH TOÁN PHÍ, LỆ PHÍ ${title.toUpperCase()}`]).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow([
    "Thời điểm",
    "Mã giao dịch",
    "Mã hồ sơ",
    "Cơ quan",
    "Hình thức",
    "Số tiền (đồng)",
    "Tình trạng",
    "Biên lai",
  ]).font = {
    bold: true,
  };
  let total = 0;
  for (const row of payments) {
    const amount = Number(row.amount);
    if (row.outcome === "accepted") total += amount;
    sheet.addRow([
      row.paid_at,
      row.transaction_id,
      row.dossier_code,
      row.agency_name,
      METHOD_LABEL[row.method] ?? row.method,
      amount,
      row.outcome === "accepted" ? "Đã ghi nhận" : "Chờ/đã xử lý sai lệch",
      row.series ? `${row.series}-${String(row.number).padStart(7, "0")}` : "",
    ]);
  }
  sheet.addRow(["Tổng đã ghi nhận", "", "", "", "", total]).font = { bold: true };
  sheet.getColumn(1).numFmt = "dd/mm/yyyy hh:mm";
  sheet.getColumn(6).numFmt = "#,##0";
  for (const [index, width] of [18, 30, 28, 36, 20, 16, 22, 16].entries())
    sheet.getColumn(index + 1).width = width;

  const diff = book.addWorksheet("Chênh lệch");
  diff.addRow([
    "Ngày",
    "Loại chênh lệch",
    "Mã giao dịch",
    "Mã hồ sơ",
    "Số tiền sao kê",
    "Số tiền hệ thống",
    "Xử lý",
    "Người xử lý",
  ]).font = {
    bold: true,
  };
  for (const row of differences)
    diff.addRow([
      row.day,
      KIND_LABEL[row.kind] ?? row.kind,
      row.transactionId,
      row.dossierCode ?? "",
      row.statementAmount ?? "",
      row.recordedAmount ?? "",
      row.resolution ?? "Chưa xử lý",
      row.resolvedBy ?? "",
    ]);
  for (const [index, width] of [12, 38, 30, 28, 16, 16, 40, 24].entries())
    diff.getColumn(index + 1).width = width;
  return Buffer.from(await book.xlsx.writeBuffer());
}
