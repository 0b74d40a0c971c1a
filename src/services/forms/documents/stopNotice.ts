import type { DossierFormData } from "../formData.ts";
import { FormDocument, formTime } from "../pdf/formDocument.ts";
import { applicantLine, counterIssuer, unitSuffix } from "./common.ts";

export interface StopNoticeDetail {
  at: Date;
  /** Why processing stops: the applicant's withdrawal (R-STOP-1) or a supplement that never came (R-SUPP-4). */
  ground: "withdrawal" | "missingSupplement";
  /** When the withdrawal, or the supplement, was requested. */
  requestedAt: Date | null;
  reason: string | null;
  noticeRef: string | null;
  signerName: string | null;
}

/**
 * Thông báo dừng giải quyết hồ sơ (R-FORM-7, R-STOP-1, TT 03/2025 Điều 7). Its official field list was not found
 * (REGULATIONS §14 R-FORM-7): this notice carries the dossier code, applicant, procedure, the reason of the
 * withdrawal request, the dates and the issuing agency, and says that it follows the applicant's request — or, when
 * the requested supplement never came (R-SUPP-4), the date of the request and that the time to answer it is over.
 */
export async function renderStopNotice(data: DossierFormData, detail: StopNoticeDetail): Promise<Uint8Array> {
  const form = new FormDocument({
    title: `Thông báo dừng giải quyết hồ sơ ${data.dossierCode}`,
    subject: "R-FORM-7",
    createdAt: detail.at,
  });
  form
    .heading(counterIssuer(data, detail.noticeRef ?? `…/TB-${unitSuffix(data)}`), data.place, detail.at)
    .title("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ")
    .field("Kính gửi", applicantLine(data))
    .field("Mã hồ sơ", data.dossierCode)
    .field("Tên thủ tục", `${data.procedure.name} (mã thủ tục ${data.procedure.code})`)
    .field("Số định danh cá nhân/tổ chức", data.applicant.idNumber)
    .field("Thời gian nhận hồ sơ", data.receivedAt ? formTime(data.receivedAt) : formTime(data.submittedAt));
  const body =
    detail.ground === "withdrawal"
      ? form
          .field("Thời gian đề nghị dừng", detail.requestedAt ? formTime(detail.requestedAt) : null)
          .field("Lý do đề nghị dừng", detail.reason ?? "Không nêu")
          .paragraph(
            `Theo đề nghị của ông/bà, ${data.agency.name} thông báo dừng giải quyết hồ sơ nêu trên kể từ ${formTime(detail.at)}.`,
          )
      : form
          .field("Ngày yêu cầu bổ sung", detail.requestedAt ? formTime(detail.requestedAt) : null)
          .field("Lý do dừng", "Quá thời hạn nhưng chưa nhận được hồ sơ bổ sung, hoàn thiện theo yêu cầu")
          .paragraph(
            `Do ông/bà không bổ sung, hoàn thiện hồ sơ trong thời hạn quy định, ${data.agency.name} thông báo dừng giải quyết hồ sơ nêu trên kể từ ${formTime(detail.at)}. Ông/bà có thể nộp hồ sơ mới khi có đủ giấy tờ.`,
          );
  return body
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
