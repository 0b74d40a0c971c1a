/**
 * The document types the DataStore knows (R-KHO-1, R-DIG-1): what a procedure's result is, and which component of
 * which procedure a stored document of that type may stand in for. The national catalog names components per
 * procedure (GT01, GT02…), not by document type, so this table links the two for the demo province's procedures;
 * a component missing from it is simply never offered for reuse (the applicant uploads it, as before).
 */
export interface DocumentType {
  code: string;
  name: { vi: string; en: string };
  /** How long a document of this type stays valid, in years from its issue; undefined: no expiry. */
  validityYears?: number;
}

export const DOCUMENT_TYPES: readonly DocumentType[] = [
  { code: "GIAY_KHAI_SINH", name: { vi: "Giấy khai sinh", en: "Birth certificate" } },
  { code: "GIAY_CHUNG_NHAN_KET_HON", name: { vi: "Giấy chứng nhận kết hôn", en: "Marriage certificate" } },
  {
    code: "GIAY_XAC_NHAN_TINH_TRANG_HON_NHAN",
    name: { vi: "Giấy xác nhận tình trạng hôn nhân", en: "Certificate of marital status" },
    // Valid 6 months from issue (Nghị định 123/2015/NĐ-CP Điều 23): half a year.
    validityYears: 0.5,
  },
  { code: "TRICH_LUC_KHAI_TU", name: { vi: "Trích lục khai tử", en: "Death extract" } },
  { code: "GIAY_PHEP_XAY_DUNG", name: { vi: "Giấy phép xây dựng", en: "Building permit" } },
  {
    code: "GCN_QUYEN_SU_DUNG_DAT",
    name: { vi: "Giấy chứng nhận quyền sử dụng đất", en: "Land use right certificate" },
  },
  {
    code: "GCN_DANG_KY_HO_KINH_DOANH",
    name: { vi: "Giấy chứng nhận đăng ký hộ kinh doanh", en: "Household business registration certificate" },
  },
  {
    code: "GCN_DANG_KY_DOANH_NGHIEP",
    name: { vi: "Giấy chứng nhận đăng ký doanh nghiệp", en: "Enterprise registration certificate" },
  },
  {
    code: "GCN_AN_TOAN_THUC_PHAM",
    name: { vi: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", en: "Food safety certificate" },
    validityYears: 3,
  },
];

/** The type of each procedure's result, by national procedure code. */
export const RESULT_TYPES: Readonly<Record<string, string>> = {
  "1.001193": "GIAY_KHAI_SINH",
  "1.004884": "GIAY_KHAI_SINH",
  "1.000894": "GIAY_CHUNG_NHAN_KET_HON",
  "2.000806": "GIAY_CHUNG_NHAN_KET_HON",
  "1.004746": "GIAY_CHUNG_NHAN_KET_HON",
  "1.004873": "GIAY_XAC_NHAN_TINH_TRANG_HON_NHAN",
  "1.000656": "TRICH_LUC_KHAI_TU",
  "1.005461": "TRICH_LUC_KHAI_TU",
  "1.013225": "GIAY_PHEP_XAY_DUNG",
  "1.013227": "GIAY_PHEP_XAY_DUNG",
  "1.013228": "GIAY_PHEP_XAY_DUNG",
  "1.013831": "GCN_QUYEN_SU_DUNG_DAT",
  "1.012783": "GCN_QUYEN_SU_DUNG_DAT",
  "1.012786": "GCN_QUYEN_SU_DUNG_DAT",
  "1.012784": "GCN_QUYEN_SU_DUNG_DAT",
  "1.001612": "GCN_DANG_KY_HO_KINH_DOANH",
  "2.000720": "GCN_DANG_KY_HO_KINH_DOANH",
  "2.001610": "GCN_DANG_KY_DOANH_NGHIEP",
  "1.000956": "GCN_DANG_KY_DOANH_NGHIEP",
  "2.000591": "GCN_AN_TOAN_THUC_PHAM",
};

/** The document types a component accepts, by `procedureCode/componentCode`. */
export const COMPONENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  // Đăng ký lại khai sinh: a copy of the earlier birth papers.
  "1.004884/GT02": ["GIAY_KHAI_SINH"],
  // Đăng ký kết hôn (outside the place of residence): the marital status certificate.
  "1.000894/GT02": ["GIAY_XAC_NHAN_TINH_TRANG_HON_NHAN"],
  "1.004873/GT02": ["TRICH_LUC_KHAI_TU"],
  "1.004746/GT02": ["GIAY_CHUNG_NHAN_KET_HON"],
  "1.005461/GT02": ["TRICH_LUC_KHAI_TU"],
  "1.013225/GT02": ["GCN_QUYEN_SU_DUNG_DAT"],
  "1.013227/GT02": ["GIAY_PHEP_XAY_DUNG"],
  "1.013228/GT02": ["GIAY_PHEP_XAY_DUNG"],
  "1.013831/GT02": ["GCN_QUYEN_SU_DUNG_DAT"],
  "1.012783/GT02": ["GCN_QUYEN_SU_DUNG_DAT"],
  "1.012784/GT03": ["GCN_QUYEN_SU_DUNG_DAT"],
  "2.000720/GT02": ["GCN_DANG_KY_HO_KINH_DOANH"],
};

export function documentType(code: string): DocumentType | undefined {
  return DOCUMENT_TYPES.find((type) => type.code === code);
}

export function resultTypeOf(procedureCode: string): string | undefined {
  return RESULT_TYPES[procedureCode];
}

export function acceptedTypes(procedureCode: string, componentCode: string | null): readonly string[] {
  if (componentCode === null) return [];
  return COMPONENT_TYPES[`${procedureCode}/${componentCode}`] ?? [];
}

/**
 * The type of a received component worth keeping in the store: a component that stands for a known document type
 * (a marriage certificate handed in for a later procedure). Forms and letters of authority are not kept.
 */
export function componentTypeOf(procedureCode: string, componentCode: string | null): string | undefined {
  const accepted = acceptedTypes(procedureCode, componentCode);
  return accepted.length === 1 ? accepted[0] : undefined;
}

const MS_PER_DAY = 86_400_000;

/** The end of a document's validity from its issue instant, or null when the type does not expire. */
export function validUntil(typeCode: string, issuedAt: Date): Date | null {
  const years = documentType(typeCode)?.validityYears;
  if (years === undefined) return null;
  return new Date(issuedAt.getTime() + Math.round(years * 365.25) * MS_PER_DAY);
}
