import { useCallback } from "react";
import { format, useI18n } from "../i18n/i18n.tsx";

/** Texts of the public statistics page (Vietnamese first; English must have every key — the type checks it). */
const vi = {
  "stats.title": "Thống kê giải quyết thủ tục hành chính",
  "stats.onTime.title": "Tỷ lệ giải quyết đúng hạn tháng {month}",
  "stats.onTime.note":
    "Số liệu từ hệ thống, cập nhật liên tục; đúng hạn tính theo chỉ số 2.1 Quyết định 766/QĐ-TTg (gồm cả trước hạn).",
  "stats.agency": "Cơ quan",
  "stats.resolved": "Đã giải quyết",
  "stats.early": "Trước hạn",
  "stats.onTime": "Đúng hạn",
  "stats.late": "Trễ hạn",
  "stats.rate": "Tỷ lệ đúng hạn",
  "stats.noData": "chưa có dữ liệu",
  "stats.empty": "Chưa có hồ sơ nào được giải quyết trong tháng này.",
  "stats.late.title": "Danh sách cơ quan, cá nhân trễ hạn (công bố hằng tháng)",
  "stats.late.month": "Tháng {month}",
  "stats.late.publishedAt": "Công bố lúc {at}",
  "stats.late.agencies": "Cơ quan có hồ sơ trễ hạn",
  "stats.late.officers": "Cá nhân xử lý trễ hạn",
  "stats.late.officer": "Họ và tên",
  "stats.late.steps": "Số bước xử lý trễ hạn",
  "stats.late.none": "Không có.",
  "stats.late.noList": "Chưa có danh sách nào được công bố.",
};

type StatisticsKey = keyof typeof vi;

const en: Record<StatisticsKey, string> = {
  "stats.title": "Statistics of administrative procedures",
  "stats.onTime.title": "On-time rate in {month}",
  "stats.onTime.note":
    "Figures from the system, updated continuously; on time follows indicator 2.1 of Decision 766 (early included).",
  "stats.agency": "Agency",
  "stats.resolved": "Resolved",
  "stats.early": "Early",
  "stats.onTime": "On time",
  "stats.late": "Late",
  "stats.rate": "On-time rate",
  "stats.noData": "no data yet",
  "stats.empty": "No dossier has been resolved this month yet.",
  "stats.late.title": "Late agencies and individuals (published monthly)",
  "stats.late.month": "Month {month}",
  "stats.late.publishedAt": "Published {at}",
  "stats.late.agencies": "Agencies with late dossiers",
  "stats.late.officers": "Individuals late in handling",
  "stats.late.officer": "Name",
  "stats.late.steps": "Steps handled late",
  "stats.late.none": "None.",
  "stats.late.noList": "No list has been published yet.",
};

const dictionaries = { vi: vi as Record<StatisticsKey, string>, en };

export function useStatisticsI18n() {
  const i18n = useI18n();
  const st = useCallback(
    (key: StatisticsKey, vars?: Record<string, string | number>) =>
      format(dictionaries[i18n.lang][key] ?? key, vars),
    [i18n.lang],
  );
  return { ...i18n, st };
}
