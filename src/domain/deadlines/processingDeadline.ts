import type { WorkingCalendar } from "../calendar/types.ts";
import { type LegalTime, legalAppointment } from "../catalog/timeLimit.ts";
import { DEFAULT_DEADLINE_POLICY } from "./deadlinePolicy.ts";

/**
 * The appointment (NgayHenTra) of a dossier whose clock starts at `startAt`: acceptance for every channel
 * (R-CAL-7), or the moment a supplement is complete when the clock restarts (R-SUPP-1). The clock starts at the
 * next working instant (R-CAL-5, R-CAL-9 d) and runs the procedure's legal time; a same-day or immediate procedure
 * is due at the end of its working day instead (R-CAL-6, R-RECV-4: `legalAppointment`).
 */
export function processingDueAt(
  calendar: WorkingCalendar,
  startAt: Date,
  legalTime: LegalTime,
  moveCalendarDayDeadlineToWorkingDay: boolean = DEFAULT_DEADLINE_POLICY.moveCalendarDayDeadlineToWorkingDay,
): Date {
  return legalAppointment(calendar, startAt, legalTime, { moveCalendarDayDeadlineToWorkingDay });
}
