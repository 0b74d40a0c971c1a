/**
 * The nine evaluation indices of R-EVAL-2 (NĐ 61 Điều 30, TT 01/2018 Điều 13–15 as E1 reproduces them): 0–2 points
 * each, 18 in all. Indices 1–4, 6 and 7 concern one dossier and are answered by its applicant; 5, 8 and 9 are
 * properties of the agency and are computed from its data.
 */
export type EvaluationIndexId = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
export type IndexPoints = 0 | 1 | 2;

export interface EvaluationIndex {
  id: EvaluationIndexId;
  scope: "dossier" | "agency";
  name: { vi: string; en: string };
  /** What 2, 1 and 0 points mean, shown next to the choice (the applicant picks one of them). */
  levels: Record<IndexPoints, { vi: string; en: string }>;
}

export const INDEX_MAX_POINTS = 2;
export const EVALUATION_MAX_POINTS = 18;

export const EVALUATION_INDICES: readonly EvaluationIndex[] = [
  {
    id: 1,
    scope: "dossier",
    name: { vi: "Tổng thời gian giải quyết so với quy định", en: "Total handling time vs the legal time" },
    levels: {
      2: { vi: "Ngắn hơn quy định", en: "Shorter" },
      1: { vi: "Đúng quy định", en: "Equal" },
      0: { vi: "Dài hơn quy định", en: "Longer" },
    },
  },
  {
    id: 2,
    scope: "dossier",
    name: {
      vi: "Thời gian thực hiện của từng cơ quan tham gia so với quy định",
      en: "Each participating agency's time vs its allotted time",
    },
    levels: {
      2: { vi: "Ngắn hơn quy định", en: "Shorter" },
      1: { vi: "Đúng quy định", en: "Equal" },
      0: { vi: "Dài hơn quy định", en: "Longer" },
    },
  },
  {
    id: 3,
    scope: "dossier",
    name: {
      vi: "Số lần liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ (kể cả trực tuyến)",
      en: "Contacts with the reception point to complete the dossier (incl. online)",
    },
    levels: {
      2: { vi: "Không phải liên hệ", en: "None" },
      1: { vi: "Một lần", en: "Once" },
      0: {
        vi: "Nhiều hơn một lần (không do lỗi người nộp)",
        en: "More than once (not the applicant's fault)",
      },
    },
  },
  {
    id: 4,
    scope: "dossier",
    name: {
      vi: "Số cơ quan phải liên hệ để hoàn thiện hồ sơ",
      en: "Agencies contacted to complete the dossier",
    },
    levels: {
      2: { vi: "Không phải liên hệ", en: "None" },
      1: {
        vi: "Chỉ Bộ phận Một cửa (và nơi pháp luật yêu cầu)",
        en: "Only the counter (and bodies the law requires)",
      },
      0: { vi: "Nhiều hơn một cơ quan", en: "More than one agency" },
    },
  },
  {
    id: 5,
    scope: "agency",
    name: { vi: "Giải quyết thủ tục tại Bộ phận Một cửa", en: "Handling at the one-stop counter" },
    levels: {
      2: {
        vi: "Một cửa tiếp nhận, thẩm định, phê duyệt ≥ 20% (tỉnh), ≥ 50% (huyện), 100% (xã) thủ tục",
        en: "Counter receives, appraises and approves ≥ 20% (province), ≥ 50% (district), 100% (commune)",
      },
      1: {
        vi: "100% thủ tục đủ điều kiện được tiếp nhận và trả kết quả tại Một cửa",
        en: "100% of eligible procedures received and returned at the counter",
      },
      0: { vi: "Trường hợp khác", en: "Otherwise" },
    },
  },
  {
    id: 6,
    scope: "dossier",
    name: { vi: "Công khai thủ tục hành chính", en: "Publicity of procedures" },
    levels: {
      2: {
        vi: "Chính xác, đầy đủ, kịp thời cả niêm yết và điện tử",
        en: "Accurate, complete, timely, posted and online",
      },
      1: { vi: "Chỉ một hình thức", en: "One form only" },
      0: { vi: "Không công khai đầy đủ", en: "Otherwise" },
    },
  },
  {
    id: 7,
    scope: "dossier",
    name: { vi: "Thái độ của cán bộ, công chức", en: "Staff attitude" },
    levels: {
      2: {
        vi: "Giải quyết trước hạn, không có phản ánh nhũng nhiễu",
        en: "Early, no complaint of harassment",
      },
      1: { vi: "Đúng hạn, không có phản ánh", en: "On time, no complaint" },
      0: { vi: "Có phản ánh, kiến nghị", en: "A complaint" },
    },
  },
  {
    id: 8,
    scope: "agency",
    name: { vi: "Tiếp nhận, xử lý phản ánh, kiến nghị", en: "Handling of feedback" },
    levels: {
      2: { vi: "Không có hoặc 100% đúng hạn, không kéo dài", en: "None or 100% on time, none prolonged" },
      1: { vi: "Từ 90% đúng hạn", en: "≥ 90% on time" },
      0: { vi: "Dưới 90% hoặc có kéo dài", en: "Below 90% or any prolonged" },
    },
  },
  {
    id: 9,
    scope: "agency",
    name: { vi: "Dịch vụ công trực tuyến", en: "Online services" },
    levels: {
      2: {
        vi: "≥ 20% thủ tục trực tuyến, ≥ 30% hồ sơ trực tuyến, không hồ sơ trực tuyến quá hạn",
        en: "≥ 20% procedures online, ≥ 30% online dossiers, none of them late",
      },
      1: {
        vi: "Có dịch vụ trực tuyến, 15% đến dưới 30% hồ sơ",
        en: "Some online services and 15–<30% dossiers",
      },
      0: { vi: "Trường hợp khác", en: "Otherwise" },
    },
  },
];

/** The indices the applicant answers for their dossier (R-EVAL-2: 1–4, 6, 7). */
export const APPLICANT_INDEX_IDS: readonly EvaluationIndexId[] = EVALUATION_INDICES.filter(
  (index) => index.scope === "dossier",
).map((index) => index.id);

/** E1's optional overall satisfaction question (R-EVAL-3), three levels; "dissatisfied" is the 766 "dislike". */
export const SATISFACTION_LEVELS = ["satisfied", "neutral", "dissatisfied"] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];
