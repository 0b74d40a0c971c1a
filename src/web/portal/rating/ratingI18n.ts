import { useCallback } from "react";
import { format, useI18n } from "../../i18n/i18n.tsx";

/**
 * Texts of the evaluation pages: the rating on the dossier page and at the kiosk, the public results and the 766
 * tables (Vietnamese first; English must have every key — the type checks it). Index and indicator names come from
 * the domain's own data (src/domain/evaluation, src/domain/kpi).
 */
const vi = {
  "rating.title": "Đánh giá việc giải quyết hồ sơ",
  "rating.intro":
    "Hồ sơ đã có kết quả. Mời bạn đánh giá các tiêu chí bạn trả lời được (mỗi tiêu chí 0–2 điểm); có thể bỏ qua tiêu chí không rõ.",
  "rating.skip": "Không đánh giá",
  "rating.points": "{points} điểm",
  "rating.satisfaction": "Mức độ hài lòng chung",
  "rating.satisfaction.satisfied": "Hài lòng",
  "rating.satisfaction.neutral": "Bình thường",
  "rating.satisfaction.dissatisfied": "Không hài lòng",
  "rating.submit": "Gửi đánh giá",
  "rating.needOne": "Hãy chọn điểm cho ít nhất một tiêu chí.",
  "rating.thanks": "Cảm ơn bạn đã đánh giá.",
  "rating.done": "Hồ sơ đã được đánh giá lúc {at} ({channel}).",
  "rating.channel.portal": "trên Cổng Dịch vụ công",
  "rating.channel.kiosk": "tại quầy",
  "rating.channel.national_portal": "trên Cổng Dịch vụ công quốc gia",

  "kiosk.title": "Đánh giá tại quầy",
  "kiosk.intro": "Cán bộ một cửa nhập mã hồ sơ đã có kết quả, rồi mời công dân đánh giá trên màn hình này.",
  "kiosk.code": "Mã hồ sơ",
  "kiosk.open": "Mở màn hình đánh giá",
  "kiosk.for": "Hồ sơ {code} — {procedure}",
  "kiosk.thanks": "Cảm ơn Ông/Bà đã đánh giá!",
  "kiosk.next": "Đánh giá hồ sơ khác",
  "kiosk.cancel": "Hủy",

  "results.title": "Kết quả đánh giá giải quyết thủ tục hành chính",
  "results.month": "Tháng",
  "results.show": "Xem",
  "results.note":
    "Người nộp đánh giá các tiêu chí 1–4, 6, 7 sau khi có kết quả; tiêu chí 5, 8 (phản ánh, kiến nghị) và 9 tính từ số liệu của cơ quan. Khi thiếu tiêu chí, tổng điểm được quy đổi về thang 18 để xếp loại.",
  "results.agency": "Cơ quan",
  "results.ratings": "Lượt đánh giá",
  "results.index": "TC {id}",
  "results.total": "Tổng điểm",
  "results.on18": "Quy đổi /18",
  "results.band": "Xếp loại",
  "results.empty": "Chưa có kết quả đánh giá trong tháng này.",
  "results.noData": "chưa có dữ liệu",
  "results.noRatings": "chưa có đánh giá",
  "results.indices": "Các tiêu chí đánh giá",

  "kpi.title": "Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)",
  "kpi.note":
    "Tính theo công thức của Cổng Dịch vụ công quốc gia từ dữ liệu của hệ thống; điểm chính thức là điểm do Cổng Dịch vụ công quốc gia công bố. Chỉ tiêu cần dữ liệu của chức năng chưa có ghi “chưa có dữ liệu”.",
  "kpi.scope": "Phạm vi",
  "kpi.province": "Toàn tỉnh",
  "kpi.total": "Tổng điểm: {points} / {max} (trên {scored} điểm đã tính được)",
  "kpi.group": "Nhóm",
  "kpi.indicator": "Chỉ tiêu",
  "kpi.formula": "Công thức",
  "kpi.ratio": "Tỷ lệ",
  "kpi.target": "Chỉ tiêu (%)",
  "kpi.points": "Điểm",
  "kpi.counts": "{numerator}/{denominator}",
  "kpi.noData": "Chưa có dữ liệu",
  "kpi.notApplicable": "Không áp dụng (mẫu số 0)",
  "kpi.informational": "Để theo dõi: {value}",
  "kpi.drill": "Hồ sơ mất điểm",
  "kpi.drill.title": "Chỉ tiêu {code}: {total} hồ sơ/thủ tục mất điểm",
  "kpi.drill.code": "Mã",
  "kpi.drill.procedure": "Thủ tục",
  "kpi.drill.reason": "Lý do",
  "kpi.drill.lateBy": "trễ {hours} giờ làm việc",
  "kpi.drill.missing": "thiếu: {parts}",
  "kpi.drill.none": "Không có hồ sơ nào mất điểm.",
  "kpi.menu": "Chỉ số 766",
};

type RatingKey = keyof typeof vi;

const en: Record<RatingKey, string> = {
  "rating.title": "Rate the handling of your dossier",
  "rating.intro":
    "Your dossier has its result. Please rate the indices you can answer (0–2 points each); skip any you cannot judge.",
  "rating.skip": "Not rated",
  "rating.points": "{points} points",
  "rating.satisfaction": "Overall satisfaction",
  "rating.satisfaction.satisfied": "Satisfied",
  "rating.satisfaction.neutral": "Neutral",
  "rating.satisfaction.dissatisfied": "Dissatisfied",
  "rating.submit": "Send rating",
  "rating.needOne": "Choose points for at least one index.",
  "rating.thanks": "Thank you for your rating.",
  "rating.done": "This dossier was rated on {at} ({channel}).",
  "rating.channel.portal": "on the portal",
  "rating.channel.kiosk": "at the counter",
  "rating.channel.national_portal": "on the national public service portal",

  "kiosk.title": "Rating at the counter",
  "kiosk.intro":
    "The counter officer enters the code of a dossier with its result, then invites the applicant to rate on this screen.",
  "kiosk.code": "Dossier code",
  "kiosk.open": "Open the rating screen",
  "kiosk.for": "Dossier {code} — {procedure}",
  "kiosk.thanks": "Thank you for your rating!",
  "kiosk.next": "Rate another dossier",
  "kiosk.cancel": "Cancel",

  "results.title": "Evaluation of administrative procedure handling",
  "results.month": "Month",
  "results.show": "Show",
  "results.note":
    "Applicants rate indices 1–4, 6 and 7 once they have their result; indices 5, 8 (feedback) and 9 come from the agency's figures. When indices are missing the total is brought to the 18-point scale for the band.",
  "results.agency": "Agency",
  "results.ratings": "Ratings",
  "results.index": "Idx {id}",
  "results.total": "Total",
  "results.on18": "On 18",
  "results.band": "Band",
  "results.empty": "No evaluation results this month yet.",
  "results.noData": "no data yet",
  "results.noRatings": "no ratings yet",
  "results.indices": "The evaluation indices",

  "kpi.title": "Service index for citizens and businesses (Decision 766/QĐ-TTg)",
  "kpi.note":
    "Computed with the national portal's formulas from this system's data; the official score is the one the national portal publishes. Indicators needing a capability not built yet show “no data yet”.",
  "kpi.scope": "Scope",
  "kpi.province": "Whole province",
  "kpi.total": "Total: {points} / {max} (out of {scored} points that could be computed)",
  "kpi.group": "Group",
  "kpi.indicator": "Indicator",
  "kpi.formula": "Formula",
  "kpi.ratio": "Ratio",
  "kpi.target": "Target (%)",
  "kpi.points": "Points",
  "kpi.counts": "{numerator}/{denominator}",
  "kpi.noData": "No data yet",
  "kpi.notApplicable": "Not applicable (denominator 0)",
  "kpi.informational": "Information: {value}",
  "kpi.drill": "Dossiers that lost points",
  "kpi.drill.title": "Indicator {code}: {total} dossiers/procedures lost points",
  "kpi.drill.code": "Code",
  "kpi.drill.procedure": "Procedure",
  "kpi.drill.reason": "Why",
  "kpi.drill.lateBy": "late by {hours} working hours",
  "kpi.drill.missing": "missing: {parts}",
  "kpi.drill.none": "No dossier lost points.",
  "kpi.menu": "766 index",
};

const dictionaries = { vi: vi as Record<RatingKey, string>, en };

export type RatingTranslate = (key: RatingKey, vars?: Record<string, string | number>) => string;

export function useRatingI18n() {
  const i18n = useI18n();
  const rt = useCallback<RatingTranslate>(
    (key, vars) => format(dictionaries[i18n.lang][key] ?? key, vars),
    [i18n.lang],
  );
  return { ...i18n, rt };
}
