import type { Session } from "../api/types.ts";

/** The postal staff's pages (issue #18, R-SUB-2), named for the shell's navigation without loading their chunk. */
export const POSTAL_HOME = "/buu-dien";
export const POSTAL_NAV_LABEL = { vi: "Bưu điện", en: "Post office" } as const;

export function isPostalStaff(session: Pick<Session, "roles"> | null | undefined): boolean {
  return session?.roles.includes("postal_staff") ?? false;
}

/** Postal staff and nothing else: the office (inboxes of an agency) has nothing for them. */
export function isPostalOnly(roles: readonly string[] | undefined): boolean {
  return roles !== undefined && roles.length > 0 && roles.every((role) => role === "postal_staff");
}
