import type { DossierFormData } from "../formData.ts";
import { FormDocument, formTime } from "../pdf/formDocument.ts";
import { TIMING_TEXT, unitSuffix } from "./common.ts";

export interface ControlSheetDetail {
  /** The newest event the trail includes: the PDF's date. */
  at: Date;
}

/**
 * Phiếu kiểm soát quá trình giải quyết hồ sơ (R-FORM-4, R-PROC-5): number …PKS-…, dossier code, deciding agency,
 * cooperating agency, reception and appointment times, and one row per recorded handover (giver → receiver, time,
 * early / on time / late, note) with room for both signatures. The system records the trail; this renders it.
 */
export async function renderControlSheet(
  data: DossierFormData,
  detail: ControlSheetDetail,
): Promise<Uint8Array> {
  const form = new FormDocument({
    title: `Phiếu kiểm soát quá trình giải quyết hồ sơ ${data.dossierCode}`,
    subject: "R-FORM-4",
    createdAt: detail.at,
  });
  const cooperating = data.decidingAgency.code === data.agency.code ? null : data.agency.name;
  return form
    .heading(
      {
        parent: data.agency.name,
        unit: data.counterUnit?.name ?? data.agency.name,
        number: `…/PKS-${unitSuffix(data)}`,
        logo: data.logo ?? null,
      },
      data.place,
      detail.at,
    )
    .title("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", `Mã hồ sơ: ${data.dossierCode}`)
    .field("Mã hồ sơ", data.dossierCode)
    .field("Tên thủ tục", data.procedure.name)
    .field("Người nộp hồ sơ", data.applicant.name)
    .field("Cơ quan (bộ phận) giải quyết hồ sơ", data.decidingAgency.name)
    .field("Cơ quan phối hợp giải quyết hồ sơ", cooperating ?? "Không")
    .field("Thời gian nhận hồ sơ", data.receivedAt ? formTime(data.receivedAt) : null)
    .field("Thời gian hẹn trả kết quả", data.dueAt ? formTime(data.dueAt) : null)
    .table(
      [
        { header: "STT", width: 7, align: "center" },
        { header: "Tên cơ quan, đơn vị, người giao hồ sơ", width: 23 },
        { header: "Tên cơ quan, đơn vị, người nhận hồ sơ", width: 23 },
        { header: "Thời gian giao, nhận hồ sơ", width: 14, align: "center" },
        { header: "Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)", width: 16, align: "center" },
        { header: "Ghi chú", width: 17 },
      ],
      data.handovers.map((row, index) => [
        String(index + 1),
        row.giver,
        row.receiver,
        formTime(row.at),
        row.timing ? TIMING_TEXT[row.timing] : "—",
        row.note ?? "",
      ]),
    )
    .paragraph(
      "Phiếu do hệ thống tự động lập từ quá trình giao, nhận hồ sơ đã được ghi nhận; người giao và người nhận ký điện tử khi giao nhận.",
      "italic",
    )
    .finish();
}
