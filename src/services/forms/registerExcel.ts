import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { REGISTER_COLUMNS, registerCells } from "./documents/trackingRegister.ts";
import { formDay } from "./pdf/formDocument.ts";
import { loadTrackingRegister, type TrackingRegisterInput } from "./trackingRegister.ts";

/** Column widths in characters: the PDF's shares scaled so the long texts (procedure, applicant) stay readable. */
const CHARACTERS_PER_SHARE = 3;

/**
 * The Sổ theo dõi hồ sơ (R-FORM-6) as an Excel workbook: the same checks, rows and columns as the PDF
 * (trackingRegister.ts), for an office that keeps or filters its register in a spreadsheet. The sheet has the
 * agency, the sector and the period above the table, the header row frozen, and the total below.
 *
 * Outcomes: as the PDF's — the workbook bytes and file name; 404, 403, 400.
 */
export async function trackingRegisterExcel(
  db: Kysely<Database>,
  input: TrackingRegisterInput,
): Promise<{ fileName: string; content: Uint8Array }> {
  const { detail, fileStem } = await loadTrackingRegister(db, input);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "OneStop";
  // The period's end, as the PDF: the same period and data give the same workbook.
  workbook.created = detail.at;
  workbook.modified = detail.at;
  const sheet = workbook.addWorksheet("Sổ theo dõi", {
    pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const last = REGISTER_COLUMNS.length;
  const title = (row: number, text: string, bold = false) => {
    sheet.mergeCells(row, 1, row, last);
    const cell = sheet.getCell(row, 1);
    cell.value = text;
    cell.font = { bold, size: bold ? 14 : 11 };
    cell.alignment = { horizontal: "center" };
  };
  title(1, detail.unitName ? `${detail.agencyName} — ${detail.unitName}` : detail.agencyName);
  title(2, "SỔ THEO DÕI HỒ SƠ", true);
  title(
    3,
    `Lĩnh vực: ${detail.sector.name} (${detail.sector.code}) — từ ngày ${formDay(detail.from)} đến ngày ${formDay(detail.to)}`,
  );
  const HEADER_ROW = 5;
  const header = sheet.getRow(HEADER_ROW);
  REGISTER_COLUMNS.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    cell.border = {
      top: { style: "thin" },
      bottom: { style: "thin" },
      left: { style: "thin" },
      right: { style: "thin" },
    };
    sheet.getColumn(index + 1).width = column.width * CHARACTERS_PER_SHARE;
  });
  detail.lines.forEach((line, index) => {
    const cells = registerCells(line, index);
    const row = sheet.getRow(HEADER_ROW + 1 + index);
    cells.forEach((text, column) => {
      const cell = row.getCell(column + 1);
      // The number column as a number, so the sheet sorts and counts it; everything else as printed.
      cell.value = column === 0 ? index + 1 : text;
      cell.alignment = {
        vertical: "top",
        wrapText: true,
        horizontal: REGISTER_COLUMNS[column]!.align ?? "left",
      };
      cell.border = {
        top: { style: "thin" },
        bottom: { style: "thin" },
        left: { style: "thin" },
        right: { style: "thin" },
      };
    });
  });
  const total = sheet.getCell(HEADER_ROW + detail.lines.length + 2, 1);
  total.value = `Tổng số hồ sơ: ${detail.lines.length}`;
  total.font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: HEADER_ROW }];
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: last } };
  const buffer = await workbook.xlsx.writeBuffer();
  return { fileName: `${fileStem}.xlsx`, content: new Uint8Array(buffer as ArrayBuffer) };
}
