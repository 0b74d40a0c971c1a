import { FormDocument, formDay, formTime, type TableColumn } from "../pdf/formDocument.ts";

export interface RegisterLine {
  code: string;
  procedureName: string;
  applicant: string;
  contact: string;
  leadAgency: string;
  receivedAt: Date;
  dueAt: Date | null;
  returnedAt: Date | null;
  returnChannel: string | null;
}

export interface RegisterDetail {
  agencyName: string;
  unitName: string | null;
  place: string;
  sector: { code: string; name: string };
  from: Date;
  to: Date;
  /** The PDF's date: the end of the period, so the same period and data give the same bytes. */
  at: Date;
  lines: readonly RegisterLine[];
}

const CHANNEL_TEXT: Record<string, string> = {
  counter: "Trực tiếp",
  post: "Bưu chính",
  online: "Trực tuyến",
};

/** The register's columns (R-FORM-6), shared by the PDF and the Excel workbook so both list the same. */
export const REGISTER_COLUMNS: readonly TableColumn[] = [
  { header: "STT", width: 5, align: "center" },
  { header: "Mã hồ sơ", width: 13 },
  { header: "Tên thủ tục", width: 13 },
  { header: "Tên cá nhân, tổ chức", width: 10 },
  { header: "Địa chỉ, số điện thoại", width: 10 },
  { header: "Cơ quan chủ trì giải quyết", width: 10 },
  { header: "Nhận hồ sơ", width: 8, align: "center" },
  { header: "Hẹn trả kết quả", width: 8, align: "center" },
  { header: "Ngày trả kết quả", width: 8, align: "center" },
  { header: "Phương thức nhận kết quả", width: 8, align: "center" },
  { header: "Ký nhận", width: 7 },
];

/** One dossier's cells in the register's columns, as printed (times in province time). */
export function registerCells(line: RegisterLine, index: number): string[] {
  return [
    String(index + 1),
    line.code,
    line.procedureName,
    line.applicant,
    line.contact,
    line.leadAgency,
    formTime(line.receivedAt),
    line.dueAt ? formTime(line.dueAt) : "",
    line.returnedAt ? formTime(line.returnedAt) : "",
    line.returnChannel ? (CHANNEL_TEXT[line.returnChannel] ?? line.returnChannel) : "",
    "",
  ];
}

/**
 * Sổ theo dõi hồ sơ (R-FORM-6) for one sector and period: no., dossier code, procedure, applicant, address/phone,
 * lead agency, received, appointment, returned, delivery method, and a blank column for the acknowledgement
 * signature. An electronic register replaces the paper book only if complete: every received dossier is listed.
 */
export async function renderTrackingRegister(detail: RegisterDetail): Promise<Uint8Array> {
  const form = new FormDocument({
    title: `Sổ theo dõi hồ sơ ${detail.sector.name} ${formDay(detail.from)}–${formDay(detail.to)}`,
    subject: "R-FORM-6",
    createdAt: detail.at,
  });
  return form
    .heading(
      detail.unitName
        ? { parent: detail.agencyName, unit: detail.unitName, number: "…" }
        : { parent: null, unit: detail.agencyName, number: "…" },
      detail.place,
      detail.at,
    )
    .title(
      "SỔ THEO DÕI HỒ SƠ",
      `Lĩnh vực: ${detail.sector.name} (${detail.sector.code}) — từ ngày ${formDay(detail.from)} đến ngày ${formDay(detail.to)}`,
    )
    .table(REGISTER_COLUMNS, detail.lines.map(registerCells), 7)
    .paragraph(`Tổng số hồ sơ: ${detail.lines.length}`, "bold")
    .finish();
}
