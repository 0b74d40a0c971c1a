import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { UnauthenticatedError } from "../errors.ts";
import type { AccountPolicy } from "./accountPolicy.ts";
import { findActor } from "./actor.ts";
import {
  clearAccountThrottle,
  type LoginThrottleSettings,
  recordLoginFailure,
  type ThrottleKey,
  throttledUntil,
  throttleKeys,
} from "./loginThrottle.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { recordSecurityEvent } from "./securityEvents.ts";
import type { SessionView } from "./session.ts";
import { slidingExpiry } from "./session.ts";
import { hashSessionToken, newToken } from "./sessionTokens.ts";

export interface LoginCommand {
  username: string;
  password: string;
  ip?: string | null;
  userAgent?: string | null;
}

export interface LoginResult {
  /** The cookie's value; only its hash is stored. */
  token: string;
  session: SessionView;
}

/** One message for an unknown username and a wrong password: the answer never says which (issue #4 §1). */
export class InvalidCredentialsError extends UnauthenticatedError {
  constructor() {
    super(
      { vi: "Tên đăng nhập hoặc mật khẩu không đúng", en: "Wrong username or password" },
      "INVALID_CREDENTIALS",
    );
  }
}

/**
 * Too many wrong passwords: signing in with this name, or from this address, waits until `retryAt`, which the
 * message states in the province's time (issue #20: the same words whether the name is an account or not).
 */
export class AccountLockedError extends UnauthenticatedError {
  constructor(readonly retryAt: Date) {
    super(
      {
        vi: `Đăng nhập tạm thời bị chặn do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ${provinceTime(retryAt, "ngày")}`,
        en: `Too many wrong passwords: signing in is paused. Please retry after ${provinceTime(retryAt, "on")}`,
      },
      "ACCOUNT_LOCKED",
    );
  }
}

/** The right password for a deactivated account (R-ACC-2: accounts are revoked by the system owner). */
export class AccountDisabledError extends UnauthenticatedError {
  constructor() {
    super(
      {
        vi: "Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị hệ thống",
        en: "This account is disabled. Please contact the administrator",
      },
      "ACCOUNT_DISABLED",
    );
  }
}

/** `HH:mm dd/MM/yyyy` in Asia/Ho_Chi_Minh (UTC+7 all year). */
function provinceTime(instant: Date, on: "ngày" | "on"): string {
  const t = new Date(instant.getTime() + 7 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(t.getUTCHours())}:${two(t.getUTCMinutes())} ${on} ${two(t.getUTCDate())}/${two(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}`;
}

// Unknown usernames still cost one argon2 verification, so response time does not reveal which names exist.
let dummyHash: Promise<string> | undefined;
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}

async function safeVerify(hash: string, password: string): Promise<boolean> {
  try {
    return await verifyPassword(hash, password);
  } catch {
    return false;
  }
}

/**
 * Logs in with a username and password at `now`. Outcomes: a new session (restricted while the first-login password
 * change is owed, R-ACC-2); InvalidCredentialsError; AccountLockedError while the login throttle blocks the name, the
 * address or the pair (src/services/accounts/loginThrottle.ts: increasing delays, issue #20); AccountDisabledError.
 * Every outcome is audited in security_events. An unknown name is counted and blocked exactly like a known one and
 * costs the same argon2 verification, so neither the answer nor its time reveals which names exist.
 */
export async function login(
  db: Kysely<Database>,
  command: LoginCommand,
  now: Date,
  policy: AccountPolicy & Omit<LoginThrottleSettings, keyof AccountPolicy>,
): Promise<LoginResult> {
  const username = command.username.trim().toLowerCase();
  const audit = { username, ip: command.ip ?? null, route: "/api/auth/login" };
  const keys = throttleKeys(username, command.ip, policy);
  const blockedUntil = await throttledUntil(db, keys, now);
  const user = await db
    .selectFrom("users")
    .select(["id", "kind", "password_hash", "is_active", "must_change_password"])
    .where(sql<string>`lower(username)`, "=", username)
    .executeTakeFirst();

  if (blockedUntil) {
    await recordSecurityEvent(db, { ...audit, kind: "login_blocked", userId: user?.id ?? null }, now);
    throw new AccountLockedError(blockedUntil);
  }

  // argon2 runs outside any transaction: it is deliberately slow and PGlite has a single session.
  const passwordOk = await safeVerify(user?.password_hash ?? (await dummyPasswordHash()), command.password);
  if (!user?.password_hash || !passwordOk) {
    const lockedNow = await recordFailure(db, user?.id, keys, audit, now, policy);
    if (lockedNow) throw new AccountLockedError(lockedNow);
    throw new InvalidCredentialsError();
  }
  if (!user.is_active) {
    await recordSecurityEvent(
      db,
      { ...audit, kind: "login_failed", userId: user.id, detail: { reason: "inactive" } },
      now,
    );
    throw new AccountDisabledError();
  }

  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = slidingExpiry(user.kind, now, now, policy);
  const sessionId = await inTransaction(db, async (trx) => {
    await clearAccountThrottle(trx, keys);
    await trx
      .updateTable("users")
      .set({ failed_login_count: 0, locked_until: null })
      .where("id", "=", user.id)
      .execute();
    const session = await trx
      .insertInto("sessions")
      .values({
        token_hash: hashSessionToken(token),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
        ip: command.ip ?? null,
        user_agent: command.userAgent?.slice(0, 500) ?? null,
        restricted: user.must_change_password,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordSecurityEvent(trx, { ...audit, kind: "login", userId: user.id }, now);
    return session.id;
  });
  const actor = await findActor(db, user.id);
  if (!actor) throw new InvalidCredentialsError();
  return {
    token,
    session: { sessionId, actor, mustChangePassword: user.must_change_password, csrfToken, expiresAt },
  };
}

/** Counts one wrong password under the throttle's keys; returns the end of the block when this failure starts one. */
async function recordFailure(
  db: Kysely<Database>,
  userId: string | undefined,
  keys: readonly ThrottleKey[],
  audit: { username: string; ip: string | null; route: string },
  now: Date,
  settings: LoginThrottleSettings,
): Promise<Date | undefined> {
  return inTransaction(db, async (trx) => {
    await recordSecurityEvent(
      trx,
      {
        ...audit,
        kind: "login_failed",
        userId: userId ?? null,
        detail: { reason: userId ? "password" : "unknown" },
      },
      now,
    );
    const outcome = await recordLoginFailure(trx, keys, now, settings);
    if (!outcome.blockedUntil) return undefined;
    await recordSecurityEvent(
      trx,
      {
        ...audit,
        kind: "locked",
        userId: userId ?? null,
        detail: { until: outcome.blockedUntil, scopes: outcome.scopes },
      },
      now,
    );
    return outcome.blockedUntil;
  });
}
