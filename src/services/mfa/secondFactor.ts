import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { MfaChallengeMethod } from "../../db/mfaTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { AccountPolicy } from "../accounts/accountPolicy.ts";
import { recordSecurityEvent } from "../accounts/securityEvents.ts";
import { newToken } from "../accounts/sessionTokens.ts";
import { UnauthenticatedError } from "../errors.ts";
import { type NewSession, startSession } from "../identity/startSession.ts";
import type { MfaContext } from "./mfaEnrolment.ts";
import { looksLikeRecoveryCode, spendRecoveryCode } from "./recoveryCodes.ts";
import { openSecret } from "./secretSeal.ts";
import { matchTotpStep } from "./totp.ts";

/** The code must follow the password (or SSO) within this time. */
export const challengeLifetimeMs = 5 * 60_000;
/** Wrong codes per pending sign-in before the password (or SSO) is asked again. */
export const challengeMaxAttempts = 5;
/** Consecutive wrong codes on one account before it refuses codes for `lockMinutes`, whatever the address. */
export const accountMaxFailures = 10;
export const lockMinutes = 15;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const route = "/api/auth/mfa/verify";

export class MfaChallengeExpiredError extends UnauthenticatedError {
  constructor() {
    super(
      {
        vi: "Phiên đăng nhập đã hết hạn hoặc đã được dùng. Vui lòng đăng nhập lại",
        en: "The sign-in has expired or was already used. Please sign in again",
      },
      "MFA_CHALLENGE_EXPIRED",
    );
  }
}

export class InvalidMfaCodeError extends UnauthenticatedError {
  constructor() {
    super(
      { vi: "Mã xác thực không đúng hoặc đã được dùng", en: "The code is wrong or was already used" },
      "INVALID_MFA_CODE",
    );
  }
}

export class MfaLockedError extends UnauthenticatedError {
  constructor() {
    super(
      {
        vi: `Nhập sai mã xác thực nhiều lần. Vui lòng thử lại sau ${lockMinutes} phút`,
        en: `Too many wrong codes. Please retry in ${lockMinutes} minutes`,
      },
      "MFA_LOCKED",
    );
  }
}

/** Whether the user has a confirmed second factor: their sign-in then waits for a code. */
export async function hasConfirmedMfa(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("officer_mfa")
    .select("confirmed_at")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Boolean(row?.confirmed_at);
}

/**
 * The first factor passed: remembers the sign-in (server-side, hashed token) until the code is given. No session
 * exists yet, so nothing the user's roles allow can happen before the code (issue #14).
 */
export async function openMfaChallenge(
  db: Kysely<Database>,
  challenge: {
    userId: string;
    method: MfaChallengeMethod;
    mustChangePassword: boolean;
    idToken?: string | null;
    returnTo: string;
  },
  now: Date,
): Promise<string> {
  const token = newToken();
  await db.deleteFrom("mfa_challenges").where("expires_at", "<", now).execute();
  await db
    .insertInto("mfa_challenges")
    .values({
      token_hash: hashToken(token),
      user_id: challenge.userId,
      method: challenge.method,
      must_change_password: challenge.mustChangePassword,
      id_token: challenge.idToken ?? null,
      return_to: challenge.returnTo,
      created_at: now,
      expires_at: new Date(now.getTime() + challengeLifetimeMs),
    })
    .execute();
  return token;
}

export interface CompletedSignIn extends NewSession {
  returnTo: string;
  method: MfaChallengeMethod;
}

/**
 * The second step: a TOTP code (RFC 6238, ± one step, each step accepted once: a replayed code is refused) or an
 * unused recovery code. Right: the session opens (re-keyed, restricted while a first-login password change is owed,
 * R-ACC-2) and the pending sign-in is gone. Wrong: counted on the pending sign-in and on the account.
 */
export async function completeMfaChallenge(
  db: Kysely<Database>,
  command: {
    token: string;
    code: string;
    previousSessionId?: string | undefined;
    ip?: string | null;
    userAgent?: string | null;
  },
  now: Date,
  policy: AccountPolicy,
  context: Pick<MfaContext, "sealKey">,
): Promise<CompletedSignIn> {
  const challenge = await db
    .selectFrom("mfa_challenges as c")
    .innerJoin("officer_mfa as m", "m.user_id", "c.user_id")
    .innerJoin("users as u", "u.id", "c.user_id")
    .select([
      "c.token_hash",
      "c.user_id",
      "c.method",
      "c.must_change_password",
      "c.id_token",
      "c.return_to",
      "c.attempts",
      "c.expires_at",
      "m.secret",
      "m.confirmed_at",
      "m.last_used_step",
      "m.locked_until",
      "u.kind",
      "u.username",
      "u.is_active",
    ])
    .where("c.token_hash", "=", hashToken(command.token))
    .executeTakeFirst();
  if (
    !challenge ||
    challenge.expires_at.getTime() <= now.getTime() ||
    !challenge.confirmed_at ||
    !challenge.is_active
  )
    throw new MfaChallengeExpiredError();
  const audit = { userId: challenge.user_id, username: challenge.username, ip: command.ip ?? null, route };
  if (challenge.locked_until && challenge.locked_until.getTime() > now.getTime()) {
    await recordSecurityEvent(db, { ...audit, kind: "login_blocked", detail: { method: "totp" } }, now);
    throw new MfaLockedError();
  }

  const code = command.code.trim();
  let step: number | undefined;
  let recovery = false;
  if (/^\d{6}$/.test(code)) {
    step = matchTotpStep(openSecret(challenge.secret, context.sealKey), code, now);
    const last = challenge.last_used_step === null ? undefined : Number(challenge.last_used_step);
    if (step !== undefined && last !== undefined && step <= last) {
      await recordSecurityEvent(
        db,
        { ...audit, kind: "login_failed", detail: { method: "totp", reason: "replay" } },
        now,
      );
      step = undefined;
    }
  } else if (looksLikeRecoveryCode(code)) {
    recovery = await spendRecoveryCode(db, challenge.user_id, code, now);
  }
  if (step === undefined && !recovery) return refuse(db, challenge, audit, now);

  return inTransaction(db, async (trx) => {
    const taken = await trx
      .deleteFrom("mfa_challenges")
      .where("token_hash", "=", challenge.token_hash)
      .returning("token_hash")
      .executeTakeFirst();
    if (!taken) throw new MfaChallengeExpiredError();
    if (step !== undefined) {
      // Compare-and-set: two requests with the same code cannot both pass.
      const accepted = await trx
        .updateTable("officer_mfa")
        .set({ last_used_step: step, failed_attempts: 0, locked_until: null })
        .where("user_id", "=", challenge.user_id)
        .where((eb) => eb.or([eb("last_used_step", "is", null), eb("last_used_step", "<", step)]))
        .returning("user_id")
        .executeTakeFirst();
      if (!accepted) throw new InvalidMfaCodeError();
    } else {
      await trx
        .updateTable("officer_mfa")
        .set({ failed_attempts: 0, locked_until: null })
        .where("user_id", "=", challenge.user_id)
        .execute();
    }
    const session = await startSession(
      trx,
      {
        user: { id: challenge.user_id, kind: challenge.kind },
        previousSessionId: command.previousSessionId,
        ...(challenge.method === "officer_sso" && challenge.id_token
          ? { oidc: { provider: "officer" as const, idToken: challenge.id_token } }
          : {}),
        method: challenge.method === "officer_sso" ? "officer_sso_totp" : "password_totp",
        restricted: challenge.must_change_password,
        route,
        ip: command.ip ?? null,
        userAgent: command.userAgent ?? null,
      },
      now,
      policy,
    );
    return { ...session, returnTo: challenge.return_to, method: challenge.method };
  });
}

async function refuse(
  db: Kysely<Database>,
  challenge: { token_hash: string; user_id: string; attempts: number },
  audit: { userId: string; username: string; ip: string | null; route: string },
  now: Date,
): Promise<never> {
  const locked = await inTransaction(db, async (trx) => {
    await recordSecurityEvent(
      trx,
      { ...audit, kind: "login_failed", detail: { method: "totp", reason: "code" } },
      now,
    );
    if (challenge.attempts + 1 >= challengeMaxAttempts)
      await trx.deleteFrom("mfa_challenges").where("token_hash", "=", challenge.token_hash).execute();
    else
      await trx
        .updateTable("mfa_challenges")
        .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
        .where("token_hash", "=", challenge.token_hash)
        .execute();
    const row = await trx
      .updateTable("officer_mfa")
      .set((eb) => ({ failed_attempts: eb("failed_attempts", "+", 1) }))
      .where("user_id", "=", challenge.user_id)
      .returning("failed_attempts")
      .executeTakeFirstOrThrow();
    if (row.failed_attempts < accountMaxFailures) return false;
    await trx
      .updateTable("officer_mfa")
      .set({ failed_attempts: 0, locked_until: new Date(now.getTime() + lockMinutes * 60_000) })
      .where("user_id", "=", challenge.user_id)
      .execute();
    await recordSecurityEvent(trx, { ...audit, kind: "locked", detail: { method: "totp" } }, now);
    return true;
  });
  if (locked) throw new MfaLockedError();
  if (challenge.attempts + 1 >= challengeMaxAttempts) throw new MfaChallengeExpiredError();
  throw new InvalidMfaCodeError();
}

/**
 * After a right password: an officer with a second factor gets no session yet (the one just opened is dropped before
 * its cookie is ever sent) but a pending sign-in whose token the caller hands out; undefined when no code is owed.
 */
export async function holdForSecondFactor(
  db: Kysely<Database>,
  signedIn: { sessionId: string; userId: string; mustChangePassword: boolean },
  now: Date,
): Promise<string | undefined> {
  if (!(await hasConfirmedMfa(db, signedIn.userId))) return undefined;
  await db.deleteFrom("sessions").where("id", "=", signedIn.sessionId).execute();
  return openMfaChallenge(
    db,
    {
      userId: signedIn.userId,
      method: "password",
      mustChangePassword: signedIn.mustChangePassword,
      returnTo: "/",
    },
    now,
  );
}
