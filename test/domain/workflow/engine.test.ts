import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createWorkingCalendar,
  DEFAULT_CALENDAR_CONFIG,
} from "../../../src/domain/calendar/workingCalendar.ts";
import {
  backActions,
  durationHours,
  legalTimeHours,
  longestPath,
} from "../../../src/domain/workflow/duration.ts";
import { evaluateJoin } from "../../../src/domain/workflow/join.ts";
import { holidaysBetween, simulateWorkflow } from "../../../src/domain/workflow/simulate.ts";
import { shareOf, standardWorkflow } from "../../../src/domain/workflow/standardWorkflow.ts";
import { timerKey, timerReached, timersOf } from "../../../src/domain/workflow/timers.ts";
import { at, testCalendar } from "../deadlines/testCalendar.ts";
import { action, linear, step } from "./workflowFixtures.ts";

const calendar = testCalendar();

describe("durations and the longest path (R-PROC-1, R-PROC-4)", () => {
  it("working days are 8 working hours; fractions of a day are quarter days", () => {
    expect(durationHours({ amount: 0.25, unit: "wd" })).toBe(2);
    expect(durationHours({ amount: 3, unit: "wh" })).toBe(3);
    expect(legalTimeHours({ amount: 5, unit: "wd" })).toBe(40);
    expect(legalTimeHours({ amount: 15, unit: "d" })).toBe(120);
    expect(legalTimeHours({ amount: 6, unit: "wh" })).toBe(6);
  });

  it("takes the longer branch, skips loops back and paused steps", () => {
    const definition = linear([1, 2, 1]);
    definition.steps.push(step("detour", { duration: { amount: 1, unit: "wd" } }));
    definition.actions.push(
      action("s0", "detour"),
      action("detour", "s2"),
      action("s2", "s0", { code: "back" }),
    );
    expect(longestPath(definition)).toEqual({ steps: ["s0", "detour", "s2"], hours: 10 });
    expect([...backActions(definition)]).toEqual([4]);
    definition.steps[3]!.clock = "paused";
    expect(longestPath(definition)).toEqual({ steps: ["s0", "s1", "s2"], hours: 4 });
  });

  it("ignores actions to unknown steps; an unknown start has no path", () => {
    const definition = linear([1, 1]);
    definition.actions.push(action("s0", "ghost"));
    expect(longestPath(definition).steps).toEqual(["s0", "s1"]);
    expect(backActions({ ...definition, start: "ghost" }).size).toBe(0);
    expect(longestPath({ ...definition, start: "ghost" })).toEqual({ steps: [], hours: 0 });
  });

  it("a step reached twice is computed once (diamond)", () => {
    const definition = linear([1, 1]);
    definition.steps.splice(1, 0, step("a"), step("b"));
    definition.actions = [action("s0", "a"), action("s0", "b"), action("a", "s1"), action("b", "s1")];
    expect(longestPath(definition)).toEqual({ steps: ["s0", "a", "s1"], hours: 10 });
  });

  it("property: a linear workflow's longest path is all its steps and the sum of their hours", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 1, max: 80 }).map((q) => q / 4),
          { minLength: 1, maxLength: 15 },
        ),
        (hours) => {
          const path = longestPath(linear(hours));
          expect(path.steps).toHaveLength(hours.length);
          expect(path.hours).toBeCloseTo(hours.reduce((sum, h) => sum + h, 0));
        },
      ),
    );
  });
});

describe("standard workflow", () => {
  it("shares of the legal time are quarter days when they come out so, working hours otherwise, never zero", () => {
    expect(shareOf(40, 0.6)).toEqual({ amount: 3, unit: "wd" });
    expect(shareOf(8, 0.1)).toEqual({ amount: 0.75, unit: "wh" });
    expect(shareOf(0.5, 0.1)).toEqual({ amount: 0.25, unit: "wh" });
  });

  it("property: the standard workflow never exceeds its legal time", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom("wd" as const, "d" as const, "wh" as const),
        (amount, unit) => {
          const legal = { amount, unit } as const;
          expect(longestPath(standardWorkflow(legal)).hours).toBeLessThanOrEqual(legalTimeHours(legal));
        },
      ),
    );
  });
});

describe("simulation on the real calendar", () => {
  it("each step's due instant follows the previous one across lunch, nights and weekends", () => {
    const result = simulateWorkflow(linear([4, 8, 4]), calendar, at("2025-07-17 09:00"), {
      amount: 2,
      unit: "wd",
    });
    expect(result.steps.map((s) => [s.step, s.startAt, s.dueAt])).toEqual([
      ["s0", at("2025-07-17 09:00").toISOString(), at("2025-07-17 15:00").toISOString()],
      ["s1", at("2025-07-17 15:00").toISOString(), at("2025-07-18 15:00").toISOString()],
      ["s2", at("2025-07-18 15:00").toISOString(), at("2025-07-21 09:00").toISOString()],
    ]);
    expect(result.totalHours).toBe(16);
    expect(result.legalHours).toBe(16);
    expect(result.dueAt).toBe(at("2025-07-21 09:00").toISOString());
    expect(result.legalDueAt).toBe(at("2025-07-21 09:00").toISOString());
    expect(result.warnings).toEqual([]);
  });

  it("warns of a step due over a holiday and of a total beyond the legal time; a start off hours moves on", () => {
    const result = simulateWorkflow(linear([8, 8]), calendar, at("2025-08-29 18:00"), {
      amount: 1,
      unit: "wd",
    });
    expect(result.steps[0]!.startAt).toBe(at("2025-09-03 07:00").toISOString());
    expect(result.steps[0]!.holidays).toEqual([]);
    const overHoliday = simulateWorkflow(linear([12, 4]), calendar, at("2025-08-29 09:00"), null);
    expect(overHoliday.steps[0]!.holidays).toEqual(["nghỉ lễ"]);
    expect(overHoliday.legalHours).toBeNull();
    expect(overHoliday.legalDueAt).toBeNull();
    expect(overHoliday.warnings).toEqual([
      expect.objectContaining({ code: "STEP_OVER_HOLIDAY", step: "s0", holidays: ["nghỉ lễ"] }),
    ]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: "EXCEEDS_LEGAL_TIME", totalHours: 16, legalHours: 8 }),
    ]);
  });

  it("Tết on the computed calendar: a step across it names the holidays once each, across years", () => {
    const real = createWorkingCalendar(DEFAULT_CALENDAR_CONFIG);
    const names = holidaysBetween(real, at("2026-12-30 09:00"), at("2027-02-15 09:00"));
    expect(names[0]).toBe("Tết Dương lịch");
    expect(names.some((name) => name.startsWith("Tết Nguyên đán"))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    const result = simulateWorkflow(linear([40]), real, at("2027-02-03 09:00"), { amount: 5, unit: "wd" });
    expect(result.warnings[0]).toMatchObject({ code: "STEP_OVER_HOLIDAY", step: "s0" });
    expect(result.warnings[0]!.message.vi).toContain("Tết Nguyên đán");
  });

  it("a paused step is shown with its time but not counted against the legal time", () => {
    const definition = linear([4, 4]);
    definition.steps[0]!.clock = "paused";
    const result = simulateWorkflow(definition, calendar, at("2025-07-14 07:00"), { amount: 4, unit: "wh" });
    expect(result.totalHours).toBe(4);
    expect(result.steps[0]).toMatchObject({ clock: "paused", hours: 4 });
    expect(result.warnings).toEqual([]);
  });
});

describe("consultation joins (R-PROC-3)", () => {
  const open = (id: string) => ({ id, status: "open" as const });
  const done = (id: string) => ({ id, status: "done" as const });
  const cancelled = (id: string) => ({ id, status: "cancelled" as const });

  it("all: waits for every live child; any: goes on at the first answer and cancels the rest", () => {
    expect(evaluateJoin("all", [done("a"), open("b")])).toEqual({ joined: false, cancel: [] });
    expect(evaluateJoin("all", [done("a"), done("b"), cancelled("c")])).toEqual({ joined: true, cancel: [] });
    expect(evaluateJoin("any", [open("a"), open("b")])).toEqual({ joined: false, cancel: [] });
    expect(evaluateJoin("any", [done("a"), open("b"), cancelled("c")])).toEqual({
      joined: true,
      cancel: ["b"],
    });
    expect(evaluateJoin("all", [])).toEqual({ joined: true, cancel: [] });
    expect(evaluateJoin("any", [cancelled("x")])).toEqual({ joined: true, cancel: [] });
  });

  it("property: all implies any; any with one answer always joins", () => {
    const child = fc.record({
      id: fc.uuid(),
      status: fc.constantFrom("open" as const, "done" as const, "cancelled" as const),
    });
    fc.assert(
      fc.property(fc.array(child, { maxLength: 8 }), (children) => {
        if (evaluateJoin("all", children).joined) expect(evaluateJoin("any", children).joined).toBe(true);
        if (children.some((c) => c.status === "done"))
          expect(evaluateJoin("any", children).joined).toBe(true);
      }),
    );
  });
});

describe("timers", () => {
  const due = at("2025-07-15 09:00");

  it("before the due: once no more than N working hours remain, or the due passed", () => {
    expect(timerReached(calendar, at("2025-07-14 09:00"), due, -4)).toBe(false);
    expect(timerReached(calendar, at("2025-07-14 14:59"), due, -4)).toBe(false);
    expect(timerReached(calendar, at("2025-07-14 15:00"), due, -4)).toBe(true);
    expect(timerReached(calendar, at("2025-07-16 09:00"), due, -4)).toBe(true);
  });

  it("after the due: once N working hours have passed since it", () => {
    expect(timerReached(calendar, at("2025-07-15 09:59"), due, 1)).toBe(false);
    expect(timerReached(calendar, at("2025-07-15 10:00"), due, 1)).toBe(true);
    expect(timerReached(calendar, due, due, 0)).toBe(true);
  });

  it("keys and the timers of a step", () => {
    const definition = standardWorkflow({ amount: 5, unit: "wd" });
    expect(timersOf(definition, "appraisal").map(timerKey)).toEqual(["warn:-2", "escalate:1"]);
    expect(timersOf(definition, "nowhere")).toEqual([]);
  });
});
