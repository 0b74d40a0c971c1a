import type { Duration, WorkingCalendar } from "../calendar/types.ts";
import type { DeadlinePolicy } from "./deadlinePolicy.ts";
import { processingDueAt } from "./processingDeadline.ts";

/** The appointment before and after a supplement, synced as `NgayHenTraTruoc` / `NgayHenTraMoi` (R-SUPP-3). */
export interface AppointmentChange {
  previousDueAt: Date;
  newDueAt: Date;
}

/**
 * The new appointment once the requested supplement is complete. Default `restart`: the full legal time again from
 * the completion (R-SUPP-1). Variant `pauseAndExtend`: the previous appointment moves by the working time spent
 * waiting between the request and the completion (R-SUPP-3, E1).
 */
export function appointmentAfterSupplement(
  calendar: WorkingCalendar,
  input: {
    policy: Pick<DeadlinePolicy, "supplementClock" | "moveCalendarDayDeadlineToWorkingDay">;
    legalTime: Duration;
    previousDueAt: Date;
    requestedAt: Date;
    completedAt: Date;
  },
): AppointmentChange {
  const { policy, previousDueAt } = input;
  if (policy.supplementClock === "restart") {
    const newDueAt = processingDueAt(
      calendar,
      input.completedAt,
      input.legalTime,
      policy.moveCalendarDayDeadlineToWorkingDay,
    );
    return { previousDueAt, newDueAt };
  }
  return { previousDueAt, newDueAt: shiftByWaitingTime(calendar, previousDueAt, input) };
}

/** Moves an instant later by the working time between a supplement's request and its completion (R-SUPP-3). */
export function shiftByWaitingTime(
  calendar: WorkingCalendar,
  instant: Date,
  waiting: { requestedAt: Date; completedAt: Date },
): Date {
  const waitingHours = Math.max(0, calendar.workingHoursBetween(waiting.requestedAt, waiting.completedAt));
  return waitingHours === 0 ? instant : calendar.addWorkingHours(instant, waitingHours);
}
