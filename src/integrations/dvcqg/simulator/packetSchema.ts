/**
 * The JSON Schema DVCQG's side checks every packet against (R-SYNC-2/3/4), written from the rules, independently of
 * how OneStop builds its packets: exactly the listed fields, every value a string or null of the right shape.
 */

const DATE = { type: "string", pattern: "^[0-9]{14}$" } as const;
const OPTIONAL_DATE = { anyOf: [DATE, { type: "null" }] } as const;
const TEXT = { type: "string", minLength: 1 } as const;
const OPTIONAL_TEXT = { type: ["string", "null"] } as const;
const FLAG = { enum: ["0", "1"] } as const;
const STATUS = { enum: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"] } as const;
const AMOUNT = { type: "string", pattern: "^[0-9]+$" } as const;

function record(properties: Record<string, object>) {
  return {
    type: "object",
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  } as const;
}

const lePhi = record({
  TenPhiLePhi: TEXT,
  MaPhiLePhi: OPTIONAL_TEXT,
  HinhThucThu: { enum: ["1", "2"] },
  Gia: AMOUNT,
  LoaiPhiLePhi: { enum: ["1", "2"] },
});

export const dongBoHoSoSchema = record({
  MaHoSo: TEXT,
  MaTTHC: { type: "string", pattern: "^[0-9][0-9A-Za-z.]*$" },
  TenTTHC: TEXT,
  MaLinhVuc: TEXT,
  TenLinhVuc: TEXT,
  KenhThucHien: { enum: ["1", "2", "3"] },
  ChuHoSo: TEXT,
  SoGiayToChuHoSo: OPTIONAL_TEXT,
  LoaiDoiTuong: { enum: ["1", "2", "3", "4"] },
  MaDoiTuong: OPTIONAL_TEXT,
  ThongTinKhac: OPTIONAL_TEXT,
  Email: { anyOf: [{ type: "string", pattern: "^[^@\\s]+@[^@\\s]+$" }, { type: "null" }] },
  Fax: OPTIONAL_TEXT,
  SoDienThoai: { anyOf: [{ type: "string", pattern: "^\\+?[0-9 .-]{6,20}$" }, { type: "null" }] },
  TrichYeuHoSo: TEXT,
  NgayTiepNhan: OPTIONAL_DATE,
  NgayHenTra: OPTIONAL_DATE,
  TrangThaiHoSo: STATUS,
  NgayTra: OPTIONAL_DATE,
  ThongTinTra: OPTIONAL_TEXT,
  HinhThuc: { enum: ["0", "1"] },
  NgayKetThucXuLy: OPTIONAL_DATE,
  DonViXuLy: TEXT,
  GhiChu: OPTIONAL_TEXT,
  NoiNopHoSo: { enum: ["1", "2", "3"] },
  HoSoCoThanhPhanSoHoa: FLAG,
  TaiKhoanDuocXacThucVoiVNeID: FLAG,
  DuocThanhToanTrucTuyen: { enum: ["0", "1", "2"] },
  NgayTuChoi: OPTIONAL_DATE,
  NgayNopHoSo: DATE,
  DinhDanhCHS: { type: "array", items: record({ LoaiDinhDanh: TEXT, SoDinhDanh: TEXT }) },
  DSKetNoiCSDL: { type: "array", items: record({ MaCSDL: TEXT }) },
  TaiLieuNop: {
    type: "array",
    items: record({
      TepDinhKemId: TEXT,
      TenTepDinhKem: TEXT,
      IsDeleted: FLAG,
      MaThanhPhanHoSo: OPTIONAL_TEXT,
      DuongDanTaiTepTin: { type: "string", pattern: "^https?://" },
      DuocSoHoa: FLAG,
      DuocTaiSuDung: FLAG,
      DuocLayTuKhoDMQG: FLAG,
      MaKetQuaThayThe: OPTIONAL_TEXT,
    }),
  },
  DanhSachLePhi: { type: "array", items: lePhi },
  DanhSachTepDinhKemKhac: {
    type: "array",
    items: record({ TenGiayTo: TEXT, SoLuong: AMOUNT, LoaiGiayTo: TEXT }),
  },
  DanhSachHoSoBoSung: {
    type: "array",
    items: record({
      HoSoBoSungId: TEXT,
      NguoiYeuCauBoSung: TEXT,
      NoiDungBoSung: TEXT,
      NgayBoSung: DATE,
      NguoiTiepNhanBoSung: OPTIONAL_TEXT,
      ThongTinTiepNhan: OPTIONAL_TEXT,
      NgayTiepNhanBoSung: OPTIONAL_DATE,
      TrangThaiBoSung: { enum: ["1", "2"] },
      DanhSachGiayToBoSung: { type: "array", items: TEXT },
      DanhSachLePhiBoSung: { type: "array", items: lePhi },
      NgayHenTraTruoc: OPTIONAL_DATE,
      NgayHenTraMoi: OPTIONAL_DATE,
    }),
  },
  DanhSachGiayToKetQua: {
    type: "array",
    items: record({
      TenGiayTo: TEXT,
      MaThanhPhanHoSo: OPTIONAL_TEXT,
      GiayToId: TEXT,
      DuongDanTepTinKetQua: { type: "string", pattern: "^https?://" },
      MaGiayToKetQua: OPTIONAL_TEXT,
    }),
  },
});

export const capNhatTienDoSchema = record({
  MaHoSo: TEXT,
  NguoiXuLy: TEXT,
  ChucDanh: TEXT,
  ThoiDiemXuLy: DATE,
  PhongBanXuLy: TEXT,
  NoiDungXuLy: TEXT,
  TrangThai: STATUS,
  NgayBatDau: DATE,
  NgayKetThucTheoQuyDinh: OPTIONAL_DATE,
});

export const envelopeSchema = {
  type: "object",
  properties: {
    service: { enum: ["DongBoHoSoMC", "CapNhatTienDoHoSoMC"] },
    isUpdating: { type: "boolean" },
    data: { type: "array", minItems: 1, maxItems: 500 },
  },
  required: ["service", "isUpdating", "data"],
  additionalProperties: false,
} as const;
