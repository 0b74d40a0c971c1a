import type { DossierFormData } from "../formData.ts";
import { FormDocument, formDay, formTime } from "../pdf/formDocument.ts";
import { applicantLine } from "./common.ts";

export interface ApologyLetterDetail {
  at: Date;
  /** The appointment first given (kept visible, R-LATE-3). */
  originalDueAt: Date | null;
  newDueAt: Date;
  reason: string;
}

/**
 * Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết (R-FORM-5, R-LATE-1; 2018: "…và hẹn lại ngày trả kết quả"):
 * number …/PXL, addressee, reception date, procedure, applicant, identification, dossier code, the original
 * appointment, the reason for the delay, the apology, the new return date, signed by the head of the agency.
 */
export async function renderApologyLetter(
  data: DossierFormData,
  detail: ApologyLetterDetail,
): Promise<Uint8Array> {
  const form = new FormDocument({
    title: `Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết ${data.dossierCode}`,
    subject: "R-FORM-5",
    createdAt: detail.at,
  });
  return form
    .heading(
      { parent: null, unit: data.decidingAgency.name, number: "…/PXL", logo: data.logo ?? null },
      data.place,
      detail.at,
    )
    .title("PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT")
    .field("Kính gửi", applicantLine(data))
    .paragraph(
      `Ngày ${data.receivedAt ? formDay(data.receivedAt) : "…"}, ${data.counterUnit?.name ?? data.agency.name} tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính sau:`,
    )
    .field("Tên thủ tục", data.procedure.name)
    .field("Của ông/bà", data.applicant.name)
    .field("Số định danh cá nhân/tổ chức", data.applicant.idNumber)
    .field("Mã hồ sơ", data.dossierCode)
    .field(
      "Thời gian hẹn trả kết quả giải quyết hồ sơ",
      detail.originalDueAt ? formTime(detail.originalDueAt) : null,
    )
    .field("Lý do chậm trễ", detail.reason)
    .paragraph(
      `${data.decidingAgency.name} xin lỗi ông/bà vì sự chậm trễ này và đề nghị gia hạn thời gian giải quyết; thời gian trả kết quả hồ sơ mới là ${formTime(detail.newDueAt)}.`,
    )
    .field("Thời gian hẹn trả kết quả mới", formTime(detail.newDueAt))
    .paragraph("Mong nhận được sự thông cảm của ông/bà.")
    .signatures([
      { title: "" },
      { title: "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", note: "(Ký, ghi rõ họ tên và đóng dấu)" },
    ])
    .finish();
}
