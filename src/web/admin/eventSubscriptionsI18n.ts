import { useCallback } from "react";
import { format, useI18n } from "../i18n/i18n.tsx";

/** Texts of the event subscriptions page (issue #18); every key exists in both languages (typed). */
const vi = {
  "ev.nav": "Gửi sự kiện hồ sơ",
  "ev.title": "Hệ thống nhận sự kiện hồ sơ",
  "ev.intro":
    "Các hệ thống ngành, nền tảng tích hợp cấp tỉnh (LGSP) và hệ thống quản lý văn bản của tỉnh nhận sự kiện hồ sơ từ Một cửa qua địa chỉ đã đăng ký. Mỗi sự kiện được ký bằng khóa riêng của hệ thống, gửi lại khi lỗi và luôn theo đúng thứ tự của từng hồ sơ.",
  "ev.onlySystem": "Chỉ quản trị hệ thống được quản lý các hệ thống nhận sự kiện.",
  "ev.add": "Thêm hệ thống nhận",
  "ev.empty": "Chưa có hệ thống nào đăng ký nhận sự kiện.",
  "ev.col.name": "Tên",
  "ev.col.target": "Địa chỉ nhận",
  "ev.col.scope": "Phạm vi",
  "ev.col.state": "Trạng thái",
  "ev.col.deliveries": "Đang chờ / đã gửi / thất bại",
  "ev.col.error": "Lỗi gần nhất",
  "ev.col.action": "Thao tác",
  "ev.active": "Đang gửi",
  "ev.paused": "Tạm dừng",
  "ev.allAgencies": "mọi cơ quan",
  "ev.agencies": "{count} cơ quan",
  "ev.allTypes": "mọi loại sự kiện",
  "ev.types": "{count} loại sự kiện",
  "ev.withApplicant": "kèm tên người nộp",
  "ev.edit": "Sửa",
  "ev.deliveries": "Lần gửi",
  "ev.replay": "Gửi lại",
  "ev.none": "—",
  "ev.form.addTitle": "Thêm hệ thống nhận sự kiện",
  "ev.form.editTitle": "Sửa hệ thống nhận sự kiện",
  "ev.form.name": "Tên hệ thống",
  "ev.form.target": "Địa chỉ nhận (https)",
  "ev.form.targetHelp": "Địa chỉ https của hệ thống nhận; http chỉ dùng được với máy cục bộ (thử nghiệm).",
  "ev.form.secret": "Khóa ký (để trống: hệ thống tự tạo khi thêm, giữ nguyên khi sửa)",
  "ev.form.agencies": "Cơ quan (để trống: mọi cơ quan)",
  "ev.form.types": "Loại sự kiện (để trống: mọi loại)",
  "ev.form.applicant":
    "Gửi kèm tên người nộp và tên tổ chức (không bao giờ gửi số định danh, địa chỉ, số điện thoại)",
  "ev.form.active": "Đang gửi sự kiện",
  "ev.form.save": "Lưu",
  "ev.form.cancel": "Hủy",
  "ev.form.required": "Vui lòng nhập thông tin này",
  "ev.saved": "Đã lưu hệ thống nhận sự kiện.",
  "ev.secret.title": "Khóa ký của hệ thống nhận",
  "ev.secret.text":
    "Sao chép khóa này và trao cho hệ thống nhận qua kênh an toàn. Khóa chỉ hiện một lần; sau này chỉ có thể đặt khóa mới.",
  "ev.replay.title": "Gửi lại sự kiện cho {name}",
  "ev.replay.intro":
    "Các sự kiện đã gửi hoặc gửi thất bại từ mốc đã chọn sẽ được gửi lại theo đúng thứ tự của từng hồ sơ.",
  "ev.replay.from": "Từ thời điểm",
  "ev.replay.eventId": "Hoặc từ mã sự kiện",
  "ev.replay.submit": "Gửi lại",
  "ev.replay.done": "Đã xếp {count} sự kiện để gửi lại.",
  "ev.del.title": "Các lần gửi tới {name}",
  "ev.del.filter": "Lọc theo trạng thái",
  "ev.del.all": "Tất cả",
  "ev.del.pending": "Đang chờ",
  "ev.del.sent": "Đã gửi",
  "ev.del.dead": "Thất bại",
  "ev.del.col.event": "Mã sự kiện",
  "ev.del.col.type": "Loại",
  "ev.del.col.dossier": "Hồ sơ",
  "ev.del.col.status": "Trạng thái",
  "ev.del.col.attempts": "Số lần thử",
  "ev.del.col.error": "Lỗi",
  "ev.del.col.created": "Tạo lúc",
  "ev.del.empty": "Không có lần gửi nào.",
  "ev.close": "Đóng",
};

export type EventSubscriptionKey = keyof typeof vi;

const en: Record<EventSubscriptionKey, string> = {
  "ev.nav": "Dossier events",
  "ev.title": "Systems receiving dossier events",
  "ev.intro":
    "Sector systems, the provincial integration platform (LGSP) and the province's document system receive dossier events from OneStop at the address they registered. Every event is signed with the system's own key, sent again after a failure and always in each dossier's order.",
  "ev.onlySystem": "Only the system administrator manages the systems receiving events.",
  "ev.add": "Add a receiving system",
  "ev.empty": "No system subscribes to events yet.",
  "ev.col.name": "Name",
  "ev.col.target": "Target address",
  "ev.col.scope": "Scope",
  "ev.col.state": "State",
  "ev.col.deliveries": "Pending / sent / failed",
  "ev.col.error": "Last error",
  "ev.col.action": "Actions",
  "ev.active": "Sending",
  "ev.paused": "Paused",
  "ev.allAgencies": "every agency",
  "ev.agencies": "{count} agencies",
  "ev.allTypes": "every event type",
  "ev.types": "{count} event types",
  "ev.withApplicant": "with the applicant's name",
  "ev.edit": "Edit",
  "ev.deliveries": "Deliveries",
  "ev.replay": "Replay",
  "ev.none": "—",
  "ev.form.addTitle": "Add a system receiving events",
  "ev.form.editTitle": "Edit a system receiving events",
  "ev.form.name": "System name",
  "ev.form.target": "Target address (https)",
  "ev.form.targetHelp":
    "The receiving system's https address; http only works on the local machine (testing).",
  "ev.form.secret": "Signing key (empty: generated when adding, kept when editing)",
  "ev.form.agencies": "Agencies (empty: every agency)",
  "ev.form.types": "Event types (empty: every type)",
  "ev.form.applicant":
    "Send the applicant's and organisation's names (never identity numbers, addresses or phone numbers)",
  "ev.form.active": "Sending events",
  "ev.form.save": "Save",
  "ev.form.cancel": "Cancel",
  "ev.form.required": "Please fill this in",
  "ev.saved": "The receiving system is saved.",
  "ev.secret.title": "The receiving system's signing key",
  "ev.secret.text":
    "Copy this key and hand it to the receiving system over a secure channel. It is shown only once; later you can only set a new one.",
  "ev.replay.title": "Replay events to {name}",
  "ev.replay.intro": "Events sent or failed from the chosen point are sent again, in each dossier's order.",
  "ev.replay.from": "From a time",
  "ev.replay.eventId": "Or from an event id",
  "ev.replay.submit": "Replay",
  "ev.replay.done": "{count} events are queued to be sent again.",
  "ev.del.title": "Deliveries to {name}",
  "ev.del.filter": "Filter by state",
  "ev.del.all": "All",
  "ev.del.pending": "Pending",
  "ev.del.sent": "Sent",
  "ev.del.dead": "Failed",
  "ev.del.col.event": "Event id",
  "ev.del.col.type": "Type",
  "ev.del.col.dossier": "Dossier",
  "ev.del.col.status": "State",
  "ev.del.col.attempts": "Attempts",
  "ev.del.col.error": "Error",
  "ev.del.col.created": "Created",
  "ev.del.empty": "No deliveries.",
  "ev.close": "Close",
};

const dictionaries = { vi: vi as Record<EventSubscriptionKey, string>, en };

/** The shell's i18n plus this dictionary (`et`), following the shell's language switch. */
export function useEventSubscriptionsI18n() {
  const i18n = useI18n();
  const et = useCallback(
    (key: EventSubscriptionKey, vars?: Record<string, string | number>) =>
      format(dictionaries[i18n.lang][key], vars),
    [i18n.lang],
  );
  return { ...i18n, et };
}
