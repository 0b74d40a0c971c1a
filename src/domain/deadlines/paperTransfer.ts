import type { WorkingCalendar } from "../calendar/types.ts";
import { provinceLocalDate } from "../codes/provinceDate.ts";
import { DEFAULT_DEADLINE_POLICY } from "./deadlinePolicy.ts";

/**
 * The working day paper must reach the competent agency (R-XFER-1, R-CAL-9 c): the day of reception, or the start
 * of the next working day when received at or after 15:00 or on a non-working day.
 */
export function paperTransferDueAt(
  calendar: WorkingCalendar,
  receivedAt: Date,
  cutoff: string = DEFAULT_DEADLINE_POLICY.transferCutoff,
): Date {
  return calendar.applyCutoff(receivedAt, cutoff);
}

/**
 * Is a paper transfer on time (R-XFER-1, R-XFER-2, issue #12 §5)? Paper due the day it was received (before the
 * cut-off) may move any time that working day: the rule names the day, not an hour. Paper received at or after the
 * cut-off, or on a non-working day, must reach the agency by the start of the next working day (R-CAL-9 c): it is on
 * time only up to that instant.
 */
export function isPaperTransferOnTime(dueAt: Date, transferredAt: Date, receivedAt: Date): boolean {
  if (provinceLocalDate(dueAt) === provinceLocalDate(receivedAt))
    return provinceLocalDate(transferredAt) <= provinceLocalDate(dueAt);
  return transferredAt.getTime() <= dueAt.getTime();
}
