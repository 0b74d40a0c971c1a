import type { WorkingCalendar } from "../calendar/types.ts";
import type { TimerDefinition, WorkflowDefinition } from "./definition.ts";

/** A timer's stable key within a version, recorded once it fired on a task. */
export function timerKey(timer: TimerDefinition): string {
  return `${timer.kind}:${timer.offsetHours}`;
}

/** The timers set on a step. */
export function timersOf(definition: WorkflowDefinition, step: string): TimerDefinition[] {
  return definition.timers.filter((timer) => timer.step === step);
}

/**
 * Has a timer's instant come for a task due at `dueAt` (on the task's agency calendar)? Before the due (negative
 * offset): once no more than that many working hours remain, or the due passed. At or after it: once that many
 * working hours have passed since the due (R-PROC-3 "if late, inform", issue #6 warn / escalate).
 */
export function timerReached(
  calendar: WorkingCalendar,
  now: Date,
  dueAt: Date,
  offsetHours: number,
): boolean {
  if (offsetHours < 0)
    return now.getTime() >= dueAt.getTime() || calendar.workingHoursBetween(now, dueAt) <= -offsetHours;
  return now.getTime() >= calendar.addWorkingHours(dueAt, offsetHours).getTime();
}
