import type { Kysely } from "kysely";
import { type Static, Type } from "typebox";
import type { Database } from "../../db/schema.ts";
import { recognizeDossierCode } from "../../domain/codes/recognizeDossierCode.ts";
import { createDossier } from "../dossiers/createDossier.ts";
import { type DossierRecord, findDossier } from "../dossiers/dossierStore.ts";
import { ValidationError } from "../errors.ts";
import type { FileLimits } from "../files/storeUpload.ts";
import { validatorFor } from "../validation/ajv.ts";
import { describeErrors, type FieldError } from "../validation/messages.ts";
import { scheduleNationalFiles } from "./nationalFileTransfers.ts";

/** R-SYNC-3: dates as `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh. */
const DVCQG_DATE = "^[0-9]{14}$";

/** A file the applicant attached on the national portal (R-SYNC-2 `TaiLieuNop`): a reference, the bytes stay there. */
export const NationalDossierFile = Type.Object({
  TepDinhKemId: Type.Optional(Type.String({ maxLength: 100 })),
  TenTepDinhKem: Type.String({ minLength: 1, maxLength: 255 }),
  MaThanhPhanHoSo: Type.Optional(Type.String({ maxLength: 100 })),
  DuongDanTaiTepTin: Type.String({ minLength: 1, maxLength: 2000, pattern: "^https?://" }),
  /** SHA-256 (hex) of the file; without it the file server's `X-Checksum-SHA256` header is checked. */
  MaBamSHA256: Type.Optional(Type.String({ pattern: "^[0-9a-fA-F]{64}$" })),
});

/**
 * A dossier submitted on the national public service portal (R-LAW-4), with the field names of the DVCQG dossier
 * packet (R-SYNC-2) where one exists. `MaCoQuan` is the competent agency's identifier (R-CODE-3) and `DuLieuBieuMau`
 * the e-form data.
 */
export const NationalDossierPayload = Type.Object({
  MaHoSo: Type.String({
    minLength: 1,
    maxLength: 60,
    description: "Mã hồ sơ trên Cổng DVCQG (R-CODE-1 hoặc R-CODE-2)",
  }),
  MaTTHC: Type.String({ pattern: "^[0-9]\\.[0-9]{6}$", description: "Mã thủ tục hành chính" }),
  MaCoQuan: Type.String({
    minLength: 1,
    maxLength: 40,
    pattern: "^\\S+$",
    description: "Mã định danh cơ quan giải quyết",
  }),
  ChuHoSo: Type.String({ minLength: 1, maxLength: 200 }),
  TenToChuc: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  SoGiayToChuHoSo: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
  Email: Type.Optional(Type.String({ format: "email", maxLength: 200 })),
  SoDienThoai: Type.Optional(Type.String({ pattern: "^[0-9+() .-]{6,20}$" })),
  DiaChi: Type.Optional(Type.String({ maxLength: 500 })),
  TrichYeuHoSo: Type.Optional(Type.String({ maxLength: 1000 })),
  DuLieuBieuMau: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  NgayNopHoSo: Type.String({ pattern: DVCQG_DATE, description: "yyyyMMddHHmmss, giờ Việt Nam" }),
  TaiLieuNop: Type.Optional(Type.Array(NationalDossierFile, { maxItems: 100 })),
});
export type NationalDossierPayload = Static<typeof NationalDossierPayload>;

export interface ReceiveNationalDossierInput {
  payload: unknown;
  now: Date;
  limits: FileLimits;
}

export interface ReceivedNationalDossier {
  /** False when this MaHoSo was already received: the same dossier is returned, nothing is written. */
  created: boolean;
  record: DossierRecord;
}

/** How far in the future a submission time may be before it is an error rather than clock skew between systems. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const field = (name: string, vi: string, en: string): FieldError => ({ field: name, message: { vi, en } });

/** `yyyyMMddHHmmss` in the province (+07:00, R-SYNC-3), or nothing when it is not a real instant. */
export function parseDvcqgDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match as unknown as [string, string, string, string, string, string, string];
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}+07:00`);
  if (Number.isNaN(at.getTime())) return undefined;
  // V8 rolls 31 April over to 1 May: a date that is not on the calendar is an error here.
  const local = new Date(at.getTime() + 7 * 3_600_000);
  if (local.getUTCDate() !== Number(d) || local.getUTCHours() !== Number(h)) return undefined;
  return at;
}

function findByNationalCode(db: Kysely<Database>, nationalCode: string) {
  return db.selectFrom("dossiers").select("id").where("national_code", "=", nationalCode).executeTakeFirst();
}

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";

/**
 * Receives a dossier submitted on the national portal (R-LAW-4): checks the packet, then creates an online dossier
 * (status 1, the R-RECV-1 reception clock running from the portal's submission time) that keeps the national code
 * (R-CODE-2: stored unchanged) next to our own R-CODE-1 code. Idempotent by `MaHoSo` (R-SYNC-5): a retry returns the
 * dossier already received, even when two deliveries race.
 *
 * The dossier has no local owner (the applicant has no account here) and is submitted by `system` (R-STATUS-5).
 * Its files are queued, in the same transaction, for the attachment job that fetches them from the national portal
 * into the file store with their checksums (issue #13); officers see each one's state on the dossier page.
 *
 * Outcomes: `{ created: true }`; `{ created: false }` for a repeated MaHoSo; ValidationError (bad packet, per field),
 * NotFoundError (the agency does not handle the procedure), ConflictError (channel not offered, rules refused).
 */
export async function receiveNationalDossier(
  db: Kysely<Database>,
  input: ReceiveNationalDossierInput,
): Promise<ReceivedNationalDossier> {
  const validate = validatorFor<NationalDossierPayload>(NationalDossierPayload);
  if (!validate(input.payload)) throw new ValidationError(describeErrors(validate.errors));
  const payload = input.payload;

  const errors: FieldError[] = [];
  if (!recognizeDossierCode(payload.MaHoSo))
    errors.push(
      field(
        "MaHoSo",
        "Mã hồ sơ không đúng định dạng {mã cơ quan}-{YYMMDD}-{số thứ tự}",
        "The dossier code is not shaped {agency}-{YYMMDD}-{sequence}",
      ),
    );
  const submittedAt = parseDvcqgDate(payload.NgayNopHoSo);
  if (!submittedAt)
    errors.push(
      field(
        "NgayNopHoSo",
        "Ngày nộp không phải thời điểm hợp lệ (yyyyMMddHHmmss)",
        "Not a valid yyyyMMddHHmmss instant",
      ),
    );
  else if (submittedAt.getTime() > input.now.getTime() + FUTURE_TOLERANCE_MS)
    errors.push(field("NgayNopHoSo", "Ngày nộp ở tương lai", "The submission time is in the future"));
  if (errors.length > 0 || !submittedAt) throw new ValidationError(errors);

  const existing = await findByNationalCode(db, payload.MaHoSo);
  if (existing) return { created: false, record: (await findDossier(db, existing.id))! };

  const formData: Record<string, unknown> = { ...(payload.DuLieuBieuMau ?? {}) };
  try {
    const record = await createDossier(db, {
      procedureCode: payload.MaTTHC,
      agencyCode: payload.MaCoQuan,
      channel: "online",
      applicant: {
        kind: payload.TenToChuc ? "organisation" : "person",
        name: payload.ChuHoSo,
        idNumber: payload.SoGiayToChuHoSo,
        organisationName: payload.TenToChuc,
        address: payload.DiaChi,
        phone: payload.SoDienThoai,
        email: payload.Email,
      },
      formData,
      summary: payload.TrichYeuHoSo,
      files: [],
      ownerUserId: null,
      // No local account uploads anything; the rules see the applicant by the national code.
      uploaderUserId: `dvcqg:${payload.MaHoSo}`,
      actor: { role: "system", id: "national-portal" },
      author: { userId: null, role: "system" },
      // R-RECV-1 (2025): the 8 working hours count from the national portal's receipt.
      now: submittedAt,
      limits: input.limits,
      nationalCode: payload.MaHoSo,
      // Issue #21, R-CODE-1: the files are queued before the dossier takes its number, so the agency's per-day
      // counter is the transaction's last write; the transfers name the dossier by its id, never by its code.
      beforeCode: async (trx, created) => {
        await scheduleNationalFiles(trx, {
          dossier: created.row,
          purpose: "component",
          files: payload.TaiLieuNop ?? [],
          now: input.now,
        });
        // Nothing for the code's statement: the transfers carry no code.
        return {};
      },
    });
    return { created: true, record };
  } catch (error) {
    // Two deliveries of the same MaHoSo at once: the loser finds the winner's dossier.
    if (isUniqueViolation(error)) {
      const winner = await findByNationalCode(db, payload.MaHoSo);
      if (winner) return { created: false, record: (await findDossier(db, winner.id))! };
    }
    throw error;
  }
}
