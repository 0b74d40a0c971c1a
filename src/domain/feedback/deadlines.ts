import type { WorkingCalendar } from "../calendar/types.ts";

/**
 * Deadlines of feedback (PAKN) and questions on the working calendar. Time is passed in; the calendar is the
 * handling agency's (R-CAL-1…9).
 */

/** R-PAKN-2: feedback on procedure handling is answered within 10 working days of receipt. */
export const FEEDBACK_ANSWER_WORKING_DAYS = 10;
/** R-PAKN-3: the portal's tests — refuse within 2 wd, answer within 15 wd, publish within 2 wd of the answer. */
export const FEEDBACK_REFUSE_WORKING_DAYS = 2;
export const FEEDBACK_PORTAL_ANSWER_WORKING_DAYS = 15;
export const FEEDBACK_PUBLISH_WORKING_DAYS = 2;
/**
 * A misrouted feedback item goes on within the 2 working days R-PAKN-3 gives for refusing or forwarding; a misrouted
 * question goes back to the service center within 4 working hours (R-QA-1).
 */
export const FEEDBACK_REROUTE_WORKING_HOURS = 2 * 8;
export const QUESTION_RETURN_WORKING_HOURS = 4;

/** R-QA-1: 3 wd, 5 wd when several agencies must answer, 10 wd at most in special cases (with an interim reply). */
export type QuestionComplexity = "simple" | "interAgency" | "special";
export const QUESTION_ANSWER_WORKING_DAYS: Record<QuestionComplexity, number> = {
  simple: 3,
  interAgency: 5,
  special: 10,
};

/** The answer deadline of feedback received at `receivedAt` (R-PAKN-2), its clock starting at the next working instant. */
export function feedbackDueAt(calendar: WorkingCalendar, receivedAt: Date): Date {
  return calendar.add(calendar.normalizeStart(receivedAt), {
    amount: FEEDBACK_ANSWER_WORKING_DAYS,
    unit: "wd",
  });
}

/** The answer deadline of a question routed at `routedAt` (R-QA-1). */
export function questionDueAt(
  calendar: WorkingCalendar,
  routedAt: Date,
  complexity: QuestionComplexity = "simple",
): Date {
  return calendar.add(calendar.normalizeStart(routedAt), {
    amount: QUESTION_ANSWER_WORKING_DAYS[complexity],
    unit: "wd",
  });
}

/**
 * The clock of a re-routing: the working hours the item spent at the wrong agency, and whether it left within the
 * rules' time (R-PAKN-3 for feedback, R-QA-1 for questions).
 */
export interface RerouteClock {
  heldWorkingHours: number;
  allowedWorkingHours: number;
  onTime: boolean;
}

export function rerouteClock(
  calendar: WorkingCalendar,
  routedAt: Date,
  reroutedAt: Date,
  kind: "feedback" | "question",
): RerouteClock {
  const allowed = kind === "feedback" ? FEEDBACK_REROUTE_WORKING_HOURS : QUESTION_RETURN_WORKING_HOURS;
  const held = Math.max(0, Math.round(calendar.workingHoursBetween(routedAt, reroutedAt) * 100) / 100);
  return { heldWorkingHours: held, allowedWorkingHours: allowed, onTime: held <= allowed };
}

export type WatchLevel = "dueSoon" | "overdue" | "escalated";

/**
 * The warning level an open item has reached at `now`, like the dossier deadline watch: "due soon" `leadHours`
 * working hours before the deadline, "overdue" from it, "escalated" once it is `escalateAfterHours` working hours past
 * it (to the agency's leader and the service center).
 */
export function watchLevelAt(
  calendar: WorkingCalendar,
  now: Date,
  dueAt: Date,
  leadHours: number,
  escalateAfterHours: number,
): WatchLevel | null {
  if (now.getTime() >= dueAt.getTime())
    return calendar.workingHoursBetween(dueAt, now) >= escalateAfterHours ? "escalated" : "overdue";
  return calendar.workingHoursBetween(now, dueAt) <= leadHours ? "dueSoon" : null;
}
