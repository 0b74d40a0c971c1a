/**
 * The QĐ 766/QĐ-TTg index as data (R-KPI-1, R-KPI-3; E4 formula document and reconciled maxima). Six groups,
 * 100 points. Each indicator names the capabilities its data come from: while one of them is not built the
 * indicator shows "no data yet", never a figure.
 */
export type KpiGroupCode = "CKMB" | "TDGQ" | "CLGQ" | "TTTT" | "MDHL" | "MDSH";

/**
 * Where an indicator's data come from. `dossiers` and `catalog` exist; the others are capabilities of later issues
 * (publication decisions, DVCQG sync, online payment, DataStore, certified copies, population DB, feedback).
 */
export type KpiCapability =
  | "dossiers"
  | "catalog"
  | "publicationDecisions"
  | "nationalSync"
  | "onlinePayment"
  | "dataStore"
  | "certifiedCopies"
  | "populationDb"
  | "feedback";

export interface Localized {
  vi: string;
  en: string;
}

export interface KpiGroup {
  code: KpiGroupCode;
  name: Localized;
  maxPoints: number;
}

export interface KpiIndicator {
  code: string;
  group: KpiGroupCode;
  name: Localized;
  formula: Localized;
  /** Points at stake; 0 for information-only indicators. */
  maxPoints: number;
  /** Target ratio in %, when the formula has one (R-KPI-2). */
  target?: number;
  /** Shown, never scored (2.2, 5.1). */
  informational?: boolean;
  needs: readonly KpiCapability[];
}

export const KPI_GROUPS: readonly KpiGroup[] = [
  { code: "CKMB", name: { vi: "Công khai, minh bạch", en: "Publicity and transparency" }, maxPoints: 18 },
  { code: "TDGQ", name: { vi: "Tiến độ giải quyết", en: "Handling progress" }, maxPoints: 20 },
  { code: "CLGQ", name: { vi: "Dịch vụ công trực tuyến", en: "Online public services" }, maxPoints: 12 },
  { code: "TTTT", name: { vi: "Thanh toán trực tuyến", en: "Online payment" }, maxPoints: 10 },
  { code: "MDHL", name: { vi: "Mức độ hài lòng", en: "Satisfaction" }, maxPoints: 18 },
  { code: "MDSH", name: { vi: "Số hóa hồ sơ", en: "Digitization" }, maxPoints: 22 },
];

export const KPI_INDICATORS: readonly KpiIndicator[] = [
  {
    code: "1.1",
    group: "CKMB",
    name: { vi: "TTHC được công bố đúng hạn", en: "Procedures published on time" },
    formula: {
      vi: "Số TTHC có quyết định công bố ≤ ngày hiệu lực của văn bản quy định − 5 ngày làm việc / số TTHC công bố trong kỳ",
      en: "Procedures whose publication decision is ≥ 5 working days before the basis text takes effect / procedures published in the period",
    },
    maxPoints: 6,
    needs: ["publicationDecisions"],
  },
  {
    code: "1.2",
    group: "CKMB",
    name: {
      vi: "TTHC được cập nhật lên CSDL quốc gia đúng hạn",
      en: "Procedures updated on the national DB on time",
    },
    formula: {
      vi: "Số TTHC được công khai ≤ 5 ngày làm việc sau quyết định công bố / số TTHC công bố",
      en: "Procedures made public ≤ 5 working days after the publication decision / procedures published",
    },
    maxPoints: 4,
    needs: ["publicationDecisions"],
  },
  {
    code: "1.3",
    group: "CKMB",
    name: { vi: "TTHC công khai đầy đủ 7 bộ phận", en: "Procedures with all 7 components" },
    formula: {
      vi: "Số TTHC có đủ tên, trình tự, cách thức, thành phần hồ sơ, thời hạn, đối tượng, cơ quan thực hiện / số TTHC công khai",
      en: "Procedures with name, sequence, method, components, time, subjects and agency / procedures public",
    },
    maxPoints: 2,
    needs: ["catalog"],
  },
  {
    code: "1.4",
    group: "CKMB",
    name: { vi: "Hồ sơ được đồng bộ lên Cổng DVCQG", en: "Dossiers synchronised to DVCQG" },
    formula: {
      vi: "Số hồ sơ đã đồng bộ có ngày tiếp nhận trong kỳ / max(số liệu báo cáo quốc gia, số trên DVCQG)",
      en: "Synchronised dossiers received in the period / max(national report count, DVCQG count)",
    },
    maxPoints: 6,
    needs: ["nationalSync"],
  },
  {
    code: "2.1",
    group: "TDGQ",
    name: { vi: "Hồ sơ giải quyết trước hạn, đúng hạn", en: "Dossiers handled early or on time" },
    formula: {
      vi: "Số hồ sơ kết thúc xử lý ≤ ngày hẹn trả / số hồ sơ tiếp nhận hoặc xử lý trong kỳ",
      en: "Dossiers whose processing ended ≤ the appointment / dossiers received or handled in the period",
    },
    maxPoints: 20,
    needs: ["dossiers"],
  },
  {
    code: "2.2",
    group: "TDGQ",
    name: { vi: "Thời gian giải quyết trung bình", en: "Average handling time" },
    formula: {
      vi: "Trung bình số ngày làm việc từ tiếp nhận đến kết thúc xử lý, trừ thời gian bổ sung (chỉ để theo dõi)",
      en: "Mean working days from acceptance to the end of processing, less supplement time (information only)",
    },
    maxPoints: 0,
    informational: true,
    needs: ["dossiers"],
  },
  {
    code: "3",
    group: "CLGQ",
    name: { vi: "Hồ sơ trực tuyến toàn trình", en: "Full-online dossiers" },
    formula: {
      vi: "Số hồ sơ nộp trực tuyến / số hồ sơ của TTHC đủ điều kiện trực tuyến toàn trình",
      en: "Dossiers submitted online / dossiers of procedures eligible for full-online service",
    },
    maxPoints: 12,
    needs: ["dossiers", "catalog"],
  },
  {
    code: "3.5a",
    group: "TTTT",
    name: {
      vi: "TTHC có phí được cung cấp thanh toán trực tuyến",
      en: "Fee procedures offering online payment",
    },
    formula: {
      vi: "Số TTHC có phí, lệ phí đã tích hợp thanh toán trên DVCQG / số TTHC có phí, lệ phí",
      en: "Fee procedures integrated with DVCQG payment / fee procedures",
    },
    maxPoints: 2,
    target: 80,
    needs: ["onlinePayment"],
  },
  {
    code: "3.5b",
    group: "TTTT",
    name: { vi: "TTHC phát sinh thanh toán trực tuyến", en: "Procedures with an actual online payment" },
    formula: {
      vi: "Số TTHC có giao dịch thanh toán trực tuyến / số TTHC có phí, lệ phí",
      en: "Procedures with an online payment / fee procedures",
    },
    maxPoints: 2,
    target: 80,
    needs: ["onlinePayment"],
  },
  {
    code: "3.6",
    group: "TTTT",
    name: { vi: "Hồ sơ thanh toán trực tuyến", en: "Dossiers paid online" },
    formula: {
      vi: "Số hồ sơ thanh toán trực tuyến (DuocThanhToanTrucTuyen 1, 2) / số hồ sơ có nghĩa vụ tài chính",
      en: "Dossiers paid online (DuocThanhToanTrucTuyen 1 or 2) / dossiers with a financial obligation",
    },
    maxPoints: 6,
    target: 100,
    needs: ["onlinePayment"],
  },
  {
    code: "4.1",
    group: "MDSH",
    name: { vi: "Hồ sơ có kết quả điện tử", en: "Dossiers with an electronic result" },
    formula: {
      vi: "Số hồ sơ đã có kết quả kèm tệp kết quả điện tử / số hồ sơ đã có kết quả của TTHC có kết quả là giấy tờ",
      en: "Dossiers with a result file / dossiers with a result, of procedures whose result is a document",
    },
    maxPoints: 6,
    needs: ["dossiers"],
  },
  {
    code: "4.2",
    group: "MDSH",
    name: { vi: "Hồ sơ được số hóa", en: "Dossiers digitized" },
    formula: {
      vi: "Số hồ sơ có thành phần được số hóa (và kết quả điện tử khi đã có kết quả) / số hồ sơ tiếp nhận",
      en: "Dossiers with digitized components (and an e-result once there is a result) / dossiers received",
    },
    maxPoints: 4,
    target: 80,
    needs: ["dossiers"],
  },
  {
    code: "4.2b",
    group: "MDSH",
    name: { vi: "Cấp bản sao điện tử từ bản chính", en: "Electronic certified copies from originals" },
    formula: {
      vi: "Số TTHC cung cấp chứng thực bản sao điện tử từ bản chính / số TTHC chứng thực",
      en: "Certification procedures offering electronic copies / certification procedures",
    },
    maxPoints: 2,
    needs: ["certifiedCopies"],
  },
  {
    code: "4.3",
    group: "MDSH",
    name: { vi: "Hồ sơ tái sử dụng dữ liệu số hóa", en: "Dossiers reusing digitized data" },
    formula: {
      vi: "Số hồ sơ có ít nhất một thành phần tái sử dụng / số hồ sơ tiếp nhận",
      en: "Dossiers with at least one reused component / dossiers received",
    },
    maxPoints: 2,
    target: 80,
    needs: ["dossiers"],
  },
  {
    code: "4.4",
    group: "MDSH",
    name: {
      vi: "Hồ sơ kết nối Kho dữ liệu cá nhân trên DVCQG",
      en: "Dossiers linked with the DVCQG personal store",
    },
    formula: {
      vi: "Số hồ sơ lấy giấy tờ từ kho (DuocLayTuKhoDMQG=1) hoặc đẩy kết quả vào kho / số hồ sơ",
      en: "Dossiers taking documents from the store or pushing the result to it / dossiers",
    },
    maxPoints: 4,
    needs: ["dataStore"],
  },
  {
    code: "4.5a",
    group: "MDSH",
    name: { vi: "TTHC khai thác CSDL quốc gia về dân cư", en: "Procedures using the population DB" },
    formula: {
      vi: "Số TTHC kết nối CSDL dân cư / số TTHC",
      en: "Procedures connected to the population DB / procedures",
    },
    maxPoints: 2,
    needs: ["populationDb"],
  },
  {
    code: "4.5b",
    group: "MDSH",
    name: { vi: "Hồ sơ khai thác CSDL quốc gia về dân cư", en: "Dossiers using the population DB" },
    formula: {
      vi: "Số hồ sơ của tài khoản xác thực VNeID hoặc có MaCSDL dân cư / số hồ sơ",
      en: "Dossiers by VNeID-verified accounts or with the population DB code / dossiers",
    },
    maxPoints: 2,
    needs: ["populationDb"],
  },
  {
    code: "5.1",
    group: "MDHL",
    name: { vi: "Phản ánh, kiến nghị theo loại", en: "Feedback by category" },
    formula: {
      vi: "Số phản ánh, kiến nghị theo từng loại (chỉ để theo dõi)",
      en: "Feedback counts by category (information only)",
    },
    maxPoints: 0,
    informational: true,
    needs: ["feedback"],
  },
  {
    code: "5.2",
    group: "MDHL",
    name: { vi: "Phản ánh, kiến nghị được xử lý đúng hạn", en: "Feedback handled on time" },
    formula: {
      vi: "Số PAKN xử lý đúng hạn / số PAKN phải xử lý",
      en: "Feedback handled on time / feedback due",
    },
    maxPoints: 6,
    needs: ["feedback"],
  },
  {
    code: "5.3",
    group: "MDHL",
    name: { vi: "Hài lòng về xử lý phản ánh, kiến nghị", en: "Satisfaction with feedback handling" },
    formula: {
      vi: "(Tổng PAKN − không hài lòng − quá hạn − lặp lại) / tổng PAKN",
      en: "(Total feedback − disliked − late − repeated) / total feedback",
    },
    maxPoints: 6,
    needs: ["feedback"],
  },
  {
    code: "5.4",
    group: "MDHL",
    name: { vi: "Hài lòng về giải quyết TTHC", en: "Satisfaction with procedure handling" },
    formula: {
      vi: "100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ có phản ánh hoặc đánh giá không hài lòng)",
      en: "100% − (late-dossier rate + rate of dossiers with feedback or a 'dislike')",
    },
    maxPoints: 6,
    target: 90,
    needs: ["dossiers", "feedback"],
  },
];
