import type { NotificationLanguage } from "../../db/notificationTables.ts";
import { formatDong, formatInstant } from "./formatting.ts";
import type { DossierFacts, NotificationContent } from "./notificationContent.ts";

/** A rendered notification: the e-mail's subject and text, and the short text for SMS. */
export interface RenderedNotification {
  subject: string;
  body: string;
  /** One SMS: the code and the one fact that matters, without the greeting or the signature. */
  short: string;
}

type Texts = { subject: string; lines: string[]; short: string };

const list = (items: readonly string[]) => items.map((item, index) => `  ${index + 1}. ${item}`);

function vietnamese(content: NotificationContent, facts: DossierFacts): Texts {
  const at = (iso: string) => formatInstant(iso, "vi");
  const code = facts.code;
  switch (content.kind) {
    case "submitted":
      return {
        subject: `Đã nhận hồ sơ ${code}`,
        lines: [
          `Hệ thống đã nhận hồ sơ ${code} (${facts.procedureName}) nộp trực tuyến tới ${facts.agencyName}.`,
          content.receptionDueAt
            ? `Cán bộ tiếp nhận sẽ kiểm tra và trả lời trước ${at(content.receptionDueAt)}.`
            : "Cán bộ tiếp nhận sẽ kiểm tra và trả lời trong thời hạn quy định.",
        ],
        short: `Hồ sơ ${code} đã được gửi tới ${facts.agencyName}; cán bộ sẽ kiểm tra và trả lời sớm.`,
      };
    case "accepted":
      return {
        subject: `Hồ sơ ${code} đã được tiếp nhận`,
        lines: [
          `${facts.agencyName} đã tiếp nhận hồ sơ ${code} (${facts.procedureName}).`,
          content.appointmentAt
            ? `Ngày hẹn trả kết quả: ${at(content.appointmentAt)}.`
            : "Ngày hẹn trả kết quả sẽ được thông báo sau.",
        ],
        short: content.appointmentAt
          ? `Hồ sơ ${code} đã được tiếp nhận. Hẹn trả kết quả: ${at(content.appointmentAt)}.`
          : `Hồ sơ ${code} đã được tiếp nhận.`,
      };
    case "supplementRequested":
      return {
        subject: `Hồ sơ ${code} cần bổ sung, hoàn thiện`,
        lines: [
          `${facts.agencyName} đề nghị bổ sung, hoàn thiện hồ sơ ${code} (${facts.procedureName}).`,
          `Lý do: ${content.reason}`,
          "Các nội dung cần bổ sung (đầy đủ, một lần):",
          ...list(content.items),
          ...(content.windowEndsAt ? [`Đề nghị nộp bổ sung trước ${at(content.windowEndsAt)}.`] : []),
        ],
        short: `Hồ sơ ${code} cần bổ sung ${content.items.length} nội dung: ${content.items.join("; ")}.`,
      };
    case "extensionGranted":
      return {
        subject: `Xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${code}`,
        lines: [
          `${facts.agencyName} xin lỗi vì hồ sơ ${code} (${facts.procedureName}) chưa giải quyết được đúng hẹn.`,
          `Lý do: ${content.reason}`,
          ...(content.previousDueAt ? [`Ngày hẹn trước đây: ${at(content.previousDueAt)}.`] : []),
          `Ngày hẹn trả kết quả mới: ${at(content.newDueAt)}.`,
        ],
        short: `Xin lỗi: hồ sơ ${code} được hẹn lại ngày trả kết quả ${at(content.newDueAt)}.`,
      };
    case "resultReady":
      return {
        subject: `Hồ sơ ${code} đã có kết quả`,
        lines: [
          `Hồ sơ ${code} (${facts.procedureName}) đã có kết quả giải quyết.`,
          `Mời ông/bà nhận kết quả tại ${facts.agencyName} hoặc theo hình thức đã đăng ký.`,
        ],
        short: `Hồ sơ ${code} đã có kết quả. Mời nhận tại ${facts.agencyName}.`,
      };
    case "refused":
      return {
        subject: `Hồ sơ ${code} không được giải quyết`,
        lines: [
          `${facts.agencyName} từ chối giải quyết hồ sơ ${code} (${facts.procedureName}).`,
          "Lý do:",
          ...list(content.reasons),
        ],
        short: `Hồ sơ ${code} bị từ chối: ${content.reasons.join("; ")}.`,
      };
    case "stoppedForMissingSupplement":
      return {
        subject: `Hồ sơ ${code} bị dừng giải quyết`,
        lines: [
          `${facts.agencyName} dừng giải quyết hồ sơ ${code} (${facts.procedureName}) vì chưa nhận được hồ sơ bổ sung${content.supplementRequestedAt ? ` theo yêu cầu ngày ${at(content.supplementRequestedAt)}` : ""}.`,
          "Thông báo dừng giải quyết hồ sơ có trong trang hồ sơ của ông/bà.",
        ],
        short: `Hồ sơ ${code} bị dừng giải quyết vì chưa bổ sung đúng hạn.`,
      };
    case "returned":
      return {
        subject: `Đã trả kết quả hồ sơ ${code}`,
        lines: [
          `Kết quả hồ sơ ${code} (${facts.procedureName}) đã được trả. Cảm ơn ông/bà đã sử dụng dịch vụ.`,
        ],
        short: `Kết quả hồ sơ ${code} đã được trả.`,
      };
    case "paymentRequested": {
      const total = content.obligations.reduce((sum, item) => sum + item.amount, 0);
      return {
        subject: `Hồ sơ ${code}: đề nghị nộp phí, lệ phí`,
        lines: [
          `Hồ sơ ${code} (${facts.procedureName}) cần thực hiện nghĩa vụ tài chính:`,
          ...list(content.obligations.map((item) => `${item.name}: ${formatDong(item.amount, "vi")}`)),
          `Tổng cộng: ${formatDong(total, "vi")}.`,
        ],
        short: `Hồ sơ ${code}: đề nghị nộp ${formatDong(total, "vi")} phí, lệ phí.`,
      };
    }
    case "paymentReceived":
      return {
        subject: `Hồ sơ ${code}: đã nhận thanh toán phí, lệ phí`,
        lines: [
          `${facts.agencyName} đã nhận khoản thanh toán ${formatDong(content.amount, "vi")} cho hồ sơ ${code} (${facts.procedureName}).`,
          `Biên lai điện tử số ${content.receiptNumber}.`,
          `Xem, tải và xác minh biên lai tại: ${content.verifyUrl}`,
        ],
        short: `Hồ sơ ${code}: đã nhận ${formatDong(content.amount, "vi")}, biên lai số ${content.receiptNumber}. Xác minh: ${content.verifyUrl}`,
      };
    case "receptionDeadline":
      return content.level === "dueSoon"
        ? {
            subject: `Sắp hết hạn tiếp nhận hồ sơ ${code}`,
            lines: [
              `Hồ sơ ${code} (${facts.procedureName}) của ${facts.applicantName} nộp trực tuyến đang chờ tiếp nhận.`,
              `Hạn tiếp nhận: ${at(content.dueAt)}.`,
            ],
            short: `Sắp hết hạn tiếp nhận hồ sơ ${code} (${at(content.dueAt)}).`,
          }
        : {
            subject: `Quá hạn tiếp nhận hồ sơ ${code}`,
            lines: [
              `Hồ sơ ${code} (${facts.procedureName}) của ${facts.applicantName} đã quá hạn tiếp nhận.`,
              `Hạn tiếp nhận: ${at(content.dueAt)}.`,
            ],
            short: `Quá hạn tiếp nhận hồ sơ ${code} (${at(content.dueAt)}).`,
          };
    case "taskAssigned":
      return {
        subject: `Được giao xử lý hồ sơ ${code}`,
        lines: [
          `Ông/bà được giao bước "${content.step.vi}" của hồ sơ ${code} (${facts.procedureName}).`,
          ...(content.dueAt ? [`Hạn xử lý bước này: ${at(content.dueAt)}.`] : []),
        ],
        short: `Được giao "${content.step.vi}" hồ sơ ${code}.`,
      };
    case "consultationDeadline":
      return {
        subject:
          content.level === "dueSoon"
            ? `Sắp đến hạn trả lời ý kiến về hồ sơ ${code}`
            : `Quá hạn trả lời ý kiến về hồ sơ ${code}`,
        lines: [
          `Nội dung lấy ý kiến về hồ sơ ${code} (${facts.procedureName}): ${content.question}`,
          `${content.level === "dueSoon" ? "Hạn trả lời" : "Đã quá hạn trả lời"}: ${at(content.dueAt)}.`,
        ],
        short: `${content.level === "dueSoon" ? "Sắp đến hạn" : "Quá hạn"} trả lời ý kiến hồ sơ ${code}.`,
      };
  }
}

function english(content: NotificationContent, facts: DossierFacts): Texts {
  const at = (iso: string) => formatInstant(iso, "en");
  const code = facts.code;
  switch (content.kind) {
    case "submitted":
      return {
        subject: `Dossier ${code} received`,
        lines: [
          `Your online dossier ${code} (${facts.procedureName}) has reached ${facts.agencyName}.`,
          content.receptionDueAt
            ? `The reception officer will check it and answer before ${at(content.receptionDueAt)}.`
            : "The reception officer will check it and answer within the legal time.",
        ],
        short: `Dossier ${code} was sent to ${facts.agencyName}; an officer will answer soon.`,
      };
    case "accepted":
      return {
        subject: `Dossier ${code} accepted`,
        lines: [
          `${facts.agencyName} has accepted dossier ${code} (${facts.procedureName}).`,
          content.appointmentAt
            ? `Result appointment: ${at(content.appointmentAt)}.`
            : "The result appointment will follow.",
        ],
        short: content.appointmentAt
          ? `Dossier ${code} accepted. Result due ${at(content.appointmentAt)}.`
          : `Dossier ${code} accepted.`,
      };
    case "supplementRequested":
      return {
        subject: `Dossier ${code}: supplement requested`,
        lines: [
          `${facts.agencyName} asks you to complete dossier ${code} (${facts.procedureName}).`,
          `Reason: ${content.reason}`,
          "Everything to provide (the complete list, asked once):",
          ...list(content.items),
          ...(content.windowEndsAt ? [`Please provide it before ${at(content.windowEndsAt)}.`] : []),
        ],
        short: `Dossier ${code} needs ${content.items.length} item(s): ${content.items.join("; ")}.`,
      };
    case "extensionGranted":
      return {
        subject: `Apology and new appointment for dossier ${code}`,
        lines: [
          `${facts.agencyName} apologises: dossier ${code} (${facts.procedureName}) could not be decided on time.`,
          `Reason: ${content.reason}`,
          ...(content.previousDueAt ? [`Previous appointment: ${at(content.previousDueAt)}.`] : []),
          `New result appointment: ${at(content.newDueAt)}.`,
        ],
        short: `We apologise: dossier ${code} result is now due ${at(content.newDueAt)}.`,
      };
    case "resultReady":
      return {
        subject: `Dossier ${code}: result ready`,
        lines: [
          `The result of dossier ${code} (${facts.procedureName}) is ready.`,
          `Please collect it at ${facts.agencyName} or as you chose when you applied.`,
        ],
        short: `Dossier ${code} result is ready at ${facts.agencyName}.`,
      };
    case "refused":
      return {
        subject: `Dossier ${code} refused`,
        lines: [
          `${facts.agencyName} has refused dossier ${code} (${facts.procedureName}).`,
          "Reasons:",
          ...list(content.reasons),
        ],
        short: `Dossier ${code} refused: ${content.reasons.join("; ")}.`,
      };
    case "stoppedForMissingSupplement":
      return {
        subject: `Dossier ${code}: processing stopped`,
        lines: [
          `${facts.agencyName} has stopped dossier ${code} (${facts.procedureName}): the requested supplement${content.supplementRequestedAt ? ` of ${at(content.supplementRequestedAt)}` : ""} was not received in time.`,
          "The stop notice is on your dossier's page.",
        ],
        short: `Dossier ${code} stopped: the supplement was not provided in time.`,
      };
    case "returned":
      return {
        subject: `Dossier ${code}: result handed over`,
        lines: [`The result of dossier ${code} (${facts.procedureName}) has been handed over. Thank you.`],
        short: `Dossier ${code} result handed over.`,
      };
    case "paymentRequested": {
      const total = content.obligations.reduce((sum, item) => sum + item.amount, 0);
      return {
        subject: `Dossier ${code}: payment requested`,
        lines: [
          `Dossier ${code} (${facts.procedureName}) has fees to pay:`,
          ...list(content.obligations.map((item) => `${item.name}: ${formatDong(item.amount, "en")}`)),
          `Total: ${formatDong(total, "en")}.`,
        ],
        short: `Dossier ${code}: please pay ${formatDong(total, "en")}.`,
      };
    }
    case "paymentReceived":
      return {
        subject: `Dossier ${code}: payment received`,
        lines: [
          `${facts.agencyName} received your payment of ${formatDong(content.amount, "en")} for dossier ${code} (${facts.procedureName}).`,
          `E-receipt number ${content.receiptNumber}.`,
          `View, download and verify the receipt at: ${content.verifyUrl}`,
        ],
        short: `Dossier ${code}: ${formatDong(content.amount, "en")} received, receipt ${content.receiptNumber}. Verify: ${content.verifyUrl}`,
      };
    case "receptionDeadline":
      return {
        subject:
          content.level === "dueSoon"
            ? `Reception deadline near for dossier ${code}`
            : `Reception overdue for dossier ${code}`,
        lines: [
          `Online dossier ${code} (${facts.procedureName}) of ${facts.applicantName} ${content.level === "dueSoon" ? "waits for reception" : "is past its reception deadline"}.`,
          `Reception deadline: ${at(content.dueAt)}.`,
        ],
        short: `${content.level === "dueSoon" ? "Reception deadline near" : "Reception overdue"}: dossier ${code} (${at(content.dueAt)}).`,
      };
    case "taskAssigned":
      return {
        subject: `Dossier ${code} assigned to you`,
        lines: [
          `You have been given the step "${content.step.en}" of dossier ${code} (${facts.procedureName}).`,
          ...(content.dueAt ? [`This step is due ${at(content.dueAt)}.`] : []),
        ],
        short: `Assigned: "${content.step.en}" of dossier ${code}.`,
      };
    case "consultationDeadline":
      return {
        subject:
          content.level === "dueSoon"
            ? `Consultation on dossier ${code} due soon`
            : `Consultation on dossier ${code} overdue`,
        lines: [
          `Consultation on dossier ${code} (${facts.procedureName}): ${content.question}`,
          `${content.level === "dueSoon" ? "Answer due" : "Answer was due"}: ${at(content.dueAt)}.`,
        ],
        short: `Consultation on dossier ${code} ${content.level === "dueSoon" ? "due soon" : "overdue"}.`,
      };
  }
}

/**
 * Renders a notification for one recipient in their language: a greeting, the text of the kind, and the signature
 * of the system (recipients must know who writes, and that the mailbox is not read).
 */
export function renderNotification(
  content: NotificationContent,
  facts: DossierFacts,
  language: NotificationLanguage,
  recipientName: string,
): RenderedNotification {
  const texts = language === "vi" ? vietnamese(content, facts) : english(content, facts);
  const greeting = language === "vi" ? `Kính gửi ông/bà ${recipientName},` : `Dear ${recipientName},`;
  const signature =
    language === "vi"
      ? "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính; vui lòng không trả lời thư này."
      : "This message was sent automatically by the administrative procedure system; please do not reply.";
  return {
    subject: texts.subject,
    body: [greeting, "", ...texts.lines, "", signature].join("\n"),
    short: texts.short,
  };
}
