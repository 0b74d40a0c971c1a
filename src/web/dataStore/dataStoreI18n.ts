import { useCallback } from "react";
import { format, useI18n } from "../i18n/i18n.tsx";

/** Texts of the applicant's data store and of its offer in the wizard (Vietnamese first; English has every key). */
const vi = {
  "ds.nav": "Kho dữ liệu của tôi",
  "ds.title": "Kho dữ liệu của tôi",
  "ds.lead":
    "Kết quả giải quyết và giấy tờ của bạn được lưu tại đây để dùng lại khi nộp hồ sơ sau, không phải tải lên lại. Cán bộ chỉ xem được giấy tờ qua hồ sơ có dùng giấy tờ đó; mọi lượt truy cập đều được ghi lại.",
  "ds.documents": "Giấy tờ trong kho",
  "ds.empty": "Kho của bạn chưa có giấy tờ nào. Kết quả giải quyết hồ sơ sẽ tự động được lưu vào đây.",
  "ds.name": "Giấy tờ",
  "ds.source": "Từ hồ sơ",
  "ds.validity": "Hiệu lực",
  "ds.validFrom": "Từ {from}",
  "ds.noExpiry": "không thời hạn",
  "ds.until": "đến {until}",
  "ds.state": "Tình trạng",
  "ds.state.reusable": "Dùng lại được",
  "ds.state.revoked": "Đã thu hồi khỏi việc dùng lại",
  "ds.state.expired": "Hết hiệu lực",
  "ds.reused": "Đã dùng lại {count} lần",
  "ds.actions": "Thao tác",
  "ds.download": "Tải về",
  "ds.downloadNamed": "Tải về {name}",
  "ds.revoke": "Thu hồi",
  "ds.revokeNamed": "Thu hồi {name} khỏi việc dùng lại",
  "ds.revokeConfirm":
    "Thu hồi giấy tờ này? Giấy tờ sẽ không được đề xuất dùng lại cho hồ sơ sau; các hồ sơ đã dùng vẫn giữ nguyên.",
  "ds.revokeOk": "Đồng ý thu hồi",
  "ds.cancel": "Hủy",
  "ds.revoked": "Đã thu hồi giấy tờ khỏi việc dùng lại.",
  "ds.kind.result": "Kết quả giải quyết",
  "ds.kind.component": "Thành phần hồ sơ đã nộp",
  "ds.log": "Nhật ký truy cập",
  "ds.log.empty": "Chưa có lượt truy cập nào.",
  "ds.log.at": "Thời gian",
  "ds.log.who": "Người truy cập",
  "ds.log.what": "Việc",
  "ds.log.document": "Giấy tờ",
  "ds.log.dossier": "Qua hồ sơ",
  "ds.log.self": "Bạn",
  "ds.log.system": "Hệ thống",
  "ds.action.stored": "Lưu vào kho",
  "ds.action.downloaded": "Tải về",
  "ds.action.reused": "Dùng lại cho hồ sơ",
  "ds.action.viewed": "Cán bộ xem",
  "ds.action.revoked": "Thu hồi",
  "ds.applicantsOnly": "Trang này dành cho công dân và tổ chức có tài khoản.",
  "ds.offer.title": "Dùng lại từ kho",
  "ds.offer.lead": "Kho dữ liệu của bạn có giấy tờ dùng được cho thành phần này; chọn để không phải tải lên.",
  "ds.offer.none": "Không dùng lại, tôi tải tệp lên",
  "ds.offer.option": "{name} (từ hồ sơ {code})",
  "ds.offer.chosen": "Dùng lại từ kho: {name}",
};

export type DataStoreKey = keyof typeof vi;

const en: Record<DataStoreKey, string> = {
  "ds.nav": "My data store",
  "ds.title": "My data store",
  "ds.lead":
    "Your results and documents are kept here so you can reuse them in later applications without uploading them again. Officers see a document only through an application that uses it; every access is recorded.",
  "ds.documents": "Documents in the store",
  "ds.empty":
    "Your store has no documents yet. The results of your applications will be stored here automatically.",
  "ds.name": "Document",
  "ds.source": "From application",
  "ds.validity": "Validity",
  "ds.validFrom": "From {from}",
  "ds.noExpiry": "no expiry",
  "ds.until": "until {until}",
  "ds.state": "State",
  "ds.state.reusable": "Reusable",
  "ds.state.revoked": "Withdrawn from reuse",
  "ds.state.expired": "Expired",
  "ds.reused": "Reused {count} times",
  "ds.actions": "Actions",
  "ds.download": "Download",
  "ds.downloadNamed": "Download {name}",
  "ds.revoke": "Withdraw",
  "ds.revokeNamed": "Withdraw {name} from reuse",
  "ds.revokeConfirm":
    "Withdraw this document? It will no longer be offered for later applications; applications that used it keep it.",
  "ds.revokeOk": "Withdraw",
  "ds.cancel": "Cancel",
  "ds.revoked": "The document was withdrawn from reuse.",
  "ds.kind.result": "Result",
  "ds.kind.component": "Submitted document",
  "ds.log": "Access log",
  "ds.log.empty": "No access yet.",
  "ds.log.at": "Time",
  "ds.log.who": "Who",
  "ds.log.what": "What",
  "ds.log.document": "Document",
  "ds.log.dossier": "Through application",
  "ds.log.self": "You",
  "ds.log.system": "The system",
  "ds.action.stored": "Stored",
  "ds.action.downloaded": "Downloaded",
  "ds.action.reused": "Reused in an application",
  "ds.action.viewed": "Viewed by an officer",
  "ds.action.revoked": "Withdrawn",
  "ds.applicantsOnly": "This page is for citizens and organisations with an account.",
  "ds.offer.title": "Reuse from my data store",
  "ds.offer.lead": "Your data store has a document that fits this item; choose it instead of uploading.",
  "ds.offer.none": "Do not reuse, I will upload a file",
  "ds.offer.option": "{name} (from application {code})",
  "ds.offer.chosen": "Reused from the data store: {name}",
};

const dictionaries = { vi: vi as Record<DataStoreKey, string>, en };

export function useDataStoreI18n() {
  const i18n = useI18n();
  const dt = useCallback(
    (key: DataStoreKey, vars?: Record<string, string | number>) =>
      format(dictionaries[i18n.lang][key] ?? key, vars),
    [i18n.lang],
  );
  return { ...i18n, dt };
}
