import { describe, expect, it } from "vitest";
import { projectOne } from "../../../src/services/statistics/projectTimeliness.ts";
import { timelinessInputOf } from "../../../src/services/statistics/timelinessInput.ts";
import {
  ACTORS,
  at,
  CONTEXT,
  PATHS,
  run,
  type Step,
  VALID_COMMANDS,
} from "../../domain/dossier/dossierFixtures.ts";

/**
 * R-LATE-3 clarified, R-KPI-4 (issue #12 §2): the projection every figure reads (timeliness, 766, dashboards, the
 * monthly report, the late list) judges a dossier against its appointment before any extension; after a supplement
 * restart, the restarted one. Accepted Monday 14/7/2025 08:30 with 3 working days: due Thursday 17/7 08:30.
 */
const legalTime = CONTEXT.legalTime;
const calendar = CONTEXT.calendar;
const extendTo = (local: string): Step => [
  { ...VALID_COMMANDS.requestExtension, newDueAt: at(local) },
  ACTORS.leader,
  at("2025-07-14 11:00"),
];

describe("timeliness is judged before the extension (R-LATE-3)", () => {
  it("processed after the original appointment but before the extended one: late", () => {
    const { state } = run([...PATHS[4], extendTo("2025-07-25 17:00")]);
    expect(state.dueAt).toEqual(at("2025-07-25 17:00"));
    expect(timelinessInputOf(state, legalTime, {}).appointmentAt).toEqual(at("2025-07-17 08:30"));
    const verdict = projectOne(
      [state, legalTime, { processedAt: at("2025-07-21 09:00") }],
      calendar,
      at("2025-08-01 09:00"),
    );
    expect(verdict.verdict).toBe("late");
  });

  it("processed before the original appointment: on time (or early), the extension changes nothing", () => {
    const { state } = run([...PATHS[4], extendTo("2025-07-25 17:00")]);
    const verdict = projectOne(
      [state, legalTime, { processedAt: at("2025-07-16 09:00") }],
      calendar,
      at("2025-08-01 09:00"),
    );
    expect(["early", "onTime"]).toContain(verdict.verdict);
  });

  it("after a supplement restart the restarted appointment counts, and a later extension still does not", () => {
    const { state } = run([
      ...PATHS[5],
      [VALID_COMMANDS.receiveSupplement, ACTORS.counterOfficer, at("2025-07-15 09:00")],
    ]);
    const restarted = state.originalDueAt!;
    expect(restarted > at("2025-07-17 08:30")).toBe(true);
    const extended = run(
      [extendTo("2025-07-31 17:00")].map(
        ([command, actor]) => [command, actor, at("2025-07-15 10:00")] as Step,
      ),
      CONTEXT,
      state,
    ).state;
    expect(timelinessInputOf(extended, legalTime, {}).appointmentAt).toEqual(restarted);
    // Between the first appointment and the restarted one: not late.
    const beforeRestarted = new Date(restarted.getTime() - 3_600_000);
    const onTime = projectOne(
      [extended, legalTime, { processedAt: beforeRestarted }],
      calendar,
      at("2025-08-05 09:00"),
    );
    expect(["early", "onTime"]).toContain(onTime.verdict);
    // After the restarted appointment, before the extended one: late.
    const late = projectOne(
      [extended, legalTime, { processedAt: at("2025-07-30 09:00") }],
      calendar,
      at("2025-08-05 09:00"),
    );
    expect(late.verdict).toBe("late");
  });
});
