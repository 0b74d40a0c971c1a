import type { DossierFormData } from "../formData.ts";
import { FormDocument } from "../pdf/formDocument.ts";
import { applicantLine, counterIssuer, unitSuffix } from "./common.ts";

export interface SupplementRequestDetail {
  at: Date;
  reason: string;
  items: readonly string[];
  /** The officer who asked (người hướng dẫn). */
  guideName: string | null;
}

/**
 * Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (R-FORM-2, R-SUPP): number …/PBS-…, whose dossier, requested matter,
 * address, phone, e-mail, the numbered items to complete, the reason, the contact and the guide's signature.
 */
export async function renderSupplementRequest(
  data: DossierFormData,
  detail: SupplementRequestDetail,
): Promise<Uint8Array> {
  const form = new FormDocument({
    title: `Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ ${data.dossierCode}`,
    subject: "R-FORM-2",
    createdAt: detail.at,
  });
  return form
    .heading(counterIssuer(data, `…/PBS-${unitSuffix(data)}`), data.place, detail.at)
    .title("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")
    .field("Hồ sơ của", applicantLine(data))
    .field("Mã hồ sơ", data.dossierCode)
    .field("Nội dung yêu cầu giải quyết", `${data.procedure.name} (mã thủ tục ${data.procedure.code})`)
    .field("Địa chỉ", data.applicant.address)
    .field("Số điện thoại", data.applicant.phone)
    .field("Thư điện tử", data.applicant.email)
    .paragraph("Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:", "bold")
    .numbered(detail.items)
    .field("Lý do", detail.reason)
    .paragraph(
      "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ với người hướng dẫn hoặc cơ quan tiếp nhận để được hướng dẫn.",
    )
    .field("Người hướng dẫn", detail.guideName)
    .field("Số điện thoại liên hệ", data.agency.phone)
    .signatures([{ title: "NGƯỜI HƯỚNG DẪN", note: "(Ký và ghi rõ họ tên)", name: detail.guideName }])
    .finish();
}
