import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { VerifiedSignIn } from "../../integrations/vneid/oidcRelyingParty.ts";
import type { AccountPolicy } from "../accounts/accountPolicy.ts";
import { AccountDisabledError } from "../accounts/login.ts";
import { newToken } from "../accounts/sessionTokens.ts";
import { type ClaimNames, personFromClaims, type VerifiedPerson } from "./identityClaims.ts";
import { type NewSession, startSession } from "./startSession.ts";

/** An existing local account waits this long for its password after a VNeID sign-in. */
const linkLifetimeMs = 10 * 60_000;

export const hashLinkToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type VneidSignInOutcome =
  | (NewSession & { kind: "signed_in"; created: boolean; missing: "phone"[] })
  | { kind: "link_required"; linkToken: string }
  | { kind: "refused"; reason: "claims" | "identity_conflict" };

export interface VneidSignInCommand {
  verified: VerifiedSignIn;
  claimNames: ClaimNames;
  returnTo: string;
  previousSessionId?: string | undefined;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * A person the national e-ID has just vouched for signs in (issue #14, R-ACC-1):
 * - known by the provider's subject: their account, with the assurance level of this sign-in;
 * - unknown, and no local citizen account holds the ID number: a new account at once (no password; a missing phone
 *   is asked afterwards, never before) and a session;
 * - unknown, but a local account holds the ID number: nothing yet — that account is linked only after its own
 *   password is given (completeVneidLink), so VNeID cannot be used to walk into an account somebody else registered
 *   and the ID number alone never opens one.
 * A deactivated account stays closed (AccountDisabledError).
 */
export async function signInWithVneid(
  db: Kysely<Database>,
  command: VneidSignInCommand,
  now: Date,
  policy: AccountPolicy,
): Promise<VneidSignInOutcome> {
  const person = personFromClaims(command.verified.claims, command.claimNames);
  if ("problem" in person) return { kind: "refused", reason: "claims" };
  const { issuer, subject, idToken } = command.verified;
  const sessionCommand = {
    previousSessionId: command.previousSessionId,
    oidc: { provider: "citizen" as const, idToken },
    ip: command.ip ?? null,
    userAgent: command.userAgent ?? null,
  };

  return inTransaction(db, async (trx) => {
    const linked = await trx
      .selectFrom("vneid_identities as v")
      .innerJoin("users as u", "u.id", "v.user_id")
      .select(["u.id", "u.kind", "u.is_active", "u.phone", "u.email"])
      .where("v.issuer", "=", issuer)
      .where("v.subject", "=", subject)
      .executeTakeFirst();
    if (linked) {
      if (!linked.is_active) throw new AccountDisabledError();
      await recordVerification(trx, linked.id, person, now);
      const opened = await startSession(
        trx,
        { ...sessionCommand, user: linked, method: "vneid" },
        now,
        policy,
      );
      return { kind: "signed_in", created: false, missing: missingDetails(linked), ...opened };
    }

    const local = await trx
      .selectFrom("users")
      .select(["id", "is_active"])
      .where("kind", "=", "citizen")
      .where("identification_number", "=", person.citizenId)
      .executeTakeFirst();
    if (local) {
      // The account is already tied to another e-ID subject: the same number cannot be two people.
      const other = await trx
        .selectFrom("vneid_identities")
        .select("user_id")
        .where("user_id", "=", local.id)
        .executeTakeFirst();
      if (other) return { kind: "refused", reason: "identity_conflict" };
      const linkToken = newToken();
      await trx.deleteFrom("oidc_link_requests").where("expires_at", "<", now).execute();
      await trx
        .insertInto("oidc_link_requests")
        .values({
          token_hash: hashLinkToken(linkToken),
          user_id: local.id,
          issuer,
          subject,
          assurance_level: person.level,
          full_name: person.fullName,
          id_token: idToken,
          return_to: command.returnTo,
          created_at: now,
          expires_at: new Date(now.getTime() + linkLifetimeMs),
        })
        .execute();
      return { kind: "link_required", linkToken };
    }

    const user = await trx
      .insertInto("users")
      .values({
        username: person.citizenId,
        kind: "citizen",
        full_name: person.fullName,
        email: null,
        phone: person.phone ?? null,
        identification_number: person.citizenId,
        organisation_tax_code: null,
        organisation_name: null,
        identity_level: person.level,
        password_hash: null,
        must_change_password: false,
        is_active: true,
        created_at: now,
        updated_at: now,
      })
      .returning(["id", "kind", "phone", "email"])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("role_grants")
      .values({ user_id: user.id, role: "citizen", agency_id: null, unit_id: null, granted_at: now })
      .execute();
    await trx
      .insertInto("vneid_identities")
      .values({
        user_id: user.id,
        issuer,
        subject,
        assurance_level: person.level,
        verified_at: now,
        last_login_at: now,
      })
      .execute();
    const opened = await startSession(trx, { ...sessionCommand, user, method: "vneid" }, now, policy);
    return { kind: "signed_in", created: true, missing: missingDetails(user), ...opened };
  });
}

/** The level of the latest sign-in is the account's level (it may go up or down with the person's e-ID). */
async function recordVerification(
  trx: Kysely<Database>,
  userId: string,
  person: VerifiedPerson,
  now: Date,
): Promise<void> {
  await trx
    .updateTable("vneid_identities")
    .set({ assurance_level: person.level, last_login_at: now })
    .where("user_id", "=", userId)
    .execute();
  await trx
    .updateTable("users")
    .set({ identity_level: person.level, updated_at: now })
    .where("id", "=", userId)
    .execute();
}

/** Details notifications need that the e-ID did not give: asked after sign-in (issue #14). */
export function missingDetails(user: { phone: string | null; email: string | null }): "phone"[] {
  return user.phone ? [] : ["phone"];
}
