import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROLES } from "../../../src/domain/dossier/actor.ts";
import type { DossierCommandType } from "../../../src/domain/dossier/commands.ts";
import { decide } from "../../../src/domain/dossier/decide.ts";
import type { DossierState } from "../../../src/domain/dossier/dossierState.ts";
import type { DomainEvent } from "../../../src/domain/dossier/events.ts";
import { isPublicStatus, isTerminalStatus } from "../../../src/domain/dossier/status.ts";
import { TRANSITIONS } from "../../../src/domain/dossier/transitionTable.ts";
import { ACTORS, at, CONTEXT, VALID_COMMANDS } from "./dossierFixtures.ts";

const COMMAND_TYPES = Object.keys(VALID_COMMANDS) as DossierCommandType[];
const MINUTE = 60_000;

/** A step: a command, who gives it (usually someone the table allows), and how long after the previous step. */
const step = fc.record({
  command: fc.constantFrom(...COMMAND_TYPES),
  pickAllowedRole: fc.boolean(),
  roleIndex: fc.nat(),
  minutesLater: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 3 * 24 * 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: 20 * 24 * 60, max: 40 * 24 * 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: -120, max: -1 }) },
  ),
});

type RandomStep = typeof step extends fc.Arbitrary<infer T> ? T : never;

function roleFor(command: DossierCommandType, pickAllowed: boolean, index: number) {
  const allowed = [...new Set(TRANSITIONS.filter((t) => t.command === command).flatMap((t) => t.roles))];
  const pool = pickAllowed ? allowed : [...ROLES];
  return ACTORS[pool[index % pool.length]!];
}

function replay(steps: RandomStep[], start = at("2025-07-14 08:00")) {
  let state: DossierState | undefined;
  let now = start;
  const events: DomainEvent[] = [];
  const checks: Array<() => void> = [];
  for (const s of steps) {
    now = new Date(now.getTime() + s.minutesLater * MINUTE);
    const when = now;
    const before = state;
    const decision = decide(
      state,
      VALID_COMMANDS[s.command],
      roleFor(s.command, s.pickAllowedRole, s.roleIndex),
      now,
      CONTEXT,
    );
    if (!decision.ok) {
      const { refusal } = decision;
      checks.push(() => {
        expect(refusal.code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
        expect(refusal.message.vi.length).toBeGreaterThan(0);
        expect(refusal.message.en.length).toBeGreaterThan(0);
      });
      continue;
    }
    checks.push(() => {
      // R-STATUS-5: nothing leaves a terminal status.
      if (before) expect(isTerminalStatus(before.status)).toBe(false);
      expect(decision.events).toHaveLength(1);
      const [event] = decision.events;
      expect(event!.from).toBe(before?.status ?? null);
      expect(event!.to).toBe(decision.state.status);
      expect(event!.at).toEqual(when);
    });
    state = decision.state;
    events.push(...decision.events);
  }
  return { state, events, checks };
}

describe("dossier life under random command sequences (property)", () => {
  it("R-STATUS-1 / R-STATUS-5: status is always one of the ten and a terminal status is never left", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { checks, state } = replay(steps);
        for (const check of checks) check();
        if (state) expect(isPublicStatus(state.status)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("DESIGN §3 / R-STATUS-3: the events' from/to statuses form one chain and their times never go back", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { events } = replay(steps);
        events.forEach((event, index) => {
          const previous = events[index - 1];
          expect(event.from).toBe(previous ? previous.to : null);
          if (previous) expect(event.at.getTime()).toBeGreaterThanOrEqual(previous.at.getTime());
        });
      }),
      { numRuns: 400 },
    );
  });

  it("R-RECV-6 / R-SUPP-2 / R-LATE-1: never two supplement requests, never two extensions", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { events, state } = replay(steps);
        expect(events.filter((e) => e.type === "supplementRequested").length).toBeLessThanOrEqual(1);
        expect(events.filter((e) => e.type === "extensionGranted").length).toBeLessThanOrEqual(1);
        if (state) expect(state.supplementRequests.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });

  it("R-LATE-3 / R-STOP-1: the appointment in force is the extended one or the original; no withdrawal after a decision", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { events, state } = replay(steps);
        if (state?.receivedAt) expect(state.dueAt).toEqual(state.extendedDueAt ?? state.originalDueAt);
        const decided = events.findIndex(
          (e) =>
            e.type === "resultApproved" ||
            e.type === "decidedAtCounter" ||
            e.type === "refusedAfterAppraisal",
        );
        if (decided >= 0)
          expect(events.slice(decided).some((e) => e.type === "withdrawalRequested")).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("R-STATUS-5: random lives do reach every status (the generator is not vacuous)", () => {
    const seen = new Set<number>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 60 }), (steps) => {
        for (const event of replay(steps).events) seen.add(event.to);
      }),
      { numRuns: 600, seed: 766 },
    );
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
