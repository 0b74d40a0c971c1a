import type { Actor } from "../accounts/actor.ts";
import { agencyIdsFor } from "../accounts/actor.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";

/**
 * What an administrator may administer (R-ACC-2): the system administrator everything; an agency administrator the
 * agencies where the role was granted. Out-of-scope records are answered as unknown (404), so an agency
 * administrator cannot probe another agency's accounts or offerings.
 */
export type AdminScope = { all: true } | { all: false; agencyIds: readonly string[] };

export function adminScopeOf(actor: Actor): AdminScope {
  if (actor.grants.some((grant) => grant.role === "system_admin")) return { all: true };
  return { all: false, agencyIds: agencyIdsFor(actor, ["agency_admin"]) };
}

export function inScope(scope: AdminScope, agencyId: string | null): boolean {
  return scope.all || (agencyId !== null && scope.agencyIds.includes(agencyId));
}

export const notFound = (what: { vi: string; en: string }) => new NotFoundError(what);

/** Throws 404 (as for an unknown record) when the agency is outside the administrator's scope. */
export function requireInScope(
  scope: AdminScope,
  agencyId: string | null,
  what: { vi: string; en: string },
): void {
  if (!inScope(scope, agencyId)) throw new NotFoundError(what);
}

/** Province-wide data (the holiday calendar, new agencies, system accounts) is the system administrator's. */
export function requireSystemAdmin(scope: AdminScope): void {
  if (!scope.all)
    throw new ForbiddenError(
      {
        vi: "Chỉ quản trị hệ thống được thực hiện thao tác này",
        en: "Only the system administrator may do this",
      },
      "SYSTEM_ADMIN_ONLY",
    );
}
