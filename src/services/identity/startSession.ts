import type { Kysely } from "kysely";
import type { OidcProviderName } from "../../db/identityTables.ts";
import type { Database, UserKind } from "../../db/schema.ts";
import type { AccountPolicy } from "../accounts/accountPolicy.ts";
import { findActor } from "../accounts/actor.ts";
import { recordSecurityEvent } from "../accounts/securityEvents.ts";
import { type SessionView, slidingExpiry } from "../accounts/session.ts";
import { hashSessionToken, newToken } from "../accounts/sessionTokens.ts";
import { UnauthenticatedError } from "../errors.ts";

export interface NewSession {
  token: string;
  session: SessionView;
}

/**
 * Opens a session for `user` inside the caller's transaction, re-keyed: the session the browser came with (if any) is
 * ended, so a token planted before the sign-in is worthless after it (issue #14). The ID token is kept beside the
 * session for the provider's logout. Audited as a login with the method used.
 */
export async function startSession(
  trx: Kysely<Database>,
  command: {
    user: { id: string; kind: UserKind };
    previousSessionId?: string | undefined;
    oidc?: { provider: OidcProviderName; idToken: string };
    method: "vneid" | "vneid_link" | "officer_sso" | "password_totp" | "officer_sso_totp";
    /** R-ACC-2: the first-login password change is still owed (a password sign-in finished by its second factor). */
    restricted?: boolean;
    /** The route audited with the login; the VNeID callback unless said. */
    route?: string;
    ip?: string | null;
    userAgent?: string | null;
  },
  now: Date,
  policy: AccountPolicy,
): Promise<NewSession> {
  if (command.previousSessionId)
    await trx.deleteFrom("sessions").where("id", "=", command.previousSessionId).execute();
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = slidingExpiry(command.user.kind, now, now, policy);
  const row = await trx
    .insertInto("sessions")
    .values({
      token_hash: hashSessionToken(token),
      user_id: command.user.id,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: command.ip ?? null,
      user_agent: command.userAgent?.slice(0, 500) ?? null,
      restricted: command.restricted ?? false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (command.oidc)
    await trx
      .insertInto("oidc_sessions")
      .values({ session_id: row.id, provider: command.oidc.provider, id_token: command.oidc.idToken })
      .execute();
  await recordSecurityEvent(
    trx,
    {
      kind: "login",
      userId: command.user.id,
      ip: command.ip ?? null,
      route: command.route ?? "/api/auth/oidc/callback",
      detail: { method: command.method },
    },
    now,
  );
  const actor = await findActor(trx, command.user.id);
  if (!actor) throw new UnauthenticatedError();
  return {
    token,
    session: {
      sessionId: row.id,
      actor,
      mustChangePassword: command.restricted ?? false,
      csrfToken,
      expiresAt,
    },
  };
}
