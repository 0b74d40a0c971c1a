import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { maintenanceBannerShown } from "../../domain/operations/maintenanceNotice.ts";
import { type IncidentView, incidentView } from "./incidents.ts";
import { type MaintenanceView, maintenanceView } from "./maintenanceWindows.ts";

/** How far back the public status page looks for ended maintenance and fixed incidents. */
const RECENT_DAYS = 30;

export interface ServiceStatus {
  /** What the banner on every page shows: announced, not yet ended, not cancelled (R-OPS-3). */
  bannerMaintenance: MaintenanceView[];
  /** Unresolved incidents (R-OPS-2: citizens and agencies are told of outages). */
  openIncidents: IncidentView[];
  /** A window in force now: the portal explains and keeps lookup. */
  maintenanceActive: boolean;
  maintenance: MaintenanceView[];
  incidents: IncidentView[];
}

/** The public status page ("Trạng thái hệ thống") and the banner's data: no names of people, no internal ids beyond rows. */
export async function serviceStatus(db: Kysely<Database>, now: Date): Promise<ServiceStatus> {
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const [windows, incidents] = await Promise.all([
    db
      .selectFrom("maintenance_windows")
      .selectAll()
      .where("ends_at", ">=", since)
      .where("announced_at", "<=", now)
      .orderBy("starts_at", "desc")
      .limit(50)
      .execute(),
    db
      .selectFrom("incidents")
      .selectAll()
      .where((eb) => eb.or([eb("resolved_at", "is", null), eb("resolved_at", ">=", since)]))
      .orderBy("started_at", "desc")
      .limit(50)
      .execute(),
  ]);
  const maintenance = windows.map((row) => maintenanceView(row, now));
  const incidentViews = incidents.map((row) => incidentView(row, now));
  const bannerMaintenance = windows
    .filter((row) =>
      maintenanceBannerShown(
        {
          announcedAt: row.announced_at,
          startsAt: row.starts_at,
          endsAt: row.ends_at,
          cancelledAt: row.cancelled_at,
        },
        now,
      ),
    )
    .map((row) => maintenanceView(row, now))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return {
    bannerMaintenance,
    openIncidents: incidentViews.filter((incident) => incident.resolvedAt === null),
    maintenanceActive: bannerMaintenance.some((window) => window.phase === "active"),
    maintenance,
    incidents: incidentViews,
  };
}
