import type { StepDuration, WorkflowDefinition } from "./definition.ts";

/** One working day is 8 working hours (R-CAL-5). */
export const HOURS_PER_WORKING_DAY = 8;

/** A step's duration in working hours (0.25 day = 2 wh, R-PROC-1). */
export function durationHours(duration: StepDuration): number {
  return duration.unit === "wd" ? duration.amount * HOURS_PER_WORKING_DAY : duration.amount;
}

/**
 * A procedure's legal time as working hours, for comparing a workflow's path with it (R-PROC-4). Calendar days (`d`)
 * count weekends and holidays too, so their working hours on a real calendar are fewer than `amount` × 8; the static
 * check uses that upper bound, and the simulator compares on the real calendar.
 */
export function legalTimeHours(legal: { amount: number; unit: "wh" | "wd" | "d" }): number {
  return legal.unit === "wh" ? legal.amount : legal.amount * HOURS_PER_WORKING_DAY;
}

export interface LongestPath {
  /** Step codes from the start to a terminal step. */
  steps: string[];
  /** Working hours of the steps whose clock runs (paused steps do not count against the legal time). */
  hours: number;
}

/**
 * The actions that go back to a step already on the way from the start (send back, rework): found by a depth-first
 * walk from the start, they are the edges whose removal leaves the forward graph without loops.
 */
export function backActions(definition: WorkflowDefinition): Set<number> {
  const codes = new Set(definition.steps.map((step) => step.code));
  const back = new Set<number>();
  const state = new Map<string, "open" | "done">();
  const walk = (code: string): void => {
    state.set(code, "open");
    definition.actions.forEach((action, index) => {
      if (action.from !== code || !codes.has(action.to)) return;
      const seen = state.get(action.to);
      if (seen === "open") back.add(index);
      else if (seen === undefined) walk(action.to);
    });
    state.set(code, "done");
  };
  if (codes.has(definition.start)) walk(definition.start);
  return back;
}

/**
 * The longest path from the start to an end, counting the steps whose clock runs. Loops (send back, rework) are left
 * out, so the path is the longest way forward — what the published total time must cover (R-PROC-4). Actions to
 * unknown steps are ignored (validation reports them).
 */
export function longestPath(definition: WorkflowDefinition): LongestPath {
  const byCode = new Map(definition.steps.map((step) => [step.code, step]));
  if (!byCode.has(definition.start)) return { steps: [], hours: 0 };
  const back = backActions(definition);
  const memo = new Map<string, LongestPath>();
  const visit = (code: string): LongestPath => {
    const cached = memo.get(code);
    if (cached) return cached;
    const step = byCode.get(code)!;
    const own = step.clock === "running" ? durationHours(step.duration) : 0;
    let best: LongestPath | undefined;
    definition.actions.forEach((action, index) => {
      if (action.from !== code || back.has(index) || !byCode.has(action.to)) return;
      const next = visit(action.to);
      if (!best || next.hours > best.hours) best = next;
    });
    const result = { steps: [code, ...(best?.steps ?? [])], hours: own + (best?.hours ?? 0) };
    memo.set(code, result);
    return result;
  };
  return visit(definition.start);
}
