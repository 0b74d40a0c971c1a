import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PUBLIC_STATUSES, type PublicStatus, TERMINAL_STATUSES } from "../../../src/domain/dossier/status.ts";
import { TRANSITIONS } from "../../../src/domain/dossier/transitionTable.ts";
import {
  checkSectorDates,
  checkSectorMove,
  isAcceptedStatus,
  reachableStatuses,
  sectorDossierState,
} from "../../../src/domain/sector/sectorRules.ts";

/** Issue #18 (R-STATUS-4, R-STATUS-5): what a sector system's reports may do to a dossier's status. */
const status = fc.constantFrom(...PUBLIC_STATUSES);
const t0 = new Date("2026-11-10T02:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe("sector status moves (R-STATUS-4, R-STATUS-5)", () => {
  it("every direct edge of the status machine is a forward move (5 → 1 only before acceptance)", () => {
    for (const transition of TRANSITIONS) {
      if (transition.from === null || transition.from === transition.to) continue;
      const accepted = transition.to === 1 ? false : isAcceptedStatus(transition.from);
      const move = checkSectorMove(
        { status: transition.from, accepted, reportedAt: t0 },
        { status: transition.to, reportedAt: minutes(1) },
      );
      expect(move.ok, `${transition.from} → ${transition.to}`).toBe(true);
    }
  });

  it("examples: jumps along the machine are allowed, moves back are not", () => {
    const ok = (from: PublicStatus, to: PublicStatus, accepted = true) =>
      checkSectorMove({ status: from, accepted, reportedAt: t0 }, { status: to, reportedAt: minutes(1) }).ok;
    expect(ok(2, 10)).toBe(true);
    expect(ok(1, 4, false)).toBe(true);
    expect(ok(4, 5)).toBe(true);
    expect(ok(5, 4)).toBe(true);
    expect(ok(9, 10)).toBe(true);
    expect(ok(9, 4)).toBe(false);
    expect(ok(4, 2)).toBe(false);
    expect(ok(4, 1)).toBe(false);
    expect(ok(5, 1, true)).toBe(false);
    expect(ok(5, 1, false)).toBe(true);
    expect(ok(10, 9)).toBe(false);
    expect(ok(3, 2, false)).toBe(false);
  });

  it("nothing follows a terminal status; the same status is always allowed (progress only)", () => {
    fc.assert(
      fc.property(status, status, fc.boolean(), (from, to, accepted) => {
        const move = checkSectorMove(
          { status: from, accepted, reportedAt: t0 },
          { status: to, reportedAt: minutes(1) },
        );
        if (from === to) expect(move.ok).toBe(true);
        else if (TERMINAL_STATUSES.has(from)) {
          expect(move.ok).toBe(false);
          if (!move.ok) expect(move.refusal.code).toBe("SECTOR_DOSSIER_CLOSED");
        }
      }),
    );
  });

  it("a report older than the last one is always refused, whatever its status", () => {
    fc.assert(
      fc.property(
        status,
        status,
        fc.boolean(),
        fc.integer({ min: 1, max: 100_000 }),
        (from, to, accepted, back) => {
          const move = checkSectorMove(
            { status: from, accepted, reportedAt: t0 },
            { status: to, reportedAt: minutes(-back) },
          );
          expect(move.ok).toBe(false);
          if (!move.ok) expect(move.refusal.code).toBe("SECTOR_REPORT_OUT_OF_ORDER");
        },
      ),
    );
  });

  it("any stream of reports leaves a trajectory that never goes back: never to 1 once accepted, nothing after a terminal status, each step reachable", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<PublicStatus>(1, 2),
        fc.array(status, { maxLength: 30 }),
        (start, reports) => {
          let position = { status: start as PublicStatus, accepted: isAcceptedStatus(start), reportedAt: t0 };
          const trajectory: PublicStatus[] = [start];
          reports.forEach((next, index) => {
            const reportedAt = minutes(index + 1);
            const move = checkSectorMove(position, { status: next, reportedAt });
            if (!move.ok) return;
            expect(
              next === position.status || reachableStatuses(position.status, position.accepted).has(next),
            ).toBe(true);
            position = { status: next, accepted: position.accepted || isAcceptedStatus(next), reportedAt };
            trajectory.push(next);
          });
          const firstAccepted = trajectory.findIndex(isAcceptedStatus);
          if (firstAccepted >= 0) expect(trajectory.slice(firstAccepted).includes(1)).toBe(false);
          const firstTerminal = trajectory.findIndex((s) => TERMINAL_STATUSES.has(s));
          if (firstTerminal >= 0)
            expect(new Set(trajectory.slice(firstTerminal))).toEqual(new Set([trajectory[firstTerminal]]));
          // 9 is followed by nothing but 9 and 10.
          const nine = trajectory.indexOf(9);
          if (nine >= 0) expect(trajectory.slice(nine).every((s) => s === 9 || s === 10)).toBe(true);
        },
      ),
    );
  });
});

describe("a sector dossier's dates and state", () => {
  it("refuses a reception before submission, a result before reception, missing reception or result dates", () => {
    const base = {
      channel: "counter" as const,
      applicantId: "sector:hotich",
      submittedAt: minutes(0),
      reportedAt: minutes(10),
      systemActorId: "sector:hotich",
    };
    const codes = (facts: Parameters<typeof checkSectorDates>[0]) =>
      checkSectorDates(facts).map((problem) => `${problem.field}:${problem.refusal.code}`);
    expect(codes({ ...base, status: 2, receivedAt: minutes(1) })).toEqual([]);
    expect(codes({ ...base, status: 2, receivedAt: minutes(-1) })).toEqual([
      "dossier.receivedAt:SECTOR_DATES_INCONSISTENT",
    ]);
    expect(codes({ ...base, status: 4 })).toEqual(["dossier.receivedAt:SECTOR_RECEPTION_DATE_MISSING"]);
    expect(codes({ ...base, status: 9, receivedAt: minutes(1) })).toEqual([
      "progress.resultAt:SECTOR_RESULT_DATE_MISSING",
    ]);
    expect(codes({ ...base, status: 10, receivedAt: minutes(5), resultAt: minutes(2) })).toEqual([
      "progress.resultAt:SECTOR_DATES_INCONSISTENT",
    ]);
    expect(codes({ ...base, status: 1 })).toEqual([]);
  });

  it("keeps the first appointment and reads a later one as the extension (R-LATE-1); a result closes at 10", () => {
    const facts = {
      channel: "counter" as const,
      applicantId: "sector:hotich",
      submittedAt: minutes(0),
      receivedAt: minutes(1),
      reportedAt: minutes(2),
      systemActorId: "sector:hotich",
    };
    const first = sectorDossierState({ ...facts, status: 4, appointmentAt: minutes(100) });
    expect(first).toMatchObject({ dueAt: minutes(100), originalDueAt: minutes(100), extensionUsed: false });
    const extended = sectorDossierState({ ...facts, status: 4, appointmentAt: minutes(200) }, first);
    expect(extended).toMatchObject({
      dueAt: minutes(200),
      originalDueAt: minutes(100),
      extendedDueAt: minutes(200),
      extensionUsed: true,
    });
    const returned = sectorDossierState(
      { ...facts, status: 10, appointmentAt: minutes(200), resultAt: minutes(150), reportedAt: minutes(160) },
      extended,
    );
    expect(returned.result?.issuedAt).toEqual(minutes(150));
    expect(returned.closedAt).toEqual(minutes(160));
    expect(returned.decisionIssued).toBe(true);
  });
});
