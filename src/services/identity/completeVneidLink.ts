import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { AccountPolicy } from "../accounts/accountPolicy.ts";
import { AccountDisabledError, AccountLockedError } from "../accounts/login.ts";
import { verifyPassword } from "../accounts/passwords.ts";
import { recordSecurityEvent } from "../accounts/securityEvents.ts";
import { UnauthenticatedError } from "../errors.ts";
import { hashLinkToken, missingDetails } from "./signInWithVneid.ts";
import { type NewSession, startSession } from "./startSession.ts";

/** Wrong passwords allowed for one pending link before it is thrown away (a new VNeID sign-in starts another). */
const maxLinkAttempts = 5;

export class LinkExpiredError extends UnauthenticatedError {
  constructor() {
    super(
      {
        vi: "Phiên liên kết tài khoản đã hết hạn. Vui lòng đăng nhập lại bằng VNeID",
        en: "The account link has expired. Please sign in with VNeID again",
      },
      "VNEID_LINK_EXPIRED",
    );
  }
}

export class LinkPasswordError extends UnauthenticatedError {
  constructor() {
    super(
      {
        vi: "Mật khẩu của tài khoản hiện có không đúng",
        en: "Wrong password for the existing account",
      },
      "VNEID_LINK_WRONG_PASSWORD",
    );
  }
}

/** What the link page shows: whose account waits for its password. */
export async function describeVneidLink(
  db: Kysely<Database>,
  linkToken: string,
  now: Date,
): Promise<{ fullName: string; username: string; vneidName: string }> {
  const row = await db
    .selectFrom("oidc_link_requests as l")
    .innerJoin("users as u", "u.id", "l.user_id")
    .select(["u.full_name", "u.username", "l.full_name as vneid_name", "l.expires_at"])
    .where("l.token_hash", "=", hashLinkToken(linkToken))
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now.getTime()) throw new LinkExpiredError();
  return { fullName: row.full_name, username: row.username, vneidName: row.vneid_name };
}

/**
 * Links a local account to the VNeID identity that just signed in, on proof of the account's own password (issue
 * #14: the ID number alone never opens an existing account). The link request comes only from a verified VNeID
 * sign-in (an httpOnly cookie), expires after 10 minutes and dies after 5 wrong passwords; a locked or deactivated
 * account stays closed. Success opens a re-keyed session verified at the e-ID's level.
 */
export async function completeVneidLink(
  db: Kysely<Database>,
  command: {
    linkToken: string;
    password: string;
    previousSessionId?: string | undefined;
    ip?: string | null;
    userAgent?: string | null;
  },
  now: Date,
  policy: AccountPolicy,
): Promise<NewSession & { returnTo: string; missing: "phone"[] }> {
  const tokenHash = hashLinkToken(command.linkToken);
  const request = await db
    .selectFrom("oidc_link_requests as l")
    .innerJoin("users as u", "u.id", "l.user_id")
    .select([
      "l.user_id",
      "l.issuer",
      "l.subject",
      "l.assurance_level",
      "l.id_token",
      "l.return_to",
      "l.expires_at",
      "u.password_hash",
      "u.is_active",
      "u.locked_until",
      "u.kind",
      "u.phone",
      "u.email",
    ])
    .where("l.token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (!request || request.expires_at.getTime() <= now.getTime()) throw new LinkExpiredError();
  if (request.locked_until && request.locked_until.getTime() > now.getTime())
    throw new AccountLockedError(request.locked_until);

  // argon2 outside the transaction: slow on purpose, and PGlite has one session.
  let passwordOk = false;
  if (request.password_hash) {
    try {
      passwordOk = await verifyPassword(request.password_hash, command.password);
    } catch {
      passwordOk = false;
    }
  }
  if (!passwordOk) {
    await inTransaction(db, async (trx) => {
      const counted = await trx
        .updateTable("oidc_link_requests")
        .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
        .where("token_hash", "=", tokenHash)
        .returning("attempts")
        .executeTakeFirst();
      if (counted && counted.attempts >= maxLinkAttempts)
        await trx.deleteFrom("oidc_link_requests").where("token_hash", "=", tokenHash).execute();
      await recordSecurityEvent(
        trx,
        {
          kind: "login_failed",
          userId: request.user_id,
          ip: command.ip ?? null,
          route: "/api/auth/oidc/link",
          detail: { reason: "vneid_link_password" },
        },
        now,
      );
    });
    throw new LinkPasswordError();
  }
  if (!request.is_active) throw new AccountDisabledError();

  return inTransaction(db, async (trx) => {
    const taken = await trx
      .deleteFrom("oidc_link_requests")
      .where("token_hash", "=", tokenHash)
      .returning("user_id")
      .executeTakeFirst();
    // Two tabs racing with the same link: only one wins.
    if (!taken) throw new LinkExpiredError();
    await trx
      .insertInto("vneid_identities")
      .values({
        user_id: request.user_id,
        issuer: request.issuer,
        subject: request.subject,
        assurance_level: request.assurance_level,
        verified_at: now,
        last_login_at: now,
      })
      .execute();
    await trx
      .updateTable("users")
      .set({ identity_level: request.assurance_level, updated_at: now })
      .where("id", "=", request.user_id)
      .execute();
    const opened = await startSession(
      trx,
      {
        user: { id: request.user_id, kind: request.kind },
        previousSessionId: command.previousSessionId,
        oidc: { provider: "citizen", idToken: request.id_token },
        method: "vneid_link",
        ip: command.ip ?? null,
        userAgent: command.userAgent ?? null,
      },
      now,
      policy,
    );
    return { ...opened, returnTo: request.return_to, missing: missingDetails(request) };
  });
}
