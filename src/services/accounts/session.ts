import type { CompiledQuery, Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Database, UserKind } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { AccountPolicy } from "./accountPolicy.ts";
import type { Actor, Grant } from "./actor.ts";
import { hashSessionToken } from "./sessionTokens.ts";

/** A live session as the HTTP layer needs it. */
export interface SessionView {
  sessionId: string;
  actor: Actor;
  /** R-ACC-2: the first login's password change is still owed; only that, the session view and logout work. */
  mustChangePassword: boolean;
  /** Issue #14: an administrator without a second factor; only enrolment, the session view and logout work. */
  mfaEnrolmentRequired?: boolean;
  csrfToken: string;
  expiresAt: Date;
  /** Issue #14: the organisation this session acts for (null: the person themselves); absent when not read. */
  actingOrganisationId?: string | null;
}

const minute = 60_000;
/** Activity refreshes the idle expiry at most once a minute, so reading pages does not write on every request. */
const touchEveryMs = minute;

export function idleMinutesFor(kind: UserKind, policy: AccountPolicy): number {
  return kind === "officer" ? policy.sessionIdleMinutes : policy.sessionApplicantIdleMinutes;
}

/** The sliding expiry after activity at `now`: `now` + idle, never past the absolute end. */
export function slidingExpiry(kind: UserKind, createdAt: Date, now: Date, policy: AccountPolicy): Date {
  const idle = now.getTime() + idleMinutesFor(kind, policy) * minute;
  const absolute = createdAt.getTime() + policy.sessionMaxHours * 60 * minute;
  return new Date(Math.min(idle, absolute));
}

/** Where the token's hash goes in the compiled session statement (a value no hash can take). */
const TOKEN_SLOT = "\u0000token";

/** The session check's statement, built for any token: compiled once (issue #21), then run with each token's hash. */
const sessionStatement = (db: Kysely<Database>) =>
  db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select([
      "s.id",
      "s.user_id",
      "s.csrf_token",
      "s.created_at",
      "s.last_seen_at",
      "s.expires_at",
      "s.restricted",
      "u.kind",
      "u.is_active",
      "u.username",
      "u.full_name",
      // Issue #21: the actor's grants in the same statement (one round trip per authenticated request, not three),
      // in the order findActor gives them.
      (eb) =>
        jsonArrayFrom(
          eb
            .selectFrom("role_grants as g")
            .leftJoin("agencies as a", "a.id", "g.agency_id")
            .leftJoin("units as u2", "u2.id", "g.unit_id")
            .select([
              "g.role",
              "g.agency_id as agencyId",
              "a.code as agencyCode",
              "g.unit_id as unitId",
              "u2.code as unitCode",
            ])
            .whereRef("g.user_id", "=", "s.user_id")
            .orderBy("g.role")
            .orderBy("a.code"),
        ).as("grants"),
      // Issue #14: the organisation the session acts for, if any (issue #21: read here, not by a statement of its
      // own on every applicant request).
      (eb) =>
        eb
          .selectFrom("organisation_sessions as os")
          .select("os.organisation_id")
          .whereRef("os.session_id", "=", "s.id")
          .as("acting_organisation_id"),
    ])
    .where("s.token_hash", "=", TOKEN_SLOT);

type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionStatement>["executeTakeFirstOrThrow"]>>;
let sessionQuery: CompiledQuery<SessionRow> | undefined;

/**
 * Resolves a session cookie's token at `now`: the session and its actor, or nothing when the token is unknown,
 * idle or past the absolute maximum (issue #4 §1), or the user was deactivated. An ended session is deleted.
 */
export async function resolveSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
  policy: AccountPolicy,
): Promise<SessionView | undefined> {
  // Issue #21: the statement is built and compiled once per process; each call binds its own token's hash.
  sessionQuery ??= sessionStatement(db).compile();
  const tokenHash = hashSessionToken(token);
  const query = sessionQuery;
  const row = (
    await db.executeQuery<SessionRow>({
      ...query,
      parameters: query.parameters.map((value) => (value === TOKEN_SLOT ? tokenHash : value)),
    })
  ).rows[0];
  if (!row) return undefined;
  const absoluteEnd = row.created_at.getTime() + policy.sessionMaxHours * 60 * minute;
  if (now.getTime() >= row.expires_at.getTime() || now.getTime() >= absoluteEnd || !row.is_active) {
    await db.deleteFrom("sessions").where("id", "=", row.id).execute();
    return undefined;
  }
  // The user is active (checked above): the actor findActor would load, from this one row.
  const actor: Actor = {
    userId: row.user_id,
    username: row.username,
    kind: row.kind,
    fullName: row.full_name,
    grants: row.grants as Grant[],
  };
  let expiresAt = row.expires_at;
  if (now.getTime() - row.last_seen_at.getTime() >= touchEveryMs) {
    expiresAt = slidingExpiry(row.kind, row.created_at, now, policy);
    await inTransaction(db, (trx) =>
      trx
        .updateTable("sessions")
        .set({ last_seen_at: now, expires_at: expiresAt })
        .where("id", "=", row.id)
        .execute(),
    );
  }
  return {
    sessionId: row.id,
    actor,
    mustChangePassword: row.restricted,
    csrfToken: row.csrf_token,
    expiresAt,
    actingOrganisationId: row.acting_organisation_id,
  };
}
