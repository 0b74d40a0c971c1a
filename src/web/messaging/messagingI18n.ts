import { useCallback } from "react";
import { format, useI18n } from "../i18n/i18n.tsx";

/** Texts of the messaging channel's pieces of the office (issue #18): photos of papers received from followers. */
const vi = {
  "photos.title": "Ảnh giấy tờ nhận qua kênh nhắn tin",
  "photos.intro":
    "Người theo dõi hồ sơ đã gửi ảnh giấy tờ bổ sung qua tài khoản chính thức của tỉnh trên mạng xã hội. Xem ảnh, rồi chấp nhận làm hồ sơ bổ sung hoặc từ chối kèm lý do (người gửi được báo lại).",
  "photos.col.photo": "Ảnh",
  "photos.col.received": "Nhận lúc",
  "photos.col.state": "Trạng thái",
  "photos.col.action": "Thao tác",
  "photos.state.pending": "Chờ xem xét",
  "photos.state.accepted": "Đã chấp nhận",
  "photos.state.rejected": "Đã từ chối",
  "photos.view": "Xem ảnh {name}",
  "photos.accept": "Chấp nhận và tiếp nhận bổ sung",
  "photos.acceptHelp":
    "Các ảnh được chọn trở thành tệp bổ sung của hồ sơ; thời hạn giải quyết được tính lại.",
  "photos.accepted": "Đã tiếp nhận hồ sơ bổ sung từ ảnh đã chọn.",
  "photos.reject": "Từ chối",
  "photos.rejectTitle": "Từ chối ảnh giấy tờ",
  "photos.reason": "Lý do (gửi cho người đã gửi ảnh)",
  "photos.reasonRequired": "Nhập lý do từ chối",
  "photos.rejected": "Đã từ chối ảnh và báo cho người gửi.",
  "photos.decidedBy": "{name}, {at}",
  "photos.select": "Chọn ảnh {name}",
} as const;

export type MessagingKey = keyof typeof vi;

const en: Record<MessagingKey, string> = {
  "photos.title": "Photos of papers received on the messaging channel",
  "photos.intro":
    "A follower of this dossier sent photos of supplementary papers to the province's official account on the social network. Look at them, then accept them as the supplement or reject one with a reason (the sender is told).",
  "photos.col.photo": "Photo",
  "photos.col.received": "Received",
  "photos.col.state": "State",
  "photos.col.action": "Action",
  "photos.state.pending": "Awaiting review",
  "photos.state.accepted": "Accepted",
  "photos.state.rejected": "Rejected",
  "photos.view": "View photo {name}",
  "photos.accept": "Accept and receive the supplement",
  "photos.acceptHelp":
    "The selected photos become the dossier's supplement files; the processing time restarts.",
  "photos.accepted": "The supplement was received from the selected photos.",
  "photos.reject": "Reject",
  "photos.rejectTitle": "Reject a photo",
  "photos.reason": "Reason (sent to the person who sent the photo)",
  "photos.reasonRequired": "Enter the reason for rejecting",
  "photos.rejected": "The photo was rejected and the sender told.",
  "photos.decidedBy": "{name}, {at}",
  "photos.select": "Select photo {name}",
};

const dictionaries = { vi: vi as Record<MessagingKey, string>, en };

/** The shell's i18n plus this dictionary (`mt`), following the shell's language switch. */
export function useMessagingI18n() {
  const i18n = useI18n();
  const mt = useCallback(
    (key: MessagingKey, vars?: Record<string, string | number>) => format(dictionaries[i18n.lang][key], vars),
    [i18n.lang],
  );
  return { ...i18n, mt };
}
