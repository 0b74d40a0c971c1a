import type { WorkingCalendar } from "../calendar/types.ts";
import { provinceLocalDate } from "../codes/provinceDate.ts";
import type { SimulatedStep, SimulationResult, SimulationWarning, WorkflowDefinition } from "./definition.ts";
import { durationHours, legalTimeHours, longestPath } from "./duration.ts";

/** The named holidays (R-CAL-2) whose civil date lies from `from`'s date to `to`'s date, inclusive, once each. */
export function holidaysBetween(calendar: WorkingCalendar, from: Date, to: Date): string[] {
  const first = provinceLocalDate(from);
  const last = provinceLocalDate(to);
  const names: string[] = [];
  for (let year = Number(first.slice(0, 4)); year <= Number(last.slice(0, 4)); year++)
    for (const holiday of calendar.yearCalendar(year).holidays)
      if (holiday.date >= first && holiday.date <= last && !names.includes(holiday.name))
        names.push(holiday.name);
  return names;
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The simulator of the workflow editor (issue #6): from `start`, each step of the longest path gets its start and due
 * instant on the agency's real calendar (working intervals, weekends, holidays and make-up days, R-CAL-1…5), one
 * after the other; the total is compared with the legal time counted from the same start (R-PROC-4), and a step whose
 * time spans a holiday (Tết…) is flagged so the administrator sees it before publishing.
 */
export function simulateWorkflow(
  definition: WorkflowDefinition,
  calendar: WorkingCalendar,
  start: Date,
  legalTime: { amount: number; unit: "wh" | "wd" | "d" } | null,
): SimulationResult {
  const byCode = new Map(definition.steps.map((step) => [step.code, step]));
  const path = longestPath(definition);
  const steps: SimulatedStep[] = [];
  const warnings: SimulationWarning[] = [];
  let at = calendar.normalizeStart(start);
  for (const code of path.steps) {
    const step = byCode.get(code)!;
    const hours = durationHours(step.duration);
    const dueAt = calendar.addWorkingHours(at, hours);
    const holidays = holidaysBetween(calendar, at, dueAt);
    steps.push({
      step: code,
      startAt: at.toISOString(),
      dueAt: dueAt.toISOString(),
      hours: round(hours),
      clock: step.clock,
      holidays,
    });
    if (holidays.length > 0)
      warnings.push({
        code: "STEP_OVER_HOLIDAY",
        step: code,
        holidays,
        message: {
          vi: `Bước "${code}" kéo dài qua ngày nghỉ: ${holidays.join(", ")}`,
          en: `Step "${code}" runs over holidays: ${holidays.join(", ")}`,
        },
      });
    at = dueAt;
  }
  const legalHours = legalTime ? legalTimeHours(legalTime) : null;
  const legalDueAt = legalTime ? calendar.add(calendar.normalizeStart(start), legalTime) : null;
  if (legalHours !== null && path.hours > legalHours)
    warnings.push({
      code: "EXCEEDS_LEGAL_TIME",
      totalHours: round(path.hours),
      legalHours,
      message: {
        vi: `Tổng thời gian các bước (${round(path.hours)} giờ làm việc) vượt thời hạn giải quyết (${legalHours} giờ)`,
        en: `The steps take ${round(path.hours)} working hours, more than the legal ${legalHours}`,
      },
    });
  return {
    start: start.toISOString(),
    steps,
    totalHours: round(path.hours),
    legalHours,
    dueAt: at.toISOString(),
    legalDueAt: legalDueAt ? legalDueAt.toISOString() : null,
    warnings,
  };
}
