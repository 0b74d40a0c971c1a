/** The shapes of the support and announcement API (src/http/routes/support). */
export type TicketStatus = "new" | "in_progress" | "waiting_requester" | "resolved" | "closed";
export type TicketTopic = "account" | "submission" | "payment" | "lookup" | "technical" | "other";
export type ClockMark = "onTime" | "late" | "running" | "overdue";

export const TOPICS: TicketTopic[] = ["account", "submission", "payment", "lookup", "technical", "other"];
export const STATUSES: TicketStatus[] = ["new", "in_progress", "waiting_requester", "resolved", "closed"];
/** What may follow each status (the server decides; this only trims the choice). */
export const NEXT: Record<TicketStatus, TicketStatus[]> = {
  new: ["in_progress", "waiting_requester", "resolved", "closed"],
  in_progress: ["waiting_requester", "resolved", "closed"],
  waiting_requester: ["in_progress", "resolved", "closed"],
  resolved: ["in_progress", "closed"],
  closed: [],
};

export interface SupportTicket {
  id: string;
  code: string;
  channel: "web" | "hotline";
  topic: TicketTopic;
  status: TicketStatus;
  description: string;
  pageUrl: string | null;
  dossierId: string | null;
  dossierCode: string | null;
  requesterName: string | null;
  requesterPhone: string | null;
  requesterEmail: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  createdAt: string;
  responseDueAt: string;
  resolutionDueAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  responseMark: ClockMark;
  resolutionMark: ClockMark;
  overdue: boolean;
}

export interface TicketDetail extends SupportTicket {
  history: Array<{
    id: string;
    at: string;
    kind: "created" | "status" | "assigned" | "note";
    actorName: string | null;
    fromStatus: string | null;
    toStatus: string | null;
    assigneeName: string | null;
    note: string | null;
  }>;
}

export interface MaintenanceWindow {
  id: string;
  title: string;
  message: string;
  announcedAt: string;
  startsAt: string;
  endsAt: string;
  restrictWrites: boolean;
  cancelledAt: string | null;
  phase: "upcoming" | "active" | "ended" | "cancelled";
}

export interface Incident {
  id: string;
  title: string;
  description: string;
  startedAt: string;
  responseDueAt: string;
  fixDueAt: string;
  respondedAt: string | null;
  response: string | null;
  estimatedFixAt: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  responseMark: ClockMark;
  fixMark: ClockMark;
}

export interface ServiceStatus {
  bannerMaintenance: MaintenanceWindow[];
  openIncidents: Incident[];
  maintenanceActive: boolean;
  maintenance: MaintenanceWindow[];
  incidents: Incident[];
}

export interface SupportReport {
  period: { code: string };
  total: number;
  byChannel: Record<string, number>;
  byStatus: Record<string, number>;
  byTopic: Record<string, number>;
  response: { met: number; missed: number; pending: number; rate: number | null };
  resolution: { met: number; missed: number; pending: number; rate: number | null };
}

export const serviceStatusKey = ["service-status"] as const;

/** Who runs the support desk and sees its link. */
export function isSupportDesk(roles: readonly string[] | undefined): boolean {
  return roles?.some((role) => role === "support_staff" || role === "system_admin") ?? false;
}

export const SUPPORT_NAV_LABEL = { vi: "Hỗ trợ", en: "Support" } as const;

/** The dossier of the page the help form is opened on (the portal's or the office's dossier page). */
export function dossierIdOfPath(path: string): string | null {
  const match =
    /\/(?:ho-so-cua-toi|van-phong\/ho-so)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(
      path,
    );
  return match?.[1] ?? null;
}
