import type { Session } from "../api/types.ts";

const PROCESSING_ROLES = new Set(["counter_officer", "specialist", "unit_head", "agency_leader"]);

/**
 * Where a person lands after signing in when they asked for no page (issue #19 "Landing"): officers who handle
 * dossiers on their inbox, the service center's monitors on the dashboard, administrators on the console, postal staff
 * on their own pages, everyone else on the portal. Never a page their roles cannot open.
 */
export function homeOf(session: Pick<Session, "actor" | "roles">): string {
  if (session.actor.kind !== "officer") return "/";
  const roles = new Set<string>(session.roles);
  if ([...roles].some((role) => PROCESSING_ROLES.has(role))) return "/van-phong";
  if (roles.has("service_center_monitor")) return "/giam-sat";
  if (roles.has("agency_admin") || roles.has("system_admin")) return "/quan-tri";
  if (roles.has("support_staff")) return "/van-phong";
  // Issue #18 (R-SUB-2): public postal staff on the dossiers they filed for citizens.
  if (roles.has("postal_staff")) return "/buu-dien";
  return "/";
}
