/**
 * When a deadline counts as "due soon" (issue #19 "Deadlines"): within a quarter of the span it closes, and never
 * more than `capWorkingHours` (the province's general lead, 8 working hours) before it. A one-day procedure is then
 * due soon in its last two working hours, not from the moment it is accepted; a ten-day one in its last working day.
 * Spans are in working hours on the agency calendar (R-CAL-5).
 */
export function dueSoonLeadHours(spanWorkingHours: number, capWorkingHours: number): number {
  if (!Number.isFinite(spanWorkingHours) || spanWorkingHours <= 0) return Math.min(capWorkingHours, 1);
  return Math.min(capWorkingHours, spanWorkingHours / 4);
}

/** Not yet past, and no more working hours left than the lead of its span. */
export function isDueSoon(
  remainingWorkingHours: number,
  spanWorkingHours: number,
  capWorkingHours: number,
): boolean {
  return (
    remainingWorkingHours >= 0 && remainingWorkingHours <= dueSoonLeadHours(spanWorkingHours, capWorkingHours)
  );
}
