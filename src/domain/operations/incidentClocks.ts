import type { WorkingCalendar } from "../calendar/types.ts";

/**
 * R-OPS-2: an incident gets a reply with an estimated fix time within 4 hours, and is fixed within 8 working hours.
 * The reply clock runs in clock hours (the system serves 24/7, R-OPS-1); the fix clock runs on the working calendar.
 */
export const INCIDENT_RESPONSE_HOURS = 4;
export const INCIDENT_FIX_WORKING_HOURS = 8;

export interface IncidentDueTimes {
  responseDueAt: Date;
  fixDueAt: Date;
}

export function incidentDueTimes(calendar: WorkingCalendar, startedAt: Date): IncidentDueTimes {
  return {
    responseDueAt: new Date(startedAt.getTime() + INCIDENT_RESPONSE_HOURS * 3_600_000),
    fixDueAt: calendar.addWorkingHours(calendar.normalizeStart(startedAt), INCIDENT_FIX_WORKING_HOURS),
  };
}

export interface ClockState {
  dueAt: Date;
  /** When the clock stopped (the reply, the fix), or null while it runs. */
  doneAt: Date | null;
}

export type ClockMark = "onTime" | "late" | "running" | "overdue";

/**
 * One clock's mark at `now`: stopped on or before its due time → on time; stopped after → late; still running and not
 * yet due → running; still running past due → overdue. Shared by incidents and support tickets.
 */
export function clockMark(clock: ClockState, now: Date): ClockMark {
  if (clock.doneAt !== null) return clock.doneAt.getTime() <= clock.dueAt.getTime() ? "onTime" : "late";
  return now.getTime() <= clock.dueAt.getTime() ? "running" : "overdue";
}

/** Late or overdue: the clock is, or will end, past its target. */
export function isPastTarget(mark: ClockMark): boolean {
  return mark === "late" || mark === "overdue";
}
