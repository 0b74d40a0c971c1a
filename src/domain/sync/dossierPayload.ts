import { flag, onlinePaymentFlag, vneidVerifiedFlag } from "./flags.ts";
import type { DongBoHoSoMC, GiayToKetQua, HoSoBoSung, LePhi, TaiLieuNop } from "./payloads.ts";
import { optionalSyncTimestamp, syncTimestamp } from "./syncTimestamp.ts";

/** Everything R-SYNC-2 needs about one dossier, gathered by the sync service; instants are UTC `Date`s. */
export interface DossierSyncFacts {
  code: string;
  procedureCode: string;
  procedureName: string;
  fieldCode: string;
  fieldName: string;
  channel: "counter" | "online" | "postal";
  fromNationalPortal: boolean;
  applicant: {
    kind: "person" | "organisation";
    name: string;
    idNumber: string | null;
    organisationName: string | null;
    taxCode: string | null;
    phone: string | null;
    email: string | null;
  };
  ownerUserId: string | null;
  ownerIdentityLevel: number | null;
  summary: string;
  status: number;
  submittedAt: Date;
  receivedAt: Date | null;
  dueAt: Date | null;
  finishedAt: Date | null;
  returnedAt: Date | null;
  refusedAt: Date | null;
  returnChannel: "counter" | "post" | "online" | null;
  processingAgencyName: string;
  note: string | null;
  files: readonly {
    id: string;
    name: string;
    componentCode: string | null;
    url: string;
    digitized: boolean;
    reused: boolean;
    /** The verification code of the earlier result this reused component is (R-SYNC-2 MaKetQuaThayThe); else null. */
    replacesResultCode?: string | null;
  }[];
  fees: readonly { name: string; code: string | null; amount: number; paidOnline: boolean }[];
  paymentConfirmations: readonly { by: string }[];
  supplements: readonly {
    id: string;
    requestedByName: string;
    reason: string;
    items: readonly string[];
    requestedAt: Date;
    completedAt: Date | null;
    receivedByName: string | null;
    previousDueAt: Date | null;
    newDueAt: Date | null;
  }[];
  results: readonly {
    id: string;
    name: string;
    componentCode: string | null;
    url: string;
    verificationCode: string | null;
  }[];
}

/** LoaiDoiTuong (R-SYNC-3, E1 values): 1 citizen, 2 enterprise/organisation. */
const APPLICANT_KIND_CODES = { person: "1", organisation: "2" } as const;

/** KenhThucHien (R-SYNC-3, R-SUB-2): 1 direct at the counter, 2 online, 3 public postal service. */
export const CHANNEL_CODES = { counter: "1", online: "2", postal: "3" } as const;

/**
 * NoiNopHoSo [M/conflicting in R-SYNC-3, values pending TT 04/2025]: where the dossier was lodged — 1 the one-stop
 * counter (paper or postal), 2 the province's portal, 3 the national portal.
 */
export function submissionPlaceCode(
  facts: Pick<DossierSyncFacts, "channel" | "fromNationalPortal">,
): "1" | "2" | "3" {
  if (facts.fromNationalPortal) return "3";
  return facts.channel === "online" ? "2" : "1";
}

/** HinhThuc (E3): how the result goes back — 0 at the counter (or online), 1 by post. */
function returnMethodCode(channel: DossierSyncFacts["returnChannel"]): "0" | "1" {
  return channel === "post" ? "1" : "0";
}

function identifiers(facts: DossierSyncFacts) {
  const list = [];
  // LoaiDinhDanh [M]: 1 personal identification number, 2 enterprise/tax code.
  if (facts.applicant.idNumber) list.push({ LoaiDinhDanh: "1", SoDinhDanh: facts.applicant.idNumber });
  if (facts.applicant.taxCode) list.push({ LoaiDinhDanh: "2", SoDinhDanh: facts.applicant.taxCode });
  return list;
}

function fee(item: DossierSyncFacts["fees"][number]): LePhi {
  return {
    TenPhiLePhi: item.name,
    MaPhiLePhi: item.code,
    HinhThucThu: item.paidOnline ? "2" : "1",
    Gia: String(Math.max(0, Math.round(item.amount))),
    // A "phí" names itself so; anything else in the catalogue is a "lệ phí" (fee regulations, R-FEE).
    LoaiPhiLePhi: /^\s*phí/i.test(item.name) ? "1" : "2",
  };
}

function supplement(item: DossierSyncFacts["supplements"][number]): HoSoBoSung {
  return {
    HoSoBoSungId: item.id,
    NguoiYeuCauBoSung: item.requestedByName,
    NoiDungBoSung: item.reason || item.items.join("; ") || "Bổ sung hồ sơ",
    NgayBoSung: syncTimestamp(item.requestedAt),
    NguoiTiepNhanBoSung: item.completedAt ? item.receivedByName : null,
    ThongTinTiepNhan: item.completedAt ? "Đã tiếp nhận hồ sơ bổ sung" : null,
    NgayTiepNhanBoSung: optionalSyncTimestamp(item.completedAt),
    TrangThaiBoSung: item.completedAt ? "2" : "1",
    DanhSachGiayToBoSung: item.items.filter((text) => text.trim() !== ""),
    DanhSachLePhiBoSung: [],
    // R-SUPP-3: the appointment before and after the supplement restarted the clock.
    NgayHenTraTruoc: optionalSyncTimestamp(item.previousDueAt),
    NgayHenTraMoi: optionalSyncTimestamp(item.newDueAt),
  };
}

/** `DongBoHoSoMC` (R-SYNC-2, encodings R-SYNC-3) of a dossier as it stands. */
export function buildDossierRecord(facts: DossierSyncFacts): DongBoHoSoMC {
  const organisation = facts.applicant.kind === "organisation";
  const submittedFiles: TaiLieuNop[] = facts.files.map((file) => ({
    TepDinhKemId: file.id,
    TenTepDinhKem: file.name,
    IsDeleted: "0",
    MaThanhPhanHoSo: file.componentCode,
    DuongDanTaiTepTin: file.url,
    DuocSoHoa: flag(file.digitized),
    DuocTaiSuDung: flag(file.reused),
    DuocLayTuKhoDMQG: "0",
    MaKetQuaThayThe: file.reused ? (file.replacesResultCode ?? null) : null,
  }));
  const results: GiayToKetQua[] = facts.results.map((result) => ({
    TenGiayTo: result.name,
    MaThanhPhanHoSo: result.componentCode,
    GiayToId: result.id,
    DuongDanTepTinKetQua: result.url,
    MaGiayToKetQua: result.verificationCode,
  }));
  return {
    MaHoSo: facts.code,
    MaTTHC: facts.procedureCode,
    TenTTHC: facts.procedureName,
    MaLinhVuc: facts.fieldCode,
    TenLinhVuc: facts.fieldName,
    KenhThucHien: CHANNEL_CODES[facts.channel],
    ChuHoSo: (organisation ? facts.applicant.organisationName : null) || facts.applicant.name,
    SoGiayToChuHoSo: (organisation ? facts.applicant.taxCode : facts.applicant.idNumber) ?? null,
    LoaiDoiTuong: APPLICANT_KIND_CODES[facts.applicant.kind],
    MaDoiTuong: facts.ownerUserId,
    ThongTinKhac: null,
    Email: facts.applicant.email,
    Fax: null,
    SoDienThoai: facts.applicant.phone,
    TrichYeuHoSo: facts.summary || facts.procedureName,
    NgayTiepNhan: optionalSyncTimestamp(facts.receivedAt),
    NgayHenTra: optionalSyncTimestamp(facts.dueAt),
    TrangThaiHoSo: String(facts.status),
    NgayTra: optionalSyncTimestamp(facts.returnedAt),
    ThongTinTra: facts.returnedAt ? "Đã trả kết quả cho tổ chức, cá nhân" : null,
    HinhThuc: returnMethodCode(facts.returnChannel),
    NgayKetThucXuLy: optionalSyncTimestamp(facts.finishedAt),
    DonViXuLy: facts.processingAgencyName,
    GhiChu: facts.note,
    NoiNopHoSo: submissionPlaceCode(facts),
    HoSoCoThanhPhanSoHoa: flag(facts.files.some((file) => file.digitized || file.reused)),
    TaiKhoanDuocXacThucVoiVNeID: vneidVerifiedFlag(facts),
    DuocThanhToanTrucTuyen: onlinePaymentFlag(facts),
    NgayTuChoi: facts.status === 3 ? optionalSyncTimestamp(facts.refusedAt) : null,
    NgayNopHoSo: syncTimestamp(facts.submittedAt),
    DinhDanhCHS: identifiers(facts),
    DSKetNoiCSDL: [],
    TaiLieuNop: submittedFiles,
    DanhSachLePhi: facts.fees.map(fee),
    DanhSachTepDinhKemKhac: [],
    DanhSachHoSoBoSung: facts.supplements.map(supplement),
    DanhSachGiayToKetQua: results,
  };
}
