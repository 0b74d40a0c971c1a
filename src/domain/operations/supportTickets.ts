import type { WorkingCalendar } from "../calendar/types.ts";
import { type Outcome, refusal } from "../refusal.ts";

/**
 * Support tickets (R-OPS-4: hotline and in-app support). The rules give no answer time for support requests; the
 * safest reading reuses R-OPS-2's system-support times, on the working calendar: a first answer within 4 working
 * hours and a resolution within 8 working hours of the request. Both are settings (SUPPORT_RESPONSE_WORKING_HOURS,
 * SUPPORT_RESOLUTION_WORKING_HOURS).
 */
export const TICKET_STATUSES = ["new", "in_progress", "waiting_requester", "resolved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_CHANNELS = ["web", "hotline"] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

export const TICKET_TOPICS = ["account", "submission", "payment", "lookup", "technical", "other"] as const;
export type TicketTopic = (typeof TICKET_TOPICS)[number];

export interface SupportTargets {
  responseWorkingHours: number;
  resolutionWorkingHours: number;
}

export const DEFAULT_SUPPORT_TARGETS: Readonly<SupportTargets> = Object.freeze({
  responseWorkingHours: 4,
  resolutionWorkingHours: 8,
});

/** Both clocks start when the request arrives, or at the next working instant when it arrives outside hours (R-CAL-5). */
export function supportDueTimes(
  calendar: WorkingCalendar,
  createdAt: Date,
  targets: SupportTargets = DEFAULT_SUPPORT_TARGETS,
): { responseDueAt: Date; resolutionDueAt: Date } {
  const start = calendar.normalizeStart(createdAt);
  return {
    responseDueAt: calendar.addWorkingHours(start, targets.responseWorkingHours),
    resolutionDueAt: calendar.addWorkingHours(start, targets.resolutionWorkingHours),
  };
}

/** Which status may follow which: a closed ticket is final; a resolved one may be reopened or closed. */
const NEXT: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ["in_progress", "waiting_requester", "resolved", "closed"],
  in_progress: ["waiting_requester", "resolved", "closed"],
  waiting_requester: ["in_progress", "resolved", "closed"],
  resolved: ["in_progress", "closed"],
  closed: [],
};

export function allowedNextStatuses(from: TicketStatus): readonly TicketStatus[] {
  return NEXT[from];
}

export function checkTicketTransition(from: TicketStatus, to: TicketStatus): Outcome<object> {
  if (NEXT[from].includes(to)) return { ok: true };
  return {
    ok: false,
    refusal: refusal(
      "TICKET_TRANSITION_NOT_ALLOWED",
      from === "closed"
        ? { vi: "Yêu cầu hỗ trợ đã đóng, không thể thay đổi", en: "The support request is closed" }
        : {
            vi: "Không thể chuyển yêu cầu hỗ trợ sang trạng thái này",
            en: "The support request cannot move to this status",
          },
      "R-OPS-4",
    ),
  };
}

/** Any move away from "new" is the first answer: the response clock stops then. */
export function isFirstResponse(from: TicketStatus, to: TicketStatus): boolean {
  return from === "new" && to !== "new";
}

/** Resolved or closed: the resolution clock stops at the first of them. */
export function isResolution(to: TicketStatus): boolean {
  return to === "resolved" || to === "closed";
}
