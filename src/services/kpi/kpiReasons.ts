import type { ProcedurePart } from "./procedureCompleteness.ts";

/** Why a dossier (or procedure) lost points on an indicator, in both languages, for the drill-down. */
export const KPI_REASONS: Record<string, { vi: string; en: string }> = {
  MORE_THAN_ONE_SUPPLEMENT: {
    vi: "Yêu cầu bổ sung hồ sơ nhiều hơn một lần (tính là quá hạn)",
    en: "More than one supplement request (counts as late)",
  },
  ENDED_LATE: { vi: "Kết thúc xử lý sau ngày hẹn trả", en: "Processing ended after the appointment" },
  OPEN_PAST_DUE: {
    vi: "Chưa kết thúc xử lý và đã quá hạn tại cuối kỳ",
    en: "Still open and past due at the period's end",
  },
  SUPPLEMENT_PAST_DUE: {
    vi: "Đang chờ bổ sung, thời điểm yêu cầu đã sau hạn",
    en: "Waiting for a supplement requested after the due time",
  },
  NOT_ONLINE: {
    vi: "Thủ tục trực tuyến toàn trình nhưng hồ sơ không nộp trực tuyến",
    en: "Full-online procedure, dossier not submitted online",
  },
  NOT_DIGITIZED: {
    vi: "Thành phần hồ sơ chưa được số hóa đầy đủ",
    en: "Dossier components not all digitized",
  },
  NO_ELECTRONIC_RESULT: { vi: "Không có tệp kết quả điện tử", en: "No electronic result file" },
  RESULT_NOT_SIGNED: {
    vi: "Kết quả điện tử chưa được lãnh đạo ký số",
    en: "The electronic result is not digitally signed by the approver",
  },
  NO_REUSE: {
    vi: "Không tái sử dụng dữ liệu, giấy tờ đã số hóa",
    en: "No digitized data or document reused",
  },
  INCOMPLETE_PROCEDURE: {
    vi: "Thủ tục công khai thiếu bộ phận",
    en: "Procedure published without all its parts",
  },
};

export const PROCEDURE_PART_NAMES: Record<ProcedurePart, { vi: string; en: string }> = {
  name: { vi: "tên thủ tục", en: "name" },
  sequence: { vi: "trình tự thực hiện", en: "sequence" },
  method: { vi: "cách thức thực hiện", en: "method" },
  components: { vi: "thành phần hồ sơ", en: "components" },
  time: { vi: "thời hạn giải quyết", en: "time limit" },
  subjects: { vi: "đối tượng thực hiện", en: "subjects" },
  agency: { vi: "cơ quan thực hiện", en: "agency" },
};
