import { useCallback } from "react";
import { format, useI18n } from "../../i18n/i18n.tsx";

/** Texts of the notification pages (preferences, dead letters); every key exists in both languages (typed). */
const vi = {
  "notify.nav": "Thông báo",
  "notify.title": "Nhận thông báo",
  "notify.intro":
    "Chọn cách nhận thông báo về hồ sơ: tiếp nhận, yêu cầu bổ sung, gia hạn, kết quả (và với cán bộ: hồ sơ được giao, sắp đến hạn).",
  "notify.channels": "Kênh nhận thông báo",
  "notify.email": "Thư điện tử",
  "notify.emailTo": "gửi tới {address}",
  "notify.sms": "Tin nhắn SMS",
  "notify.smsTo": "gửi tới số {phone}",
  "notify.noAddress": "tài khoản chưa có địa chỉ này",
  "notify.social": "Mạng xã hội được phép (ví dụ Zalo)",
  "notify.zalo":
    "Kênh nhắn tin của tỉnh: gửi thông báo tới người theo dõi hồ sơ của tôi trên tài khoản chính thức (sau khi xác minh số điện thoại)",
  "notify.socialHandle": "Tài khoản mạng xã hội",
  "notify.socialHelp": "Số điện thoại hoặc mã tài khoản trên mạng xã hội dùng để nhận tin.",
  "notify.socialRequired": "Nhập tài khoản mạng xã hội để nhận thông báo qua kênh này",
  "notify.language": "Ngôn ngữ của thông báo",
  "notify.vi": "Tiếng Việt",
  "notify.en": "Tiếng Anh",
  "notify.save": "Lưu lựa chọn",
  "notify.saved": "Đã lưu lựa chọn nhận thông báo.",
  "dead.title": "Thông báo gửi thất bại",
  "dead.intro":
    "Các thông báo đã thử gửi nhiều lần không thành công. Kiểm tra địa chỉ hoặc cổng gửi, rồi gửi lại.",
  "dead.empty": "Không có thông báo gửi thất bại.",
  "dead.total": "{total} thông báo",
  "dead.col.dossier": "Hồ sơ",
  "dead.col.channel": "Kênh",
  "dead.col.address": "Người nhận",
  "dead.col.content": "Nội dung",
  "dead.col.attempts": "Số lần thử",
  "dead.col.error": "Lỗi lần cuối",
  "dead.col.deadAt": "Thời điểm",
  "dead.col.action": "Thao tác",
  "dead.retry": "Gửi lại",
  "dead.retried": "Đã đưa thông báo vào hàng đợi gửi lại.",
  "dead.channel.email": "Thư điện tử",
  "dead.channel.sms": "SMS",
  "dead.channel.social": "Mạng xã hội",
  "dead.channel.zalo": "Kênh nhắn tin của tỉnh",
  "dead.none": "—",
  "mailbox.title": "Hộp thư mô phỏng (chạy thử)",
  "mailbox.intro":
    "Máy chủ đang chạy thử, chưa cấu hình máy chủ thư và cổng tin nhắn thật: đây là những gì các trình mô phỏng đã nhận.",
  "mailbox.empty": "Các trình mô phỏng chưa nhận thông báo nào.",
  "mailbox.col.received": "Nhận lúc",
} as const;

export type NotifyKey = keyof typeof vi;

const en: Record<NotifyKey, string> = {
  "notify.nav": "Notifications",
  "notify.title": "Notifications",
  "notify.intro":
    "Choose how you are told about your dossiers: reception, supplement requests, extensions, results (and for officers: assigned dossiers, deadlines).",
  "notify.channels": "Channels",
  "notify.email": "E-mail",
  "notify.emailTo": "to {address}",
  "notify.sms": "SMS",
  "notify.smsTo": "to {phone}",
  "notify.noAddress": "the account has no such address",
  "notify.social": "Approved social network (e.g. Zalo)",
  "notify.zalo":
    "The province's messaging channel: notify those who follow my dossiers on the official account (after checking the phone number)",
  "notify.socialHandle": "Social network account",
  "notify.socialHelp": "The phone number or account id you receive messages on.",
  "notify.socialRequired": "Enter your social network account to be notified there",
  "notify.language": "Language of the messages",
  "notify.vi": "Vietnamese",
  "notify.en": "English",
  "notify.save": "Save",
  "notify.saved": "Your notification choices are saved.",
  "dead.title": "Failed notifications",
  "dead.intro":
    "Notifications that failed after every attempt. Check the address or the gateway, then send again.",
  "dead.empty": "No failed notifications.",
  "dead.total": "{total} notifications",
  "dead.col.dossier": "Dossier",
  "dead.col.channel": "Channel",
  "dead.col.address": "Recipient",
  "dead.col.content": "Content",
  "dead.col.attempts": "Attempts",
  "dead.col.error": "Last error",
  "dead.col.deadAt": "When",
  "dead.col.action": "Action",
  "dead.retry": "Send again",
  "dead.retried": "The notification is queued to be sent again.",
  "dead.channel.email": "E-mail",
  "dead.channel.sms": "SMS",
  "dead.channel.social": "Social network",
  "dead.channel.zalo": "Province messaging channel",
  "dead.none": "—",
  "mailbox.title": "Simulated mailbox (development)",
  "mailbox.intro":
    "This server runs without a real mail server or messaging gateway: this is what the simulators received.",
  "mailbox.empty": "The simulators have received nothing yet.",
  "mailbox.col.received": "Received",
};

const dictionaries = { vi: vi as Record<NotifyKey, string>, en };

/** The shell's i18n plus this dictionary (`nt`), following the shell's language switch. */
export function useNotifyI18n() {
  const i18n = useI18n();
  const nt = useCallback(
    (key: NotifyKey, vars?: Record<string, string | number>) => format(dictionaries[i18n.lang][key], vars),
    [i18n.lang],
  );
  return { ...i18n, nt };
}
