import type { DossierFormData } from "../formData.ts";
import { FormDocument, formTime } from "../pdf/formDocument.ts";
import { applicantLine, counterIssuer, unitSuffix } from "./common.ts";

export interface StopNoticeDetail {
  at: Date;
  requestedAt: Date | null;
  reason: string | null;
  noticeRef: string | null;
  signerName: string | null;
}

/**
 * Thông báo dừng giải quyết hồ sơ (R-FORM-7, R-STOP-1, TT 03/2025 Điều 7). Its official field list was not found
 * (REGULATIONS §14 R-FORM-7): this notice carries the dossier code, applicant, procedure, the reason of the
 * withdrawal request, the dates and the issuing agency, and says that it follows the applicant's request.
 */
export async function renderStopNotice(data: DossierFormData, detail: StopNoticeDetail): Promise<Uint8Array> {
  const form = new FormDocument({
    title: `Thông báo dừng giải quyết hồ sơ ${data.dossierCode}`,
    subject: "R-FORM-7",
    createdAt: detail.at,
  });
  return form
    .heading(counterIssuer(data, detail.noticeRef ?? `…/TB-${unitSuffix(data)}`), data.place, detail.at)
    .title("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ")
    .field("Kính gửi", applicantLine(data))
    .field("Mã hồ sơ", data.dossierCode)
    .field("Tên thủ tục", `${data.procedure.name} (mã thủ tục ${data.procedure.code})`)
    .field("Số định danh cá nhân/tổ chức", data.applicant.idNumber)
    .field("Thời gian nhận hồ sơ", data.receivedAt ? formTime(data.receivedAt) : formTime(data.submittedAt))
    .field("Thời gian đề nghị dừng", detail.requestedAt ? formTime(detail.requestedAt) : null)
    .field("Lý do đề nghị dừng", detail.reason ?? "Không nêu")
    .paragraph(
      `Theo đề nghị của ông/bà, ${data.agency.name} thông báo dừng giải quyết hồ sơ nêu trên kể từ ${formTime(detail.at)}.`,
    )
    .paragraph(
      "Mẫu thông báo theo Thông tư 03/2025/TT-VPCP chưa được công bố đầy đủ; thông báo này ghi các thông tin của hồ sơ và của đề nghị dừng.",
      "italic",
    )
    .signatures([
      { title: "" },
      { title: "CƠ QUAN TIẾP NHẬN HỒ SƠ", note: "(Ký và ghi rõ họ tên)", name: detail.signerName },
    ])
    .finish();
}
