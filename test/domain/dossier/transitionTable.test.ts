import { describe, expect, it } from "vitest";
import { ROLES } from "../../../src/domain/dossier/actor.ts";
import type { DossierCommandType } from "../../../src/domain/dossier/commands.ts";
import { decide } from "../../../src/domain/dossier/decide.ts";
import { PUBLIC_STATUSES, TERMINAL_STATUSES } from "../../../src/domain/dossier/status.ts";
import { findTransition, TRANSITIONS, transitionTable } from "../../../src/domain/dossier/transitionTable.ts";
import { ACTORS, CONTEXT, dossierAt, nowFor, VALID_COMMANDS } from "./dossierFixtures.ts";

const COMMAND_TYPES = Object.keys(VALID_COMMANDS) as DossierCommandType[];

describe("transition table (R-STATUS-5)", () => {
  it("R-STATUS-5: the public status edges are exactly the regulation's", () => {
    const edges = new Set(
      TRANSITIONS.filter((t) => t.from !== t.to).map((t) => `${t.from ?? "new"}→${t.to}`),
    );
    expect([...edges].sort()).toEqual(
      [
        "new→1",
        "new→2",
        "1→2",
        "1→3",
        "1→5",
        "1→7",
        "2→4",
        "2→9",
        "2→7",
        "4→5",
        "4→6",
        "4→7",
        "4→8",
        "4→9",
        "5→4",
        "5→1",
        "5→7",
        "5→8",
        "6→4",
        "6→7",
        "7→8",
        "9→10",
      ].sort(),
    );
  });

  it("R-STATUS-5: no edge leaves a terminal status (3, 8, 10)", () => {
    expect(TRANSITIONS.filter((t) => t.from !== null && TERMINAL_STATUSES.has(t.from))).toEqual([]);
  });

  it("R-STATUS-5: each (command, from) has at most one row, and every row names its rule", () => {
    const keys = TRANSITIONS.map((t) => `${t.command}@${t.from}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of TRANSITIONS) expect(t.rule).toMatch(/^R-[A-Z]+-\d+$/);
  });

  it("R-STATUS-5 [M] / §24.6: refusal after appraisal goes to 8 by default, to 9 as an option", () => {
    expect(
      findTransition(transitionTable({ refusalAfterAppraisalStatus: 8 }), "refuseAfterAppraisal", 4)?.to,
    ).toBe(8);
    expect(
      findTransition(transitionTable({ refusalAfterAppraisalStatus: 9 }), "refuseAfterAppraisal", 4)?.to,
    ).toBe(9);
    expect(findTransition(transitionTable({ refusalAfterAppraisalStatus: 9 }), "approveResult", 4)?.to).toBe(
      9,
    );
  });

  describe("R-STATUS-5: every allowed transition × every role", () => {
    const cases = TRANSITIONS.flatMap((t) =>
      ROLES.map((role) => [t.command, t.from, t.to, role, t.roles.includes(role)] as const),
    );
    it.each(cases)("R-STATUS-5: %s from %s → %s by %s (allowed: %s)", (command, from, to, role, allowed) => {
      const state = from === null ? undefined : dossierAt(from, command);
      const decision = decide(state, VALID_COMMANDS[command], ACTORS[role], nowFor(command), CONTEXT);
      if (allowed) {
        expect(decision).toMatchObject({ ok: true, state: { status: to } });
        if (decision.ok) expect(decision.events).toEqual([expect.objectContaining({ from, to, command })]);
      } else {
        expect(decision).toMatchObject({
          ok: false,
          refusal: { code: "ROLE_NOT_ALLOWED", rule: "R-STATUS-5" },
        });
      }
    });
  });

  describe("R-STATUS-5: every command outside the table is refused", () => {
    const cases = PUBLIC_STATUSES.flatMap((status) =>
      COMMAND_TYPES.filter(
        (command) => !TRANSITIONS.some((t) => t.command === command && t.from === status),
      ).map((command) => [command, status] as const),
    );
    it.each(cases)("R-STATUS-5: %s in status %s", (command, status) => {
      const decision = decide(
        dossierAt(status),
        VALID_COMMANDS[command],
        ACTORS.leader,
        nowFor(command),
        CONTEXT,
      );
      const expected =
        command === "submitOnline" || command === "intakePaper"
          ? "DOSSIER_ALREADY_EXISTS"
          : TERMINAL_STATUSES.has(status)
            ? "TERMINAL_STATUS"
            : command === "requestWithdrawal" && status === 9
              ? "WITHDRAWAL_AFTER_DECISION"
              : "TRANSITION_NOT_ALLOWED";
      expect(decision).toMatchObject({ ok: false, refusal: { code: expected } });
    });
  });

  it.each(COMMAND_TYPES.filter((c) => c !== "submitOnline" && c !== "intakePaper"))(
    "R-STATUS-5: %s on a dossier that does not exist is refused",
    (command) => {
      const decision = decide(
        undefined,
        VALID_COMMANDS[command],
        ACTORS.counterOfficer,
        nowFor(command),
        CONTEXT,
      );
      expect(decision).toMatchObject({ ok: false, refusal: { code: "DOSSIER_NOT_FOUND" } });
    },
  );
});
