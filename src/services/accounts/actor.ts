import type { Kysely } from "kysely";
import type { Database, Role, UserKind } from "../../db/schema.ts";
import type { ActingFor } from "../organisation/actingFor.ts";

/** One role held within an agency (and optionally one of its units); applicants' roles have no agency. */
export interface Grant {
  role: Role;
  agencyId: string | null;
  agencyCode: string | null;
  unitId: string | null;
  unitCode: string | null;
}

/** Who is acting: passed explicitly to every use case (DESIGN §7). */
export interface Actor {
  userId: string;
  username: string;
  kind: UserKind;
  fullName: string;
  grants: Grant[];
  /** Issue #14 (R-ACC-1): set while a person acts for an organisation; the actor is then the organisation's account. */
  actingFor?: ActingFor | undefined;
}

/**
 * Where a resource lives, by id or by code: an agency, optionally one of its units. A route derives it from the
 * request (the dossier's receiving agency, the agency code in the path…).
 */
export type AccessScope =
  | { agencyId: string; unitId?: string | null | undefined }
  | { agencyCode: string; unitCode?: string | null | undefined };

export const applicantRoles: readonly Role[] = ["citizen", "organisation_representative"];
export const officerRoles: readonly Role[] = [
  "counter_officer",
  "specialist",
  "unit_head",
  "agency_leader",
  "agency_admin",
  "service_center_monitor",
  "system_admin",
];

/**
 * Does the grant reach the scope? R-ACC-2: roles are granted within an agency; a grant on the whole agency (no unit)
 * covers each of its units, a grant on one unit covers that unit and the agency's resources that name no unit.
 */
export function grantCovers(grant: Grant, scope: AccessScope): boolean {
  if ("agencyId" in scope) {
    if (grant.agencyId === null || grant.agencyId !== scope.agencyId) return false;
    return grant.unitId === null || !scope.unitId || grant.unitId === scope.unitId;
  }
  if (grant.agencyCode === null || grant.agencyCode !== scope.agencyCode) return false;
  return grant.unitCode === null || !scope.unitCode || grant.unitCode === scope.unitCode;
}

/** The actor's grants among `roles` that reach `scope` (all of them when no scope is asked). */
export function grantsFor(actor: Actor, roles: readonly Role[], scope?: AccessScope): Grant[] {
  return actor.grants.filter(
    (grant) => roles.includes(grant.role) && (scope === undefined || grantCovers(grant, scope)),
  );
}

/**
 * Whether the actor holds one of `roles`, within `scope` when one is given. The system administrator, issued by the
 * system owner (R-ACC-2), covers every role everywhere.
 */
export function hasRole(actor: Actor, roles: readonly Role[], scope?: AccessScope): boolean {
  if (actor.grants.some((grant) => grant.role === "system_admin")) return true;
  return grantsFor(actor, roles, scope).length > 0;
}

/** Citizens and organisations: they reach only their own dossiers (answered 404 otherwise, never 403). */
export function isApplicant(actor: Actor): boolean {
  return actor.kind === "citizen" || actor.kind === "organisation";
}

/** The agencies in which the actor holds one of `roles` (for inbox and list queries). */
export function agencyIdsFor(actor: Actor, roles: readonly Role[]): string[] {
  return [...new Set(grantsFor(actor, roles).flatMap((grant) => (grant.agencyId ? [grant.agencyId] : [])))];
}

/** Loads the actor of an active user, or nothing. */
export async function findActor(db: Kysely<Database>, userId: string): Promise<Actor | undefined> {
  const user = await db
    .selectFrom("users")
    .select(["id", "username", "kind", "full_name"])
    .where("id", "=", userId)
    .where("is_active", "=", true)
    .executeTakeFirst();
  if (!user) return undefined;
  const grants = await db
    .selectFrom("role_grants as g")
    .leftJoin("agencies as a", "a.id", "g.agency_id")
    .leftJoin("units as u", "u.id", "g.unit_id")
    .select([
      "g.role",
      "g.agency_id as agencyId",
      "a.code as agencyCode",
      "g.unit_id as unitId",
      "u.code as unitCode",
    ])
    .where("g.user_id", "=", userId)
    .orderBy("g.role")
    .orderBy("a.code")
    .execute();
  return { userId: user.id, username: user.username, kind: user.kind, fullName: user.full_name, grants };
}
