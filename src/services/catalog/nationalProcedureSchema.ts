import { type Static, Type } from "typebox";

/**
 * One procedure as exported by the national procedure database (CSDL quốc gia về TTHC), the fields our importer
 * reads (issue #2 §6). Unknown extra fields are allowed: exports carry more than we keep.
 */
const Text = Type.String();
const OptionalText = Type.Optional(Type.Union([Type.String(), Type.Null()]));

export const NationalProcedure = Type.Object({
  // R-CODE-4
  MaTTHC: Type.String({ pattern: "^[0-9]\\.[0-9]{6}$" }),
  TenTTHC: Type.String({ minLength: 1, maxLength: 1000 }),
  MaLinhVuc: Type.String({ minLength: 1, maxLength: 100 }),
  TenLinhVuc: Type.Optional(Type.String({ minLength: 1 })),
  MaNganh: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  TenNganh: Type.Optional(Type.String({ minLength: 1 })),
  CapThucHien: Type.Optional(Type.Array(Text)),
  CoQuanThucHien: Type.Optional(Text),
  ThoiHanGiaiQuyet: Type.Optional(
    Type.Array(
      Type.Object({
        ThoiGian: Type.Number({ minimum: 0 }),
        DonVi: Text,
        MoTa: OptionalText,
      }),
    ),
  ),
  PhiLePhi: Type.Optional(
    Type.Array(
      Type.Object({
        MaPhiLePhi: OptionalText,
        TenPhiLePhi: Type.String({ minLength: 1 }),
        MucPhi: Type.Number({ minimum: 0 }),
        MoTa: OptionalText,
      }),
    ),
  ),
  ThanhPhanHoSo: Type.Optional(
    Type.Array(
      Type.Object({
        MaGiayTo: OptionalText,
        TenGiayTo: Type.String({ minLength: 1 }),
        SoBanChinh: Type.Optional(Type.Integer({ minimum: 0 })),
        SoBanSao: Type.Optional(Type.Integer({ minimum: 0 })),
        BatBuoc: Type.Optional(Type.Boolean()),
        MauDon: OptionalText,
      }),
    ),
  ),
  TrinhTuThucHien: Type.Optional(Type.Array(Text)),
  CachThucThucHien: Type.Optional(Type.Array(Type.Object({ Kenh: Text, MoTa: OptionalText }))),
  DoiTuongThucHien: Type.Optional(Type.Array(Text)),
  KetQuaThucHien: Type.Optional(Text),
  YeuCauDieuKien: Type.Optional(Text),
  CanCuPhapLy: Type.Optional(
    Type.Array(
      Type.Object({
        SoKyHieu: Type.String({ minLength: 1 }),
        TrichYeu: Type.Optional(Text),
        NgayBanHanh: OptionalText,
      }),
    ),
  ),
  // R-CAT-2; legacy numeric levels 1–4 still appear in old exports (R-FEE-5)
  MucDo: Type.Optional(Type.Union([Text, Type.Integer()])),
});

export type NationalProcedure = Static<typeof NationalProcedure>;
