import type { Duration, WorkingCalendar } from "../calendar/types.ts";
import { DEFAULT_DEADLINE_POLICY } from "./deadlinePolicy.ts";

/**
 * The appointment (NgayHenTra) of a dossier whose clock starts at `startAt`: acceptance for every channel
 * (R-CAL-7), or the moment a supplement is complete when the clock restarts (R-SUPP-1). The clock starts at the
 * next working instant (R-CAL-5, R-CAL-9 d) and runs the procedure's legal time.
 */
export function processingDueAt(
  calendar: WorkingCalendar,
  startAt: Date,
  legalTime: Duration,
  moveCalendarDayDeadlineToWorkingDay: boolean = DEFAULT_DEADLINE_POLICY.moveCalendarDayDeadlineToWorkingDay,
): Date {
  return calendar.add(calendar.normalizeStart(startAt), legalTime, { moveCalendarDayDeadlineToWorkingDay });
}
