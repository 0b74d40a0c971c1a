import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import { fontData } from "./fonts.ts";

/** A4 in points; margins of an administrative document (left 30 mm, right 15 mm, top and bottom 20 mm). */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 57, bottom: 57, left: 85, right: 43 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const SIZE = { body: 11, heading: 10, title: 13.5 };

const pad = (value: number) => String(value).padStart(2, "0");

/** The province-local calendar date of an instant (Asia/Ho_Chi_Minh is UTC+07:00 with no daylight saving). */
function provinceParts(at: Date) {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  return {
    day: local.getUTCDate(),
    month: local.getUTCMonth() + 1,
    year: local.getUTCFullYear(),
    hours: local.getUTCHours(),
    minutes: local.getUTCMinutes(),
  };
}

/** `hh:mm dd/mm/yyyy` in the province, as the forms print times (R-FORM-1, R-FORM-4). */
export function formTime(at: Date): string {
  const p = provinceParts(at);
  return `${pad(p.hours)}:${pad(p.minutes)} ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** `dd/mm/yyyy` in the province. */
export function formDay(at: Date): string {
  const p = provinceParts(at);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** The dateline of a document: `{place}, ngày dd tháng mm năm yyyy`. */
export function dateline(place: string, at: Date): string {
  const p = provinceParts(at);
  return `${place}, ngày ${pad(p.day)} tháng ${pad(p.month)} năm ${p.year}`;
}

export interface Issuer {
  /** The governing body printed above the issuing unit (e.g. the agency), when the unit is part of it. */
  parent: string | null;
  /** The issuing unit (printed bold, upper case). */
  unit: string;
  /** The document number, e.g. `…/PBS-TTPVHCC`. */
  number: string;
  /** The province's logo (issue #19 "The province's identity"), drawn left of the issuer block when set. */
  logo?: HeadingLogo | null;
}

/** A logo as printed: PNG/JPEG bytes, or an SVG's markup. */
export interface HeadingLogo {
  kind: "raster" | "svg";
  data: Uint8Array;
}

const LOGO_SIZE = 44;

export interface SignatureBlock {
  title: string;
  /** A line in italics under the title, e.g. "(Ký, ghi rõ họ tên)". */
  note?: string;
  name?: string | null;
}

export interface TableColumn {
  header: string;
  /** A share of the content width. */
  width: number;
  align?: "left" | "center" | "right";
}

/**
 * A small writer of one-stop forms on pdfkit: A4, the national heading beside the issuing unit, a dateline, a title,
 * labelled field rows, numbered lists, ruled tables and signature blocks, all in the embedded Vietnamese font. The
 * creation date is the event's time, never the clock, so the same data always give the same bytes (and sha256).
 */
export class FormDocument {
  private readonly doc: PDFKit.PDFDocument;
  private readonly bytes: Promise<Uint8Array>;

  constructor(options: { title: string; subject: string; createdAt: Date }) {
    this.doc = new PDFDocument({
      size: "A4",
      margins: MARGIN,
      autoFirstPage: true,
      bufferPages: false,
      compress: true,
      lang: "vi-VN",
      displayTitle: true,
      info: {
        Title: options.title,
        Subject: options.subject,
        Creator: "OneStop",
        Producer: "OneStop",
        CreationDate: options.createdAt,
        ModDate: options.createdAt,
      },
    });
    // Listen before anything is written: pdfkit streams the document as it goes.
    const chunks: Buffer[] = [];
    this.bytes = new Promise<Uint8Array>((resolve, reject) => {
      this.doc.on("data", (chunk: Buffer) => chunks.push(chunk));
      this.doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
      this.doc.on("error", reject);
    });
    const fonts = fontData();
    this.doc.registerFont("regular", fonts.regular);
    this.doc.registerFont("bold", fonts.bold);
    this.doc.registerFont("italic", fonts.italic);
    this.doc.font("regular").fontSize(SIZE.body);
  }

  /** The unit block (left) and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc" (right). */
  heading(issuer: Issuer, place: string, at: Date): this {
    const { doc } = this;
    const top = doc.y;
    const columnWidth = CONTENT_WIDTH * 0.45;
    const rightX = MARGIN.left + columnWidth + 6;
    const rightWidth = CONTENT_WIDTH - columnWidth - 6;
    // Nghị định 30/2020/NĐ-CP: the governing body (regular) above the issuing body (bold), both in capitals, centred,
    // a short rule under them, then the number. A logo, when set, stands at the margin and the block beside it.
    const logoDrawn = issuer.logo ? this.logo(issuer.logo, MARGIN.left, top) : false;
    const leftX = logoDrawn ? MARGIN.left + LOGO_SIZE + 4 : MARGIN.left;
    const leftWidth = columnWidth - (leftX - MARGIN.left);
    const left = { width: leftWidth, align: "center" as const };
    if (issuer.parent)
      doc
        .font("regular")
        .fontSize(SIZE.heading)
        .text(issuer.parent.toLocaleUpperCase("vi"), leftX, top, left);
    doc
      .font("bold")
      .fontSize(SIZE.heading)
      .text(issuer.unit.toLocaleUpperCase("vi"), leftX, issuer.parent ? doc.y : top, left);
    this.rule(leftX + leftWidth * 0.3, leftWidth * 0.4);
    doc.moveDown(0.4);
    doc.font("regular").text(`Số: ${issuer.number}`, leftX, doc.y, left);
    const leftBottom = Math.max(doc.y, logoDrawn ? top + LOGO_SIZE : 0);
    const right = { width: rightWidth, align: "center" as const };
    doc
      .font("bold")
      .fontSize(SIZE.heading - 0.5)
      .text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", rightX, top, right);
    doc.font("bold").fontSize(SIZE.heading).text("Độc lập - Tự do - Hạnh phúc", rightX, doc.y, right);
    this.rule(rightX + rightWidth * 0.22, rightWidth * 0.56);
    doc.moveDown(0.6);
    doc.font("italic").fontSize(SIZE.heading).text(dateline(place, at), rightX, doc.y, right);
    doc.y = Math.max(leftBottom, doc.y) + 18;
    doc.x = MARGIN.left;
    doc.font("regular").fontSize(SIZE.body);
    return this;
  }

  /** Draws the logo in a LOGO_SIZE square; false (and nothing drawn) when its bytes cannot be read as an image. */
  private logo(logo: HeadingLogo, x: number, y: number): boolean {
    try {
      if (logo.kind === "svg")
        SVGtoPDF(this.doc, new TextDecoder().decode(logo.data), x, y, {
          width: LOGO_SIZE,
          height: LOGO_SIZE,
          preserveAspectRatio: "xMidYMid meet",
        });
      else this.doc.image(Buffer.from(logo.data), x, y, { fit: [LOGO_SIZE, LOGO_SIZE], align: "center" });
      return true;
    } catch {
      return false;
    }
  }

  private rule(x: number, width: number): void {
    const y = this.doc.y + 2;
    this.doc
      .moveTo(x, y)
      .lineTo(x + width, y)
      .lineWidth(0.6)
      .stroke();
    this.doc.y = y + 3;
  }

  title(text: string, subtitle?: string): this {
    const { doc } = this;
    doc
      .font("bold")
      .fontSize(SIZE.title)
      .text(text, MARGIN.left, doc.y, { width: CONTENT_WIDTH, align: "center" });
    if (subtitle)
      doc.font("italic").fontSize(SIZE.body).text(subtitle, { width: CONTENT_WIDTH, align: "center" });
    doc.moveDown(0.8);
    doc.font("regular").fontSize(SIZE.body);
    return this;
  }

  /** A labelled row: `label: value` (value "…" when the dossier has none, so the blank stays visible). */
  field(label: string, value: string | number | null | undefined): this {
    const text = value === null || value === undefined || value === "" ? "…" : String(value);
    this.doc
      .font("bold")
      .text(`${label}: `, MARGIN.left, this.doc.y, { width: CONTENT_WIDTH, continued: true })
      .font("regular")
      .text(text);
    this.doc.moveDown(0.25);
    return this;
  }

  paragraph(text: string, style: "regular" | "bold" | "italic" = "regular"): this {
    this.doc.font(style).text(text, MARGIN.left, this.doc.y, { width: CONTENT_WIDTH, align: "justify" });
    this.doc.font("regular").moveDown(0.3);
    return this;
  }

  /** `1. item` lines (items to complete, reasons). */
  numbered(items: readonly string[]): this {
    items.forEach((item, index) => {
      this.doc.font("regular").text(`${index + 1}. ${item}`, MARGIN.left + 14, this.doc.y, {
        width: CONTENT_WIDTH - 14,
      });
      this.doc.moveDown(0.15);
    });
    this.doc.moveDown(0.3);
    return this;
  }

  /** A ruled table; rows break onto a new page (header repeated) when the page is full. */
  table(
    columns: readonly TableColumn[],
    rows: readonly (readonly string[])[],
    fontSize = SIZE.body - 1.5,
  ): this {
    const { doc } = this;
    const total = columns.reduce((sum, column) => sum + column.width, 0);
    const widths = columns.map((column) => (column.width / total) * CONTENT_WIDTH);
    const padding = 3;
    const drawRow = (cells: readonly string[], bold: boolean) => {
      doc.font(bold ? "bold" : "regular").fontSize(fontSize);
      const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i]! - 2 * padding }));
      const height = Math.max(...heights) + 2 * padding;
      if (doc.y + height > PAGE.height - MARGIN.bottom) {
        doc.addPage();
        if (!bold)
          drawRow(
            columns.map((column) => column.header),
            true,
          );
        doc.font(bold ? "bold" : "regular").fontSize(fontSize);
      }
      const y = doc.y;
      let x = MARGIN.left;
      cells.forEach((cell, i) => {
        doc.lineWidth(0.5).rect(x, y, widths[i]!, height).stroke();
        doc.text(cell, x + padding, y + padding, {
          width: widths[i]! - 2 * padding,
          align: bold ? "center" : (columns[i]!.align ?? "left"),
        });
        x += widths[i]!;
      });
      doc.y = y + height;
    };
    drawRow(
      columns.map((column) => column.header),
      true,
    );
    for (const row of rows) drawRow(row, false);
    doc.x = MARGIN.left;
    doc.font("regular").fontSize(SIZE.body).moveDown(0.8);
    return this;
  }

  /** An image (the QR code, R-CODE-6) at the left margin with lines of text beside it. */
  imageBlock(png: Uint8Array, size: number, lines: readonly string[]): this {
    const { doc } = this;
    if (doc.y + size > PAGE.height - MARGIN.bottom) doc.addPage();
    const y = doc.y;
    doc.image(Buffer.from(png), MARGIN.left, y, { width: size, height: size });
    doc.y = y + 6;
    for (const line of lines)
      doc.font("italic").text(line, MARGIN.left + size + 10, doc.y, { width: CONTENT_WIDTH - size - 10 });
    doc.font("regular");
    doc.x = MARGIN.left;
    doc.y = y + size + 4;
    return this;
  }

  /** Signature blocks side by side, each: bold title, italic note, space to sign, the name. */
  signatures(blocks: readonly SignatureBlock[]): this {
    const { doc } = this;
    doc.moveDown(0.8);
    if (doc.y + 110 > PAGE.height - MARGIN.bottom) doc.addPage();
    const top = doc.y;
    const width = CONTENT_WIDTH / blocks.length;
    blocks.forEach((block, i) => {
      const x = MARGIN.left + i * width;
      const options = { width, align: "center" as const };
      doc.font("bold").fontSize(SIZE.body).text(block.title, x, top, options);
      if (block.note) doc.font("italic").text(block.note, x, doc.y, options);
      if (block.name) doc.font("bold").text(block.name, x, doc.y + 60, options);
    });
    doc.x = MARGIN.left;
    doc.font("regular");
    return this;
  }

  /** Ends the document and returns its bytes. */
  async finish(): Promise<Uint8Array> {
    this.doc.end();
    return this.bytes;
  }
}
