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
 * A transfer is on time when it happens on or before the civil date of its due instant. The rule names a working
 * day ("the same working day", "the next working day"), not an hour, so the whole day counts.
 */
export function isPaperTransferOnTime(dueAt: Date, transferredAt: Date): boolean {
  return provinceLocalDate(transferredAt) <= provinceLocalDate(dueAt);
}
