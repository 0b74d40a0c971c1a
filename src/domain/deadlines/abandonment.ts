import type { WorkingCalendar } from "../calendar/types.ts";
import { DEFAULT_DEADLINE_POLICY } from "./deadlinePolicy.ts";

/**
 * When a dossier whose supplement never came may be closed: a configurable number of working days after the
 * notice, default 15 (R-SUPP-4 [M]: the source is a 2025 liên-thông decree for online dossiers; applied to every
 * channel here, per procedure configurable).
 */
export function abandonmentAt(
  calendar: WorkingCalendar,
  supplementRequestedAt: Date,
  workingDays: number = DEFAULT_DEADLINE_POLICY.abandonmentWorkingDays,
): Date {
  return calendar.add(calendar.normalizeStart(supplementRequestedAt), { amount: workingDays, unit: "wd" });
}
