import { POSTAL_EVENT_LABELS } from "../postal/postalEventLabels.ts";
import type { LocalizedText } from "../validation/messages.ts";

/** Each event of the log as a person reads it in the dossier's history (issue #5: "in plain Vietnamese"). */
export const EVENT_LABELS: Readonly<Record<string, LocalizedText>> = {
  submitted: { vi: "Nộp hồ sơ trực tuyến", en: "Submitted online" },
  receivedOnPaper: {
    vi: "Tiếp nhận hồ sơ giấy tại Bộ phận Một cửa",
    en: "Paper dossier received at the counter",
  },
  enteredOnPaper: {
    vi: "Nhập hồ sơ giấy chưa đủ điều kiện tiếp nhận tại Bộ phận Một cửa",
    en: "Paper dossier entered at the counter without being received",
  },
  edited: { vi: "Cập nhật hồ sơ trước khi tiếp nhận", en: "Edited before acceptance" },
  accepted: { vi: "Tiếp nhận hồ sơ", en: "Accepted" },
  refusedAtReception: { vi: "Từ chối tiếp nhận hồ sơ", en: "Refused at reception" },
  supplementRequested: { vi: "Yêu cầu bổ sung, hoàn thiện hồ sơ", en: "Supplement requested" },
  supplementResubmitted: { vi: "Nộp bổ sung hồ sơ", en: "Supplement submitted" },
  transferred: { vi: "Chuyển hồ sơ đến cơ quan giải quyết", en: "Transferred to the competent agency" },
  forwardedToAuthority: {
    vi: "Chuyển hồ sơ đến Bộ phận Một cửa của cơ quan có thẩm quyền",
    en: "Forwarded to the competent authority's counter",
  },
  stepAdvanced: { vi: "Chuyển bước xử lý", en: "Moved to the next step" },
  decidedAtCounter: { vi: "Giải quyết tại Bộ phận Một cửa", en: "Decided at the counter" },
  supplementReceived: { vi: "Tiếp nhận hồ sơ bổ sung", en: "Supplement received" },
  paymentRequested: { vi: "Yêu cầu thực hiện nghĩa vụ tài chính", en: "Payment requested" },
  paymentConfirmed: { vi: "Xác nhận đã thực hiện nghĩa vụ tài chính", en: "Payment confirmed" },
  withdrawalRequested: { vi: "Công dân yêu cầu rút hồ sơ", en: "Withdrawal requested" },
  stopped: { vi: "Dừng giải quyết hồ sơ", en: "Processing stopped" },
  closedForMissingSupplement: {
    vi: "Dừng xử lý do không bổ sung hồ sơ đúng hạn",
    en: "Stopped: the supplement was not provided in time",
  },
  refusedAfterAppraisal: { vi: "Từ chối giải quyết hồ sơ", en: "Refused after appraisal" },
  resultApproved: { vi: "Phê duyệt kết quả giải quyết", en: "Result approved" },
  componentDigitised: {
    vi: "Số hóa và ký số thành phần hồ sơ",
    en: "Component digitised and signed",
  },
  componentExempted: {
    vi: "Ghi nhận thành phần được miễn số hóa",
    en: "Component exempted from digitisation",
  },
  resultReturned: { vi: "Trả kết quả", en: "Result returned" },
  extensionGranted: {
    vi: "Gia hạn thời gian giải quyết (phiếu xin lỗi và hẹn lại)",
    en: "Extension with apology and new appointment",
  },
  dueSoon: { vi: "Sắp đến hạn", en: "Due soon" },
  overdue: { vi: "Quá hạn", en: "Overdue" },
  // The public postal service (issue #18): orders, their states, the 24-hour delivery watch (R-RES-3).
  ...POSTAL_EVENT_LABELS,
};

/**
 * Payload fields an applicant may see in their history: reasons, what to supplement, appointments, how the result
 * is returned. Internal notes, consultations and officer assignments stay in the office.
 */
export const PUBLIC_PAYLOAD_FIELDS: ReadonlySet<string> = new Set([
  "reason",
  "reasons",
  "items",
  "receptionDueAt",
  "dueAt",
  "receivedAt",
  "previousDueAt",
  "newDueAt",
  "channel",
  "obligations",
]);

export function eventLabel(type: string): LocalizedText {
  return EVENT_LABELS[type] ?? { vi: type, en: type };
}
