import type { Role } from "../../db/schema.ts";

/**
 * Who may grant which role (R-ACC-2, issue #20 "Self-granted monitor role"), as one table: the granter's kind of
 * administrator → the roles it may give. An agency administrator gives the roles that act inside an agency; roles
 * whose reach is the whole province (the service-center monitor reads every agency's dossiers and sets the
 * province's rating bands; the system administrator owns everything) are given by the system administrator only.
 * Applicant roles come from registration, never from a grant. Tested for every pair (test/services/admin).
 */
export type Granter = "system_admin" | "agency_admin";

/** Roles that reach beyond one agency. */
export const provinceScopeRoles: readonly Role[] = [
  "service_center_monitor",
  "support_staff",
  // Issue #18: postal workers file for citizens of the whole province (R-SUB-2).
  "postal_staff",
  "system_admin",
];

export const grantRules: Readonly<Record<Granter, readonly Role[]>> = {
  system_admin: [
    "counter_officer",
    "specialist",
    "unit_head",
    "agency_leader",
    "agency_admin",
    "service_center_monitor",
    "support_staff",
    "postal_staff",
    "system_admin",
  ],
  agency_admin: ["counter_officer", "specialist", "unit_head", "agency_leader", "agency_admin"],
};

/** The granter kind of an administrator's scope: the system administrator, or an agency administrator. */
export function granterOf(scope: { all: boolean }): Granter {
  return scope.all ? "system_admin" : "agency_admin";
}

export function mayGrant(granter: Granter, role: Role): boolean {
  return grantRules[granter].includes(role);
}
