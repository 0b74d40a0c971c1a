import type { Session } from "../api/types.ts";

/**
 * What the shell needs to show the admin console's menu link, kept apart from the console's dictionary and pages so
 * the portal's first chunk does not carry them.
 */
export const ADMIN_LINK_LABEL = { vi: "Quản trị", en: "Administration" } as const;

export function isAdministrator(session: Session | null | undefined): boolean {
  return !!session?.actor.grants.some(
    (grant) => grant.role === "system_admin" || grant.role === "agency_admin",
  );
}
