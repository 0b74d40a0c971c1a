/**
 * The packets OneStop sends to the national public service portal (DVCQG), field for field as R-SYNC-2 and R-SYNC-4
 * name them. Every value is a string (R-SYNC-3: dates `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh, codes as their digits,
 * flags "0"/"1"); a value OneStop does not know is null, never an invented one.
 */

/** "0"/"1" flags of R-SYNC-3. */
export type Flag = "0" | "1";

export type SyncService = "DongBoHoSoMC" | "CapNhatTienDoHoSoMC";

/** The transport body (issue #13 contract): one service, the create/update flag, the records. */
export interface SyncPacket<T = DongBoHoSoMC | CapNhatTienDoHoSoMC> {
  service: SyncService;
  isUpdating: boolean;
  data: T[];
}

export interface DinhDanhCHS {
  LoaiDinhDanh: string;
  SoDinhDanh: string;
}

export interface KetNoiCSDL {
  MaCSDL: string;
}

export interface TaiLieuNop {
  TepDinhKemId: string;
  TenTepDinhKem: string;
  IsDeleted: Flag;
  MaThanhPhanHoSo: string | null;
  DuongDanTaiTepTin: string;
  DuocSoHoa: Flag;
  DuocTaiSuDung: Flag;
  DuocLayTuKhoDMQG: Flag;
  MaKetQuaThayThe: string | null;
}

export interface LePhi {
  TenPhiLePhi: string;
  MaPhiLePhi: string | null;
  /** "1" collected at the counter, "2" paid online. */
  HinhThucThu: string;
  Gia: string;
  /** "1" phí, "2" lệ phí. */
  LoaiPhiLePhi: string;
}

export interface TepDinhKemKhac {
  TenGiayTo: string;
  SoLuong: string;
  LoaiGiayTo: string;
}

export interface HoSoBoSung {
  HoSoBoSungId: string;
  NguoiYeuCauBoSung: string;
  NoiDungBoSung: string;
  NgayBoSung: string;
  NguoiTiepNhanBoSung: string | null;
  ThongTinTiepNhan: string | null;
  NgayTiepNhanBoSung: string | null;
  /** "1" waiting for the applicant, "2" received. */
  TrangThaiBoSung: string;
  DanhSachGiayToBoSung: string[];
  DanhSachLePhiBoSung: LePhi[];
  NgayHenTraTruoc: string | null;
  NgayHenTraMoi: string | null;
}

export interface GiayToKetQua {
  TenGiayTo: string;
  MaThanhPhanHoSo: string | null;
  GiayToId: string;
  DuongDanTepTinKetQua: string;
  MaGiayToKetQua: string | null;
}

/** R-SYNC-2: the dossier as DVCQG keeps it. */
export interface DongBoHoSoMC {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc: string;
  KenhThucHien: "1" | "2" | "3";
  ChuHoSo: string;
  SoGiayToChuHoSo: string | null;
  LoaiDoiTuong: string;
  MaDoiTuong: string | null;
  ThongTinKhac: string | null;
  Email: string | null;
  Fax: string | null;
  SoDienThoai: string | null;
  TrichYeuHoSo: string;
  NgayTiepNhan: string | null;
  NgayHenTra: string | null;
  TrangThaiHoSo: string;
  NgayTra: string | null;
  ThongTinTra: string | null;
  HinhThuc: string;
  NgayKetThucXuLy: string | null;
  DonViXuLy: string;
  GhiChu: string | null;
  NoiNopHoSo: string;
  HoSoCoThanhPhanSoHoa: Flag;
  TaiKhoanDuocXacThucVoiVNeID: Flag;
  DuocThanhToanTrucTuyen: "0" | "1" | "2";
  NgayTuChoi: string | null;
  NgayNopHoSo: string;
  DinhDanhCHS: DinhDanhCHS[];
  DSKetNoiCSDL: KetNoiCSDL[];
  TaiLieuNop: TaiLieuNop[];
  DanhSachLePhi: LePhi[];
  DanhSachTepDinhKemKhac: TepDinhKemKhac[];
  DanhSachHoSoBoSung: HoSoBoSung[];
  DanhSachGiayToKetQua: GiayToKetQua[];
}

/** R-SYNC-4: one handover of the dossier. */
export interface CapNhatTienDoHoSoMC {
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: string;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh: string | null;
}

/** The field names of each record, in R-SYNC-2/4 order: the simulator accepts exactly these. */
export const DONG_BO_FIELDS = [
  "MaHoSo",
  "MaTTHC",
  "TenTTHC",
  "MaLinhVuc",
  "TenLinhVuc",
  "KenhThucHien",
  "ChuHoSo",
  "SoGiayToChuHoSo",
  "LoaiDoiTuong",
  "MaDoiTuong",
  "ThongTinKhac",
  "Email",
  "Fax",
  "SoDienThoai",
  "TrichYeuHoSo",
  "NgayTiepNhan",
  "NgayHenTra",
  "TrangThaiHoSo",
  "NgayTra",
  "ThongTinTra",
  "HinhThuc",
  "NgayKetThucXuLy",
  "DonViXuLy",
  "GhiChu",
  "NoiNopHoSo",
  "HoSoCoThanhPhanSoHoa",
  "TaiKhoanDuocXacThucVoiVNeID",
  "DuocThanhToanTrucTuyen",
  "NgayTuChoi",
  "NgayNopHoSo",
  "DinhDanhCHS",
  "DSKetNoiCSDL",
  "TaiLieuNop",
  "DanhSachLePhi",
  "DanhSachTepDinhKemKhac",
  "DanhSachHoSoBoSung",
  "DanhSachGiayToKetQua",
] as const satisfies readonly (keyof DongBoHoSoMC)[];

export const TIEN_DO_FIELDS = [
  "MaHoSo",
  "NguoiXuLy",
  "ChucDanh",
  "ThoiDiemXuLy",
  "PhongBanXuLy",
  "NoiDungXuLy",
  "TrangThai",
  "NgayBatDau",
  "NgayKetThucTheoQuyDinh",
] as const satisfies readonly (keyof CapNhatTienDoHoSoMC)[];
