import type { Kysely } from "kysely";
import QRCode from "qrcode";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { type Actor, hasRole } from "../accounts/actor.ts";
import { ConflictError, ForbiddenError, ValidationError } from "../errors.ts";
import { newRecoveryCodes } from "./recoveryCodes.ts";
import { openSecret, sealSecret } from "./secretSeal.ts";
import { matchTotpStep, newTotpSecret, totpUri } from "./totp.ts";

export interface MfaContext {
  /** MFA_ENCRYPTION_KEY. */
  sealKey: string | undefined;
  /** The name authenticator apps show (MFA_ISSUER_NAME). */
  issuerName: string;
  /** MFA_REQUIRED_FOR_ADMINS. */
  adminRequired: boolean;
}

export interface MfaStatus {
  enrolled: boolean;
  required: boolean;
  confirmedAt: Date | null;
  recoveryCodesLeft: number;
}

/** Issue #14: MFA is required of the administrators, who hand out roles (R-ACC-2), and offered to other officers. */
export function mfaRequiredFor(actor: Actor, context: Pick<MfaContext, "adminRequired">): boolean {
  if (!context.adminRequired || actor.kind !== "officer") return false;
  return actor.grants.some((grant) => grant.role === "system_admin" || grant.role === "agency_admin");
}

function officerOnly(actor: Actor): void {
  if (
    actor.kind !== "officer" ||
    !hasRole(actor, [
      "counter_officer",
      "specialist",
      "unit_head",
      "agency_leader",
      "agency_admin",
      "service_center_monitor",
      // Issue #20 (the authorization matrix): support and postal staff read citizens' contacts and dossiers too,
      // so their accounts can protect themselves with a second factor like every other official's.
      "support_staff",
      "postal_staff",
      "system_admin",
    ])
  )
    throw new ForbiddenError({
      vi: "Xác thực hai lớp dành cho tài khoản cán bộ",
      en: "Two-step verification is for officers' accounts",
    });
}

export async function mfaStatus(db: Kysely<Database>, actor: Actor, context: MfaContext): Promise<MfaStatus> {
  const row = await db
    .selectFrom("officer_mfa")
    .select("confirmed_at")
    .where("user_id", "=", actor.userId)
    .executeTakeFirst();
  const left = await db
    .selectFrom("officer_mfa_recovery_codes")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("user_id", "=", actor.userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return {
    enrolled: Boolean(row?.confirmed_at),
    required: mfaRequiredFor(actor, context),
    confirmedAt: row?.confirmed_at ?? null,
    recoveryCodesLeft: row?.confirmed_at ? Number(left.n) : 0,
  };
}

const alreadyEnrolled = () =>
  new ConflictError("MFA_ALREADY_ENROLLED", {
    vi: "Tài khoản đã bật xác thực hai lớp",
    en: "Two-step verification is already on for this account",
  });

/**
 * Starts (or restarts) enrolment: a new secret, waiting for its first code. The secret is handed out only now, as
 * the QR code and for manual entry; once confirmed nothing returns it.
 */
export async function startMfaEnrolment(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  context: MfaContext,
): Promise<{ secret: string; otpauthUri: string; qrSvg: string }> {
  officerOnly(actor);
  const secret = newTotpSecret();
  const sealed = sealSecret(secret, context.sealKey);
  await inTransaction(db, async (trx) => {
    const existing = await trx
      .selectFrom("officer_mfa")
      .select("confirmed_at")
      .where("user_id", "=", actor.userId)
      .forUpdate()
      .executeTakeFirst();
    if (existing?.confirmed_at) throw alreadyEnrolled();
    if (existing)
      await trx
        .updateTable("officer_mfa")
        .set({ secret: sealed, created_at: now, failed_attempts: 0, last_used_step: null })
        .where("user_id", "=", actor.userId)
        .execute();
    else
      await trx
        .insertInto("officer_mfa")
        .values({
          user_id: actor.userId,
          secret: sealed,
          created_at: now,
          confirmed_at: null,
          locked_until: null,
          last_used_step: null,
        })
        .execute();
  });
  const otpauthUri = totpUri(secret, actor.username, context.issuerName);
  const qrSvg = await QRCode.toString(otpauthUri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, otpauthUri, qrSvg };
}

export const wrongCode = () =>
  new ValidationError(
    [
      {
        field: "code",
        message: { vi: "Mã xác thực không đúng hoặc đã hết hạn", en: "The code is wrong or has expired" },
      },
    ],
    { vi: "Mã xác thực không đúng hoặc đã hết hạn", en: "The code is wrong or has expired" },
  );

/** Confirms enrolment with a first code from the app; answers the recovery codes, shown this once. */
export async function confirmMfaEnrolment(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  now: Date,
  context: MfaContext,
): Promise<{ recoveryCodes: string[] }> {
  officerOnly(actor);
  const row = await db
    .selectFrom("officer_mfa")
    .select(["secret", "confirmed_at"])
    .where("user_id", "=", actor.userId)
    .executeTakeFirst();
  if (row?.confirmed_at) throw alreadyEnrolled();
  if (!row)
    throw new ConflictError("MFA_ENROLMENT_NOT_STARTED", {
      vi: "Chưa bắt đầu thiết lập xác thực hai lớp",
      en: "Two-step verification setup has not been started",
    });
  const step = matchTotpStep(openSecret(row.secret, context.sealKey), code.trim(), now);
  if (step === undefined) throw wrongCode();
  const { codes, hashes } = await newRecoveryCodes();
  await inTransaction(db, async (trx) => {
    const confirmed = await trx
      .updateTable("officer_mfa")
      .set({ confirmed_at: now, last_used_step: step, failed_attempts: 0 })
      .where("user_id", "=", actor.userId)
      .where("confirmed_at", "is", null)
      .returning("user_id")
      .executeTakeFirst();
    if (!confirmed) throw alreadyEnrolled();
    await trx.deleteFrom("officer_mfa_recovery_codes").where("user_id", "=", actor.userId).execute();
    await trx
      .insertInto("officer_mfa_recovery_codes")
      .values(hashes.map((code_hash) => ({ user_id: actor.userId, code_hash, used_at: null })))
      .execute();
  });
  return { recoveryCodes: codes };
}
