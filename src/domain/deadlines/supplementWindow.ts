import type { Duration, WorkingCalendar } from "../calendar/types.ts";
import { DEFAULT_DEADLINE_POLICY } from "./deadlinePolicy.ts";

/**
 * The last instant the competent agency may ask for a supplement after appraisal: 3 working days after reception
 * unless sector law sets another time (R-SUPP-1).
 */
export function supplementWindowEndsAt(
  calendar: WorkingCalendar,
  receivedAt: Date,
  window: Duration = DEFAULT_DEADLINE_POLICY.supplementWindow,
): Date {
  return calendar.add(calendar.normalizeStart(receivedAt), window);
}
