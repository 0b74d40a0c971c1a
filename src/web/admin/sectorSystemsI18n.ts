import { useCallback } from "react";
import { format, useI18n } from "../i18n/i18n.tsx";

/** Texts of the sector systems page (issue #18); every key exists in both languages (typed). */
const vi = {
  "sec.nav": "Hệ thống chuyên ngành",
  "sec.title": "Hệ thống chuyên ngành kết nối",
  "sec.intro":
    "Các phần mềm chuyên ngành (hộ tịch, đất đai, đăng ký kinh doanh) tự giải quyết hồ sơ và báo trạng thái về hệ thống của tỉnh. Hồ sơ của các hệ thống này hiện trong tra cứu, thống kê và đồng bộ lên Cổng Dịch vụ công quốc gia, nhưng không xử lý trên hệ thống một cửa.",
  "sec.onlySystem": "Chỉ quản trị hệ thống được quản lý các hệ thống chuyên ngành.",
  "sec.add": "Đăng ký hệ thống",
  "sec.empty": "Chưa có hệ thống chuyên ngành nào được đăng ký.",
  "sec.col.name": "Hệ thống",
  "sec.col.kind": "Loại",
  "sec.col.scope": "Thủ tục, cơ quan",
  "sec.col.state": "Trạng thái",
  "sec.col.dossiers": "Số hồ sơ",
  "sec.col.lastCall": "Lần gọi gần nhất",
  "sec.col.action": "Thao tác",
  "sec.kind.civil_status": "Hộ tịch",
  "sec.kind.land": "Đất đai",
  "sec.kind.business_registration": "Đăng ký kinh doanh",
  "sec.kind.other": "Khác",
  "sec.enabled": "Đang kết nối",
  "sec.disabled": "Đã tắt",
  "sec.enable": "Bật",
  "sec.disable": "Tắt",
  "sec.calls": "Các lần gọi",
  "sec.scope": "{procedures} thủ tục, {agencies} cơ quan",
  "sec.key": "khóa …{hint}",
  "sec.never": "Chưa gọi",
  "sec.changed": "Đã cập nhật trạng thái kết nối.",
  "sec.form.title": "Đăng ký hệ thống chuyên ngành",
  "sec.form.code": "Mã hệ thống (chữ thường, số, - hoặc _)",
  "sec.form.name": "Tên hệ thống",
  "sec.form.kind": "Loại hệ thống",
  "sec.form.procedures": "Mã thủ tục được báo cáo (cách nhau bởi dấu phẩy)",
  "sec.form.agencies": "Cơ quan được báo cáo",
  "sec.form.save": "Đăng ký",
  "sec.form.cancel": "Hủy",
  "sec.form.required": "Vui lòng nhập thông tin này",
  "sec.form.codePattern": "Mã gồm 2–40 ký tự: chữ thường không dấu, số, - hoặc _",
  "sec.secret.title": "Khóa của hệ thống chỉ hiển thị một lần",
  "sec.secret.text":
    "Sao chép và trao cho đơn vị vận hành hệ thống chuyên ngành qua kênh an toàn. Hệ thống của tỉnh chỉ lưu mã băm của khóa API và khóa HMAC đã niêm phong; không thể xem lại.",
  "sec.secret.apiKey": "Khóa API (X-Api-Key)",
  "sec.secret.hmac": "Khóa HMAC (ký X-Signature)",
  "sec.calls.title": "Các lần gọi gần nhất của {name}",
  "sec.calls.col.at": "Thời điểm",
  "sec.calls.col.report": "Mã báo cáo",
  "sec.calls.col.dossier": "Mã hồ sơ",
  "sec.calls.col.status": "Kết quả",
  "sec.calls.empty": "Chưa có lần gọi nào.",
  "sec.close": "Đóng",
};

export type SectorSystemsKey = keyof typeof vi;

const en: Record<SectorSystemsKey, string> = {
  "sec.nav": "Sector systems",
  "sec.title": "Connected sector systems",
  "sec.intro":
    "Sector software (civil status, land, business registration) handles its own dossiers and reports their statuses to the province. Their dossiers show in lookup, statistics and the national portal sync, but are not processed in the one-stop system.",
  "sec.onlySystem": "Only the system administrator manages sector systems.",
  "sec.add": "Register a system",
  "sec.empty": "No sector system is registered yet.",
  "sec.col.name": "System",
  "sec.col.kind": "Kind",
  "sec.col.scope": "Procedures, agencies",
  "sec.col.state": "State",
  "sec.col.dossiers": "Dossiers",
  "sec.col.lastCall": "Last call",
  "sec.col.action": "Actions",
  "sec.kind.civil_status": "Civil status",
  "sec.kind.land": "Land",
  "sec.kind.business_registration": "Business registration",
  "sec.kind.other": "Other",
  "sec.enabled": "Connected",
  "sec.disabled": "Disabled",
  "sec.enable": "Enable",
  "sec.disable": "Disable",
  "sec.calls": "Calls",
  "sec.scope": "{procedures} procedures, {agencies} agencies",
  "sec.key": "key …{hint}",
  "sec.never": "Never called",
  "sec.changed": "The connection state is updated.",
  "sec.form.title": "Register a sector system",
  "sec.form.code": "System code (lower-case letters, digits, - or _)",
  "sec.form.name": "System name",
  "sec.form.kind": "Kind of system",
  "sec.form.procedures": "Procedure codes it reports (comma-separated)",
  "sec.form.agencies": "Agencies it reports",
  "sec.form.save": "Register",
  "sec.form.cancel": "Cancel",
  "sec.form.required": "Please fill this in",
  "sec.form.codePattern": "2–40 characters: lower-case letters, digits, - or _",
  "sec.secret.title": "The system's keys are shown only once",
  "sec.secret.text":
    "Copy them and hand them to the sector system's operator over a safe channel. The province keeps only a hash of the API key and the HMAC secret sealed; they cannot be shown again.",
  "sec.secret.apiKey": "API key (X-Api-Key)",
  "sec.secret.hmac": "HMAC secret (signs X-Signature)",
  "sec.calls.title": "Last calls of {name}",
  "sec.calls.col.at": "Time",
  "sec.calls.col.report": "Report id",
  "sec.calls.col.dossier": "Dossier code",
  "sec.calls.col.status": "Outcome",
  "sec.calls.empty": "No calls yet.",
  "sec.close": "Close",
};

const dictionaries = { vi: vi as Record<SectorSystemsKey, string>, en };

/** The shell's i18n plus this dictionary (`st`), following the shell's language switch. */
export function useSectorSystemsI18n() {
  const i18n = useI18n();
  const st = useCallback(
    (key: SectorSystemsKey, vars?: Record<string, string | number>) =>
      format(dictionaries[i18n.lang][key], vars),
    [i18n.lang],
  );
  return { ...i18n, st };
}
