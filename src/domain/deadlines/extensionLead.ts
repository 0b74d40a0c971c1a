import type { WorkingCalendar } from "../calendar/types.ts";
import { DEFAULT_DEADLINE_POLICY } from "./deadlinePolicy.ts";

/**
 * May an agency still ask for a new appointment at `now`? Only if at least 1 working day (8 working hours, the
 * stricter reading) remains before the due instant (R-LATE-1).
 */
export function isExtensionEarlyEnough(
  calendar: WorkingCalendar,
  now: Date,
  dueAt: Date,
  minimumLeadWorkingHours: number = DEFAULT_DEADLINE_POLICY.extensionMinimumLeadWorkingHours,
): boolean {
  return calendar.workingHoursBetween(now, dueAt) >= minimumLeadWorkingHours;
}
