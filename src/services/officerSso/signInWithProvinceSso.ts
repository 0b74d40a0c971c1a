import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { VerifiedSignIn } from "../../integrations/vneid/oidcRelyingParty.ts";
import type { AccountPolicy } from "../accounts/accountPolicy.ts";
import { type NewSession, startSession } from "../identity/startSession.ts";
import { hasConfirmedMfa, openMfaChallenge } from "../mfa/secondFactor.ts";

export type OfficerSsoOutcome =
  | ({ kind: "session" } & NewSession)
  | { kind: "second_factor"; challengeToken: string }
  | { kind: "refused"; reason: "claims" | "unknown" | "ambiguous" | "inactive" };

export const officerSsoCallbackRoute = "/api/auth/officer-sso/callback";

/**
 * An officer the province's SSO vouched for (issue #14, R-ACC-2). The SSO only proves who it is: the account is
 * OneStop's own officer account whose username (or e-mail) equals the configured claim, with the roles and scopes
 * OneStop granted; no account is ever created from the SSO. With a second factor the sign-in waits for its code.
 */
export async function signInWithProvinceSso(
  db: Kysely<Database>,
  command: {
    verified: VerifiedSignIn;
    matchClaim: string;
    matchField: "username" | "email";
    returnTo: string;
    previousSessionId?: string | undefined;
    ip?: string | null;
    userAgent?: string | null;
  },
  now: Date,
  policy: AccountPolicy,
): Promise<OfficerSsoOutcome> {
  const claimed = command.verified.claims[command.matchClaim];
  if (typeof claimed !== "string" || claimed.trim() === "" || claimed.length > 254)
    return { kind: "refused", reason: "claims" };
  const value = claimed.trim().toLowerCase();
  const column = command.matchField === "email" ? sql<string>`lower(email)` : sql<string>`lower(username)`;
  const users = await db
    .selectFrom("users")
    .select(["id", "kind", "is_active"])
    .where("kind", "=", "officer")
    .where(column, "=", value)
    .limit(2)
    .execute();
  if (users.length === 0) return { kind: "refused", reason: "unknown" };
  if (users.length > 1) return { kind: "refused", reason: "ambiguous" };
  const user = users[0]!;
  if (!user.is_active) return { kind: "refused", reason: "inactive" };

  if (await hasConfirmedMfa(db, user.id)) {
    const challengeToken = await openMfaChallenge(
      db,
      {
        userId: user.id,
        method: "officer_sso",
        mustChangePassword: false,
        idToken: command.verified.idToken,
        returnTo: command.returnTo,
      },
      now,
    );
    return { kind: "second_factor", challengeToken };
  }
  const session = await inTransaction(db, (trx) =>
    startSession(
      trx,
      {
        user: { id: user.id, kind: user.kind },
        previousSessionId: command.previousSessionId,
        oidc: { provider: "officer", idToken: command.verified.idToken },
        method: "officer_sso",
        route: officerSsoCallbackRoute,
        ip: command.ip ?? null,
        userAgent: command.userAgent ?? null,
      },
      now,
      policy,
    ),
  );
  return { kind: "session", ...session };
}
