import { type Refusal, refusal } from "../refusal.ts";
import type { Role } from "./actor.ts";
import type { DossierCommandType } from "./commands.ts";
import { type PublicStatus, STATUS_LABELS } from "./status.ts";

/**
 * Every way the dossier rules say no, with a stable code and a message an officer or applicant understands.
 * Codes are API: services map them to HTTP statuses (DESIGN §7) and clients may switch on them.
 */
export const dossierRefusals = {
  dossierAlreadyExists: (): Refusal =>
    refusal("DOSSIER_ALREADY_EXISTS", {
      vi: "Hồ sơ đã tồn tại, không thể tạo lại.",
      en: "The dossier already exists and cannot be created again.",
    }),
  dossierNotFound: (): Refusal =>
    refusal("DOSSIER_NOT_FOUND", { vi: "Không tìm thấy hồ sơ.", en: "The dossier does not exist." }),
  terminalStatus: (status: PublicStatus): Refusal =>
    refusal(
      "TERMINAL_STATUS",
      {
        vi: `Hồ sơ ở trạng thái "${STATUS_LABELS[status].vi}" đã kết thúc, không thể thực hiện thêm thao tác.`,
        en: `The dossier is "${STATUS_LABELS[status].en}", a final status; nothing more can be done.`,
      },
      "R-STATUS-5",
    ),
  transitionNotAllowed: (status: PublicStatus | null, command: DossierCommandType): Refusal =>
    refusal(
      "TRANSITION_NOT_ALLOWED",
      {
        vi: `Không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái "${status === null ? "chưa có" : STATUS_LABELS[status].vi}".`,
        en: `"${command}" is not allowed while the dossier is "${status === null ? "not created" : STATUS_LABELS[status].en}".`,
      },
      "R-STATUS-5",
    ),
  roleNotAllowed: (role: Role, command: DossierCommandType): Refusal =>
    refusal(
      "ROLE_NOT_ALLOWED",
      {
        vi: "Bạn không có quyền thực hiện thao tác này đối với hồ sơ.",
        en: `The role "${role}" may not perform "${command}".`,
      },
      "R-STATUS-5",
    ),
  notDossierApplicant: (): Refusal =>
    refusal("NOT_DOSSIER_APPLICANT", {
      vi: "Chỉ người nộp hồ sơ mới được thực hiện thao tác này.",
      en: "Only the dossier's applicant may do this.",
    }),
  timeBeforeLastChange: (): Refusal =>
    refusal("TIME_BEFORE_LAST_CHANGE", {
      vi: "Thời điểm thao tác sớm hơn lần thay đổi gần nhất của hồ sơ.",
      en: "The command's time is earlier than the dossier's last change.",
    }),
  reasonRequired: (rule: string): Refusal =>
    refusal("REASON_REQUIRED", { vi: "Phải nêu rõ lý do.", en: "A reason is required." }, rule),
  itemsRequired: (rule: string): Refusal =>
    refusal(
      "SUPPLEMENT_ITEMS_REQUIRED",
      {
        vi: "Phải liệt kê đầy đủ các giấy tờ, nội dung cần bổ sung, hoàn thiện.",
        en: "Every item to supplement must be listed.",
      },
      rule,
    ),
  outputRequired: (rule: string): Refusal =>
    refusal(
      "OUTPUT_REQUIRED",
      {
        vi: "Phải có kết quả của bước xử lý (văn bản, phiếu, tệp kết quả) trước khi chuyển trạng thái.",
        en: "The step's output (document, notice, result file) is required before changing status.",
      },
      rule,
    ),
  supplementAlreadyRequested: (rule: string): Refusal =>
    refusal(
      "SUPPLEMENT_ALREADY_REQUESTED",
      {
        vi:
          rule === "R-RECV-6"
            ? "Hồ sơ đã được yêu cầu bổ sung khi tiếp nhận; chỉ được yêu cầu bổ sung, hoàn thiện một lần ở bước này."
            : "Hồ sơ đã được yêu cầu bổ sung sau thẩm định; chỉ được yêu cầu bổ sung, hoàn thiện một lần ở bước này.",
        en:
          rule === "R-RECV-6"
            ? "A supplement was already requested at reception; only one is allowed at this stage."
            : "A supplement was already requested after appraisal; only one is allowed at this stage.",
      },
      rule,
    ),
  supplementLimitReached: (): Refusal =>
    refusal(
      "SUPPLEMENT_ALREADY_REQUESTED",
      {
        vi: "Hồ sơ đã được yêu cầu bổ sung hai lần (khi tiếp nhận và sau thẩm định); không được yêu cầu bổ sung thêm.",
        en: "A supplement was already requested twice (at reception and after appraisal); no further request is allowed.",
      },
      "R-SUPP-2",
    ),
  supplementWindowPassed: (windowEndsAt: Date, workingDays = 3): Refusal =>
    refusal(
      "SUPPLEMENT_WINDOW_PASSED",
      {
        vi: `Đã quá thời hạn yêu cầu bổ sung hồ sơ (${workingDays} ngày làm việc kể từ ngày tiếp nhận).`,
        en: `The time to request a supplement ended at ${windowEndsAt.toISOString()}.`,
      },
      "R-SUPP-1",
    ),
  wrongSupplementStage: (expected: "reception" | "appraisal"): Refusal =>
    refusal(
      "WRONG_SUPPLEMENT_STAGE",
      expected === "reception"
        ? {
            vi: "Hồ sơ đang bổ sung sau khi thẩm định; bộ phận một cửa tiếp nhận phần bổ sung.",
            en: "This supplement follows appraisal; the counter receives it.",
          }
        : {
            vi: "Hồ sơ chưa được tiếp nhận; người nộp nộp lại hồ sơ đã bổ sung.",
            en: "The dossier is not yet accepted; the applicant resubmits it.",
          },
      "R-STATUS-5",
    ),
  abandonmentPeriodNotOver: (closableAt: Date): Refusal =>
    refusal(
      "ABANDONMENT_PERIOD_NOT_OVER",
      {
        vi: "Chưa hết thời hạn bổ sung hồ sơ của người nộp, chưa thể dừng xử lý.",
        en: `The applicant may still supplement until ${closableAt.toISOString()}.`,
      },
      "R-SUPP-4",
    ),
  withdrawalAfterDecision: (): Refusal =>
    refusal(
      "WITHDRAWAL_AFTER_DECISION",
      {
        vi: "Không thể rút hồ sơ vì đã có quyết định hoặc thông báo kết quả giải quyết.",
        en: "The dossier cannot be withdrawn: a decision or result notice has been issued.",
      },
      "R-STOP-1",
    ),
  extensionAlreadyUsed: (): Refusal =>
    refusal(
      "EXTENSION_ALREADY_USED",
      {
        vi: "Hồ sơ đã được hẹn lại ngày trả kết quả một lần; không được gia hạn lần thứ hai.",
        en: "The appointment was already extended once; a second extension is not allowed.",
      },
      "R-LATE-3",
    ),
  extensionTooLate: (): Refusal =>
    refusal(
      "EXTENSION_TOO_LATE",
      {
        vi: "Phải gửi phiếu xin lỗi và hẹn lại ngày trả kết quả chậm nhất 01 ngày làm việc trước ngày hẹn trả.",
        en: "The apology and new appointment must come at least 1 working day before the due date.",
      },
      "R-LATE-1",
    ),
  /** R-LATE-1, R-CAL-4: the new appointment is a working instant of the agency (`suggestion`: the next one, local). */
  extensionNotWorkingTime: (suggestion: { time: string; date: string }): Refusal =>
    refusal(
      "EXTENSION_NOT_WORKING_TIME",
      {
        vi: `Ngày hẹn trả mới phải rơi vào giờ làm việc của cơ quan, không vào thứ Bảy, Chủ nhật, ngày nghỉ lễ hoặc ngoài giờ làm việc. Thời điểm làm việc gần nhất sau ngày đã chọn: ${suggestion.time} ngày ${suggestion.date}.`,
        en: `The new appointment must fall within the agency's working hours, not on a Saturday, Sunday, public holiday or outside working hours. The nearest working time after the chosen one: ${suggestion.time} on ${suggestion.date}.`,
      },
      "R-LATE-1",
    ),
  extensionNotLater: (): Refusal =>
    refusal(
      "EXTENSION_NOT_LATER",
      {
        vi: "Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.",
        en: "The new appointment must be later than the current one.",
      },
      "R-LATE-1",
    ),
  paymentItemsRequired: (): Refusal =>
    refusal(
      "PAYMENT_ITEMS_REQUIRED",
      {
        vi: "Phải nêu các khoản phí, lệ phí, nghĩa vụ tài chính với số tiền hợp lệ.",
        en: "Each fee or obligation with a valid amount is required.",
      },
      "R-FEE-1",
    ),
  receiptRequired: (): Refusal =>
    refusal(
      "RECEIPT_REQUIRED",
      { vi: "Phải có chứng từ, biên lai thanh toán.", en: "A payment receipt is required." },
      "R-STATUS-3",
    ),
  returnChannelRequired: (): Refusal =>
    refusal(
      "RETURN_CHANNEL_REQUIRED",
      {
        vi: "Phải chọn hình thức trả kết quả: tại bộ phận một cửa, qua bưu chính hoặc trực tuyến.",
        en: "The return channel (counter, post or online) is required.",
      },
      "R-RES-1",
    ),
  changesRequired: (): Refusal =>
    refusal(
      "CHANGES_REQUIRED",
      { vi: "Cần nêu nội dung đã sửa đổi trong hồ sơ.", en: "Say what was changed in the dossier." },
      "R-SUB-3",
    ),
  applicantRequired: (): Refusal =>
    refusal("APPLICANT_REQUIRED", {
      vi: "Phải xác định tổ chức, cá nhân nộp hồ sơ.",
      en: "The applicant is required.",
    }),
};
