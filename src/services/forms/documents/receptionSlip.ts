import { registerNumberText } from "../../register/enterInRegister.ts";
import type { DossierFormData } from "../formData.ts";
import { FormDocument, formTime } from "../pdf/formDocument.ts";
import { applicantLine, counterIssuer, unitSuffix } from "./common.ts";

export interface ReceptionSlipDetail {
  /** When the slip's data last changed (reception, new appointment): the PDF's date. */
  at: Date;
  /** PNG of the QR code of the dossier's lookup URL (R-CODE-6). */
  qrPng: Uint8Array;
}

/** R-RECV-5: a reception outside the office says so beside the receiving agency. */
const RECEPTION_PLACE_TEXT = {
  office: "",
  mobile: " (tiếp nhận lưu động, ngoài trụ sở)",
  on_site: " (tiếp nhận tại chỗ, ngoài trụ sở)",
} as const;

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value : null);

/**
 * Giấy tiếp nhận hồ sơ và hẹn trả kết quả (R-FORM-1, R-RECV-4) with the dossier's QR code (R-CODE-6): issuing unit,
 * number, dateline, code, applicant and identification, the authorized submitter if any, requested matter,
 * components and sets, legal time, reception and return times (hh:mm dd/mm/yyyy), where to collect, signatures.
 */
export async function renderReceptionSlip(
  data: DossierFormData,
  detail: ReceptionSlipDetail,
): Promise<Uint8Array> {
  const form = new FormDocument({
    title: `Giấy tiếp nhận hồ sơ và hẹn trả kết quả ${data.dossierCode}`,
    subject: "R-FORM-1",
    createdAt: detail.at,
  });
  const receivedAt = data.receivedAt ?? detail.at;
  form
    .heading(
      counterIssuer(
        data,
        `${data.registerEntry ? registerNumberText(data.registerEntry).number : "…"}/${unitSuffix(data)}`,
      ),
      data.place,
      receivedAt,
    )
    .title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", `Mã hồ sơ: ${data.dossierCode}`)
    .paragraph(`${data.counterUnit?.name ?? data.agency.name} tiếp nhận hồ sơ của:`)
    .field("Ông/Bà", applicantLine(data))
    .field("Số định danh cá nhân/tổ chức", data.applicant.idNumber)
    .field("Địa chỉ", data.applicant.address)
    .field("Số điện thoại", data.applicant.phone)
    .field("Thư điện tử", data.applicant.email);
  const submitter = data.submitter;
  if (submitter && text(submitter.name)) {
    form
      .paragraph("Người nộp thay (được ủy quyền):", "bold")
      .field("Họ và tên", text(submitter.name))
      .field("Số định danh cá nhân", text(submitter.idNumber))
      .field("Địa chỉ", text(submitter.address))
      .field("Số điện thoại", text(submitter.phone))
      .field("Giấy ủy quyền", text(submitter.authorizationDocument));
  }
  form
    .field("Nội dung yêu cầu giải quyết", `${data.procedure.name} (mã thủ tục ${data.procedure.code})`)
    // R-XFER-3: the three organisations of a dossier received anywhere in the province; R-RECV-5: outside the office.
    .field("Nơi hỗ trợ người nộp", data.assistedAgency.name)
    .field(
      "Nơi tiếp nhận hồ sơ",
      `${data.agency.name}${RECEPTION_PLACE_TEXT[data.receptionPlace ?? "office"]}`,
    )
    .field("Cơ quan giải quyết", data.decidingAgency.name)
    .paragraph("Thành phần hồ sơ nộp gồm:", "bold")
    .table(
      [
        { header: "STT", width: 6, align: "center" },
        { header: "Tên giấy tờ", width: 54 },
        { header: "Bản chính", width: 12, align: "center" },
        { header: "Bản sao", width: 12, align: "center" },
        { header: "Số tệp", width: 10, align: "center" },
      ],
      data.components.map((component, index) => [
        String(index + 1),
        component.name,
        String(component.originals),
        String(component.copies),
        String(component.files),
      ]),
    )
    .field("Số lượng hồ sơ", "01 bộ")
    .field("Thời gian giải quyết hồ sơ theo quy định", data.legalTime)
    .field("Thời gian nhận hồ sơ", formTime(receivedAt))
    .field("Thời gian trả kết quả giải quyết hồ sơ", data.dueAt ? formTime(data.dueAt) : null)
    .field(
      "Nhận kết quả tại",
      data.channel === "online"
        ? `Tài khoản trên Cổng dịch vụ công hoặc ${data.counterUnit?.name ?? data.agency.name}`
        : (data.counterUnit?.name ?? data.agency.name),
    )
    // R-FORM-1, R-FORM-6: the entry the reception made in the agency's Sổ theo dõi hồ sơ.
    .field("Vào Sổ theo dõi hồ sơ", registerLine(data))
    .imageBlock(detail.qrPng, 72, [
      "Quét mã QR hoặc truy cập địa chỉ sau để tra cứu tình trạng hồ sơ:",
      data.lookupUrl,
    ])
    .signatures([
      {
        title: "NGƯỜI NỘP HỒ SƠ",
        note: "(Ký và ghi rõ họ tên)",
        name: data.submitter?.name ? String(data.submitter.name) : data.applicant.name,
      },
      { title: "NGƯỜI TIẾP NHẬN HỒ SƠ", note: "(Ký và ghi rõ họ tên)", name: lastReceiver(data) },
    ]);
  return form.finish();
}

/** "Số vào sổ: 0042, Quyển số: 01/2026", or blanks to fill by hand for a dossier the register does not hold. */
function registerLine(data: DossierFormData): string {
  if (!data.registerEntry) return "Số vào sổ: …, Quyển số: …";
  const entry = registerNumberText(data.registerEntry);
  return `Số vào sổ: ${entry.number}, Quyển số: ${entry.book}`;
}

function lastReceiver(data: DossierFormData): string | null {
  const event = data.events.find((e) => e.type === "accepted" || e.type === "receivedOnPaper");
  return event?.actorName ?? null;
}
