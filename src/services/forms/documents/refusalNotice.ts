import type { DossierFormData } from "../formData.ts";
import { FormDocument } from "../pdf/formDocument.ts";
import { applicantLine, counterIssuer, unitSuffix } from "./common.ts";

export interface RefusalNoticeDetail {
  at: Date;
  /** At the counter (R-REJ-1) or after appraisal (R-REJ-2). */
  stage: "reception" | "appraisal";
  reasons: readonly string[];
  signerName: string | null;
}

/**
 * Phiếu từ chối tiếp nhận giải quyết hồ sơ (R-FORM-3, R-REJ-1) and, after appraisal, Phiếu từ chối giải quyết hồ sơ
 * (R-REJ-2): number …/PTC-…, receiving unit, applicant, identification, address, phone, e-mail, dossier code,
 * requested matter, the reasons, signatures.
 */
export async function renderRefusalNotice(
  data: DossierFormData,
  detail: RefusalNoticeDetail,
): Promise<Uint8Array> {
  const title =
    detail.stage === "reception"
      ? "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
      : "PHIẾU TỪ CHỐI GIẢI QUYẾT HỒ SƠ";
  const form = new FormDocument({
    title: `${title} ${data.dossierCode}`,
    subject: "R-FORM-3",
    createdAt: detail.at,
  });
  const unit = data.counterUnit?.name ?? data.agency.name;
  return form
    .heading(counterIssuer(data, `…/PTC-${unitSuffix(data)}`), data.place, detail.at)
    .title(title)
    .field("Cơ quan, đơn vị tiếp nhận", unit)
    .field("Ông/Bà", applicantLine(data))
    .field("Số định danh cá nhân/tổ chức", data.applicant.idNumber)
    .field("Địa chỉ", data.applicant.address)
    .field("Số điện thoại", data.applicant.phone)
    .field("Thư điện tử", data.applicant.email)
    .field("Mã hồ sơ", data.dossierCode)
    .field("Nội dung yêu cầu giải quyết", `${data.procedure.name} (mã thủ tục ${data.procedure.code})`)
    .paragraph(
      detail.stage === "reception"
        ? "Sau khi xem xét, đối chiếu thành phần hồ sơ, cơ quan tiếp nhận từ chối tiếp nhận hồ sơ với lý do sau:"
        : "Sau khi thẩm định, hồ sơ không đủ điều kiện giải quyết với lý do sau:",
    )
    .numbered(detail.reasons)
    .paragraph("Xin thông báo để ông/bà được biết và thực hiện.")
    .signatures([
      { title: "NGƯỜI NỘP HỒ SƠ", note: "(Ký và ghi rõ họ tên)", name: data.applicant.name },
      { title: "NGƯỜI TIẾP NHẬN HỒ SƠ", note: "(Ký và ghi rõ họ tên)", name: detail.signerName },
    ])
    .finish();
}
