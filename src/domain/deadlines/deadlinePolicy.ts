import type { Duration } from "../calendar/types.ts";

/**
 * The deadline parameters a province or a procedure may set. Every value is data (R-LAW-2: stored with an
 * effective-from date by the catalogue); the defaults are the regulation's, and options mark readings that the
 * sources leave open (REGULATIONS §24).
 */
export interface DeadlinePolicy {
  /** Online dossiers: accept, refuse or ask to complete within this many working hours (R-RECV-1). */
  receptionWorkingHours: number;
  /** How long after reception the competent agency may still ask for a supplement (R-SUPP-1: 3 wd, sector law may differ). */
  supplementWindow: Duration;
  /**
   * What a complete supplement does to the appointment: `restart` from zero (R-SUPP-1, national rule, default) or
   * `pauseAndExtend` the previous due date by the working time spent waiting (R-SUPP-3 variant seen in E1).
   */
  supplementClock: "restart" | "pauseAndExtend";
  /** Working days after the supplement notice before an incomplete dossier may be closed (R-SUPP-4 [M], default 15). */
  abandonmentWorkingDays: number;
  /**
   * The apology/extension must come at least this many working hours before the due instant (R-LATE-1: "at least
   * 1 working day"). Counting working hours, not civil dates, is the stricter reading: a request after closing time
   * the evening before the due day is too late.
   */
  extensionMinimumLeadWorkingHours: number;
  /** Paper received at or after this local time moves to the next working day (R-XFER-1, R-CAL-6). */
  transferCutoff: string;
  /** A deadline in calendar days that ends on a non-working day moves to the next working day (R-CAL-5 [M], §24.8). */
  moveCalendarDayDeadlineToWorkingDay: boolean;
}

export const DEFAULT_DEADLINE_POLICY: Readonly<DeadlinePolicy> = Object.freeze({
  receptionWorkingHours: 8,
  supplementWindow: Object.freeze({ amount: 3, unit: "wd" }) as Duration,
  supplementClock: "restart",
  abandonmentWorkingDays: 15,
  extensionMinimumLeadWorkingHours: 8,
  transferCutoff: "15:00",
  moveCalendarDayDeadlineToWorkingDay: true,
});

export function deadlinePolicyWith(overrides: Partial<DeadlinePolicy> = {}): DeadlinePolicy {
  return { ...DEFAULT_DEADLINE_POLICY, ...overrides };
}
