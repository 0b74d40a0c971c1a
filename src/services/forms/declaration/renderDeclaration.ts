import PDFDocument from "pdfkit";
import {
  type DeclarationBlock,
  declarationBlocks,
  declarationOf,
} from "../../../domain/eform/declaration.ts";
import { fontData } from "../pdf/fonts.ts";

/** A4 in points; margins of an administrative document (left 30 mm, right 15 mm, top and bottom 20 mm). */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 57, bottom: 57, left: 85, right: 43 };
const WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;

export interface DeclarationContext {
  /** The agency the declaration is addressed to ("Kính gửi"), unless the form names its addressee. */
  agencyName: string;
  /** The place on the dateline (the agency's commune or province). */
  place: string;
  /** When the citizen submitted it: the dateline, and the PDF's dates, so the same data give the same bytes. */
  at: Date;
  /** The procedure (printed small under the title). */
  procedure: { code: string; name: string };
  /** The account holder who signs it electronically (người nộp); the requester's name is printed when present. */
  submitterName: string;
  dossierCode?: string | undefined;
}

const pad = (value: number) => String(value).padStart(2, "0");

function provinceDate(at: Date) {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  return { day: local.getUTCDate(), month: local.getUTCMonth() + 1, year: local.getUTCFullYear() };
}

/**
 * The filled declaration as the official paper form (issue #19, R-SUB-1): the national motto heading "CỘNG HÒA XÃ
 * HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc", the legal form's reference, the title, "Kính gửi", the
 * answers section by section (tables where the form has tables), the commitment, the dateline and the signature
 * block of the requester — in the embedded Tinos face, with every Vietnamese letter. Rendered from the schema and the
 * data only (dated at submission), so the stored file and a later rendering are the same bytes.
 */
export async function renderDeclaration(
  schema: Record<string, unknown>,
  formData: Record<string, unknown>,
  context: DeclarationContext,
): Promise<Uint8Array> {
  const spec = declarationOf(schema);
  const title = spec?.title ?? String(schema.title ?? "TỜ KHAI").toUpperCase();
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    compress: true,
    lang: "vi-VN",
    displayTitle: true,
    info: {
      Title: context.dossierCode ? `${title} ${context.dossierCode}` : title,
      Subject: `${context.procedure.name} (${context.procedure.code})`,
      Creator: "OneStop",
      Producer: "OneStop",
      CreationDate: context.at,
      ModDate: context.at,
    },
  });
  const chunks: Buffer[] = [];
  const bytes = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  const fonts = fontData();
  doc.registerFont("regular", fonts.regular);
  doc.registerFont("bold", fonts.bold);
  doc.registerFont("italic", fonts.italic);

  if (spec?.legalForm)
    doc.font("italic").fontSize(9).text(spec.legalForm, MARGIN.left, doc.y, { width: WIDTH, align: "right" });
  doc.moveDown(0.4);
  const center = { width: WIDTH, align: "center" as const };
  doc.font("bold").fontSize(12).text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", MARGIN.left, doc.y, center);
  doc.font("bold").fontSize(12.5).text("Độc lập - Tự do - Hạnh phúc", center);
  const ruleY = doc.y + 2;
  doc
    .moveTo(MARGIN.left + WIDTH * 0.33, ruleY)
    .lineTo(MARGIN.left + WIDTH * 0.67, ruleY)
    .lineWidth(0.6)
    .stroke();
  doc.y = ruleY + 16;
  doc.font("bold").fontSize(14).text(title, MARGIN.left, doc.y, center);
  doc.font("italic").fontSize(10).text(`(${context.procedure.name})`, center);
  doc.moveDown(0.8);
  doc
    .font("bold")
    .fontSize(12)
    .text("Kính gửi: ", MARGIN.left, doc.y, { width: WIDTH, continued: true })
    .font("regular")
    .text(spec?.addressee ?? context.agencyName);
  doc.moveDown(0.5);

  for (const block of declarationBlocks(schema, formData)) writeBlock(doc, block);

  doc.moveDown(0.6);
  if (spec?.commitment) {
    ensureSpace(doc, 40);
    doc
      .font("regular")
      .fontSize(12)
      .text(spec.commitment, MARGIN.left, doc.y, { width: WIDTH, align: "justify" });
  }
  doc.moveDown(1);
  ensureSpace(doc, 120);
  const date = provinceDate(context.at);
  const signX = MARGIN.left + WIDTH * 0.45;
  const signWidth = WIDTH * 0.55;
  const sign = { width: signWidth, align: "center" as const };
  doc
    .font("italic")
    .fontSize(12)
    .text(
      `${context.place}, ngày ${pad(date.day)} tháng ${pad(date.month)} năm ${date.year}`,
      signX,
      doc.y,
      sign,
    );
  doc.font("bold").text(spec?.signer ?? "NGƯỜI YÊU CẦU", signX, doc.y, sign);
  doc.font("italic").fontSize(11).text("(Ký, ghi rõ họ, chữ đệm, tên)", signX, doc.y, sign);
  doc
    .font("italic")
    .fontSize(10)
    .text("Đã nộp trực tuyến, ký bằng tài khoản định danh điện tử", signX, doc.y + 8, sign);
  doc
    .font("bold")
    .fontSize(12)
    .text(requesterName(schema, formData) ?? context.submitterName, signX, doc.y + 30, sign);
  doc.end();
  return bytes;
}

function requesterName(schema: Record<string, unknown>, formData: Record<string, unknown>): string | null {
  const spec = declarationOf(schema);
  const group = spec?.requester ? formData[spec.requester] : undefined;
  const name = group && typeof group === "object" ? (group as Record<string, unknown>).hoTen : undefined;
  return typeof name === "string" && name.trim() ? name.trim() : null;
}

function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > BOTTOM) doc.addPage();
}

function writeBlock(doc: PDFKit.PDFDocument, block: DeclarationBlock): void {
  const indent = MARGIN.left + block.depth * 12;
  const width = WIDTH - block.depth * 12;
  switch (block.kind) {
    case "section":
      ensureSpace(doc, 40);
      doc.moveDown(0.3);
      doc.font("bold").fontSize(12).text(block.title, indent, doc.y, { width });
      doc.moveDown(0.15);
      return;
    case "field":
      ensureSpace(doc, 18);
      doc
        .font("regular")
        .fontSize(12)
        .text(`${block.label}: `, indent, doc.y, { width, continued: true })
        .font("bold")
        .text(block.value === "" ? "……………………" : block.value);
      doc.moveDown(0.1);
      return;
    case "table":
      writeTable(doc, block, indent, width);
      return;
  }
}

function writeTable(
  doc: PDFKit.PDFDocument,
  block: Extract<DeclarationBlock, { kind: "table" }>,
  left: number,
  width: number,
): void {
  ensureSpace(doc, 50);
  doc.font("bold").fontSize(12).text(`${block.title}:`, left, doc.y, { width });
  doc.moveDown(0.2);
  const columns = ["STT", ...block.columns];
  const widths = columns.map((_, index) =>
    index === 0 ? 28 : (width - 28) / Math.max(block.columns.length, 1),
  );
  const padding = 3;
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? "bold" : "regular").fontSize(10);
    const height =
      Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i]! - 2 * padding }))) +
      2 * padding;
    if (doc.y + height > BOTTOM) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      doc.lineWidth(0.5).rect(x, y, widths[i]!, height).stroke();
      doc.text(cell, x + padding, y + padding, {
        width: widths[i]! - 2 * padding,
        align: bold ? "center" : "left",
      });
      x += widths[i]!;
    });
    doc.y = y + height;
  };
  row(columns, true);
  const rows = block.rows.length > 0 ? block.rows : [block.columns.map(() => "")];
  rows.forEach((cells, index) => {
    row([String(index + 1), ...cells], false);
  });
  doc.x = MARGIN.left;
  doc.moveDown(0.5);
}
