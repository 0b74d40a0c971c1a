import type { Session } from "../api/types.ts";

/**
 * The shell's link to the monitoring pages: only for the roles the server lets read them (the service-center monitor
 * for the province, a leader or unit head for their agency). Kept in this tiny module so the portal's first page
 * does not load the monitoring dictionary.
 */
export const MONITORING_ROLES = ["service_center_monitor", "agency_leader", "unit_head"] as const;

export function canMonitor(session: Session | null | undefined): boolean {
  return (
    session?.actor.grants.some((grant) => (MONITORING_ROLES as readonly string[]).includes(grant.role)) ??
    false
  );
}

export const MONITORING_NAV_LABEL = { vi: "Giám sát", en: "Monitoring" } as const;

/** The portal's link to the public statistics page (/thong-ke), for everyone. */
export const STATISTICS_NAV_LABEL = { vi: "Thống kê", en: "Statistics" } as const;
