import type { WorkingCalendar } from "../calendar/types.ts";
import { DEFAULT_DEADLINE_POLICY } from "./deadlinePolicy.ts";

/**
 * When the counter must have accepted, refused or asked to complete an online dossier (R-RECV-1): 8 working hours
 * counted from the next working instant after submission (R-CAL-9 a: Saturday 09:00 → Monday 17:00).
 */
export function receptionDueAt(
  calendar: WorkingCalendar,
  submittedAt: Date,
  workingHours: number = DEFAULT_DEADLINE_POLICY.receptionWorkingHours,
): Date {
  return calendar.addWorkingHours(calendar.normalizeStart(submittedAt), workingHours);
}
