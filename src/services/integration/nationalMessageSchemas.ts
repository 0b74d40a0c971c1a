import { type Static, Type } from "typebox";

/**
 * The messages DVCQG sends about a dossier it forwarded (issue #13, R-LAW-4): each names itself (`MaThongDiep`, the
 * idempotency key: a replay records once), the dossier (`MaHoSo`, the national code, or our own code for a dossier
 * synchronised from here) and when it happened on the national portal (`ThoiDiem`, yyyyMMddHHmmss in
 * Asia/Ho_Chi_Minh, R-SYNC-3).
 */
const envelope = {
  MaThongDiep: Type.String({
    maxLength: 100,
    pattern: "^\\S+$",
    description: "Mã thông điệp (duy nhất)",
  }),
  MaHoSo: Type.String({ minLength: 1, maxLength: 60, description: "Mã hồ sơ trên Cổng DVCQG" }),
  ThoiDiem: Type.String({ pattern: "^[0-9]{14}$", description: "yyyyMMddHHmmss, giờ Việt Nam" }),
};

/** A file on the national portal, fetched into our file store by the attachment job (with its checksum). */
export const NationalSupplementFile = Type.Object({
  TepDinhKemId: Type.Optional(Type.String({ maxLength: 100 })),
  TenTepDinhKem: Type.String({ minLength: 1, maxLength: 255 }),
  MaThanhPhanHoSo: Type.Optional(Type.String({ maxLength: 100 })),
  DuongDanTaiTepTin: Type.String({ minLength: 1, maxLength: 2000, pattern: "^https?://" }),
  MaBamSHA256: Type.String({ pattern: "^[0-9a-fA-F]{64}$", description: "SHA-256 (hex) của tệp" }),
});

/** The applicant's answer to the supplement request (R-RECV-6, R-SUPP-1), sent on DVCQG. */
export const NationalSupplementMessage = Type.Object({
  ...envelope,
  NoiDungBoSung: Type.Optional(Type.String({ maxLength: 2000 })),
  TaiLieuBoSung: Type.Array(NationalSupplementFile, { minItems: 1, maxItems: 50 }),
});
export type NationalSupplementMessage = Static<typeof NationalSupplementMessage>;

/** The applicant asks, on DVCQG, to withdraw the dossier (R-STOP-1, NĐ 118 Điều 21 k2). */
export const NationalWithdrawalMessage = Type.Object({
  ...envelope,
  LyDo: Type.String({ maxLength: 2000, pattern: "\\S", description: "Lý do rút hồ sơ" }),
});
export type NationalWithdrawalMessage = Static<typeof NationalWithdrawalMessage>;

/** The national payment platform's result for the dossier's fees (R-FEE-6), idempotent by `MaGiaoDich`. */
export const NationalPaymentMessage = Type.Object({
  ...envelope,
  MaGiaoDich: Type.String({
    maxLength: 100,
    pattern: "^\\S+$",
    description: "Mã giao dịch thanh toán",
  }),
  SoTien: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000, description: "Số tiền đã nộp (đồng)" }),
});
export type NationalPaymentMessage = Static<typeof NationalPaymentMessage>;

/**
 * The applicant's rating on DVCQG (R-EVAL-1, R-EVAL-2): index id → 0–2 points for the indices the applicant rates,
 * and the overall satisfaction, 1 hài lòng, 2 bình thường, 3 không hài lòng.
 */
export const NationalRatingMessage = Type.Object({
  ...envelope,
  DiemTieuChi: Type.Record(Type.String({ pattern: "^[1-9]$" }), Type.Integer({ minimum: 0, maximum: 2 })),
  MucDoHaiLong: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)])),
});
export type NationalRatingMessage = Static<typeof NationalRatingMessage>;

/** What every message answers: the dossier as it now stands, and whether this was a replay (nothing recorded). */
export const NationalMessageReceipt = Type.Object({
  messageId: Type.String(),
  dossierId: Type.String({ format: "uuid" }),
  code: Type.String(),
  status: Type.Integer(),
  replayed: Type.Boolean(),
  /** Payment: false when the dossier was not awaiting payment (the payment is recorded, the status unchanged). */
  applied: Type.Boolean(),
});
export type NationalMessageReceipt = Static<typeof NationalMessageReceipt>;
