import type {
  Channel,
  LegalBasisRow,
  OnlineLevel,
  ProcedureLevel,
  ProcedureMethodRow,
  TimeUnit,
} from "../../db/schema.ts";
import { foldVietnamese } from "../../domain/catalog/foldVietnamese.ts";
import {
  NOMINAL_KIND_DURATION,
  recogniseTimeLimitKind,
  type TimeLimitKind,
} from "../../domain/catalog/timeLimit.ts";
import type { LocalizedText } from "../validation/messages.ts";
import type { NationalProcedure } from "./nationalProcedureSchema.ts";

/** A national export row turned into our catalog's shape, or the reasons it cannot be. */
export interface MappedProcedure {
  code: string;
  name: string;
  fieldCode: string;
  fieldName: string | undefined;
  sectorCode: string | undefined;
  sectorName: string | undefined;
  levels: ProcedureLevel[];
  decidingAgency: string;
  steps: string[];
  methods: ProcedureMethodRow[];
  receptionChannels: Channel[];
  timeLimit: { amount: number; unit: TimeUnit } | null;
  /** Same-day or immediate (R-CAL-6, R-RECV-4); `timeLimit` is then the nominal 1 working day. */
  timeLimitKind: TimeLimitKind | null;
  timeLimitText: string;
  subjects: string[];
  subjectKinds: ("citizen" | "business")[];
  result: string;
  conditions: string;
  legalBasis: LegalBasisRow[];
  onlineLevel: OnlineLevel;
  components: {
    code: string | null;
    name: string;
    originalCount: number;
    copyCount: number;
    required: boolean;
    formTemplate: string | null;
  }[];
  fees: { code: string | null; name: string; amountVnd: number; description: string }[];
}

export type MapResult = { ok: true; procedure: MappedProcedure } | { ok: false; reasons: LocalizedText[] };

const levelWords: [RegExp, ProcedureLevel][] = [
  [/trung uong|bo nganh|cap bo/, "central"],
  [/tinh/, "province"],
  [/huyen/, "district"],
  [/xa|phuong|dac khu/, "commune"],
];

function mapLevels(values: readonly string[]): ProcedureLevel[] {
  const levels = new Set<ProcedureLevel>();
  for (const value of values) {
    const folded = foldVietnamese(value);
    for (const [pattern, level] of levelWords) if (pattern.test(folded)) levels.add(level);
  }
  return [...levels];
}

/** "Ngày làm việc" → wd, "Ngày" → d, "Giờ (làm việc)" → wh (R-CAL-5: the two units of the law, plus hours). */
function mapTimeUnit(unit: string): TimeUnit | null {
  const folded = foldVietnamese(unit);
  if (/^ngay lam viec/.test(folded)) return "wd";
  if (/^gio/.test(folded)) return "wh";
  if (/^ngay/.test(folded)) return "d";
  return null;
}

function mapChannel(channel: string): Channel | null {
  const folded = foldVietnamese(channel);
  if (/truc tuyen|dien tu/.test(folded)) return "online";
  if (/buu chinh|buu dien/.test(folded)) return "postal";
  if (/truc tiep|mot cua/.test(folded)) return "counter";
  return null;
}

/** R-CAT-2: "Toàn trình" / "Một phần"; legacy levels 4 → full, 3 → partial, lower → none (R-FEE-5). */
function mapOnlineLevel(value: string | number | undefined): OnlineLevel | null {
  if (value === undefined) return "none";
  if (typeof value === "number")
    return value >= 4 ? "full" : value === 3 ? "partial" : value >= 1 ? "none" : null;
  const folded = foldVietnamese(value);
  if (/toan trinh|muc do 4/.test(folded) || folded === "4") return "full";
  if (/mot phan|muc do 3/.test(folded) || folded === "3") return "partial";
  if (/khong|muc do [12]|^[12]$|^$/.test(folded)) return "none";
  return null;
}

function subjectKinds(subjects: readonly string[]): ("citizen" | "business")[] {
  const kinds = new Set<"citizen" | "business">();
  for (const subject of subjects) {
    const folded = foldVietnamese(subject);
    if (/cong dan|ca nhan|nguoi|ho gia dinh/.test(folded)) kinds.add("citizen");
    if (/doanh nghiep|to chuc|hop tac xa|ho kinh doanh|co so|chi nhanh/.test(folded)) kinds.add("business");
  }
  return [...kinds];
}

export function mapNationalProcedure(row: NationalProcedure): MapResult {
  const reasons: LocalizedText[] = [];

  const firstTime = row.ThoiHanGiaiQuyet?.[0];
  let timeLimit: MappedProcedure["timeLimit"] = null;
  let timeLimitKind: TimeLimitKind | null = null;
  if (firstTime) {
    const unit = mapTimeUnit(firstTime.DonVi);
    // R-CAL-6, R-RECV-4: the unit itself may name the kind ("Trong ngày", "Ngay khi nhận đủ hồ sơ"); the description
    // is read for it when the structured time says nothing usable (0, or a unit that is no duration). A structured
    // duration such as "1 Ngày làm việc" is kept as published even when its description mentions the same day.
    timeLimitKind =
      recogniseTimeLimitKind(firstTime.DonVi) ??
      (unit === null || firstTime.ThoiGian === 0 ? recogniseTimeLimitKind(firstTime.MoTa) : null);
    if (timeLimitKind) timeLimit = { ...NOMINAL_KIND_DURATION };
    else if (unit) timeLimit = { amount: firstTime.ThoiGian, unit };
    else
      reasons.push({
        vi: `Đơn vị thời hạn giải quyết "${firstTime.DonVi}" không được hỗ trợ (Ngày làm việc, Ngày, Giờ làm việc, Trong ngày, Ngay khi nhận đủ hồ sơ)`,
        en: `Unsupported time unit "${firstTime.DonVi}" (Ngày làm việc, Ngày, Giờ làm việc, Trong ngày, Ngay khi nhận đủ hồ sơ)`,
      });
  }

  const methods: ProcedureMethodRow[] = [];
  for (const method of row.CachThucThucHien ?? []) {
    const channel = mapChannel(method.Kenh);
    if (channel) methods.push({ channel, description: method.MoTa ?? "" });
    else
      reasons.push({
        vi: `Cách thức thực hiện "${method.Kenh}" không xác định (Trực tiếp, Trực tuyến, Dịch vụ bưu chính)`,
        en: `Unknown submission method "${method.Kenh}" (Trực tiếp, Trực tuyến, Dịch vụ bưu chính)`,
      });
  }

  const onlineLevel = mapOnlineLevel(row.MucDo);
  if (!onlineLevel)
    reasons.push({
      vi: `Mức độ "${row.MucDo}" không xác định (Toàn trình, Một phần, Không)`,
      en: `Unknown online level "${row.MucDo}" (Toàn trình, Một phần, Không)`,
    });

  const levels = mapLevels(row.CapThucHien ?? []);
  if ((row.CapThucHien ?? []).length > 0 && levels.length === 0)
    reasons.push({
      vi: `Cấp thực hiện "${row.CapThucHien?.join(", ")}" không xác định`,
      en: `Unknown implementation level "${row.CapThucHien?.join(", ")}"`,
    });

  for (const basis of row.CanCuPhapLy ?? []) {
    if (basis.NgayBanHanh && !/^\d{4}-\d{2}-\d{2}$/.test(basis.NgayBanHanh))
      reasons.push({
        vi: `Ngày ban hành "${basis.NgayBanHanh}" của văn bản ${basis.SoKyHieu} phải có dạng YYYY-MM-DD`,
        en: `Issue date "${basis.NgayBanHanh}" of ${basis.SoKyHieu} must be YYYY-MM-DD`,
      });
  }

  if (reasons.length > 0 || !onlineLevel) return { ok: false, reasons };

  const subjects = row.DoiTuongThucHien ?? [];
  return {
    ok: true,
    procedure: {
      code: row.MaTTHC,
      name: row.TenTTHC.trim(),
      fieldCode: row.MaLinhVuc,
      fieldName: row.TenLinhVuc,
      sectorCode: row.MaNganh,
      sectorName: row.TenNganh,
      levels,
      decidingAgency: row.CoQuanThucHien ?? "",
      steps: row.TrinhTuThucHien ?? [],
      methods,
      receptionChannels: [...new Set(methods.map((method) => method.channel))],
      timeLimit,
      timeLimitKind,
      timeLimitText: (row.ThoiHanGiaiQuyet ?? [])
        .map((time) => time.MoTa || `${time.ThoiGian} ${time.DonVi.toLowerCase()}`)
        .join("; "),
      subjects,
      subjectKinds: subjectKinds(subjects),
      result: row.KetQuaThucHien ?? "",
      conditions: row.YeuCauDieuKien ?? "",
      legalBasis: (row.CanCuPhapLy ?? []).map((basis) => ({
        number: basis.SoKyHieu,
        title: basis.TrichYeu ?? "",
        issuedOn: basis.NgayBanHanh ?? null,
      })),
      onlineLevel,
      components: (row.ThanhPhanHoSo ?? []).map((component) => ({
        code: component.MaGiayTo ?? null,
        name: component.TenGiayTo,
        originalCount: component.SoBanChinh ?? 0,
        copyCount: component.SoBanSao ?? 0,
        required: component.BatBuoc ?? true,
        formTemplate: component.MauDon ?? null,
      })),
      fees: (row.PhiLePhi ?? []).map((fee) => ({
        code: fee.MaPhiLePhi ?? null,
        name: fee.TenPhiLePhi,
        amountVnd: Math.round(fee.MucPhi),
        description: fee.MoTa ?? "",
      })),
    },
  };
}

/** The folded text the catalog search matches: name, code, field and sector names. */
export function procedureSearchText(
  procedure: MappedProcedure,
  fieldName: string,
  sectorName: string,
): string {
  return foldVietnamese([procedure.name, procedure.code, fieldName, sectorName].join(" "));
}
