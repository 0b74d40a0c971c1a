import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide } from "../../../src/domain/dossier/decide.ts";
import { judgedAppointment } from "../../../src/domain/kpi/judgedAppointment.ts";
import { ACTORS, at, CONTEXT, dossierAt, VALID_COMMANDS } from "../dossier/dossierFixtures.ts";

/** R-LATE-3 clarified, R-KPI-4: a dossier is judged against its appointment before any extension. */
describe("judgedAppointment (R-LATE-3)", () => {
  it("is the original appointment when there is one, else the appointment in force", () => {
    const original = at("2025-07-17 08:30");
    const extended = at("2025-07-25 17:00");
    expect(judgedAppointment({ dueAt: extended, originalDueAt: original })).toEqual(original);
    expect(judgedAppointment({ dueAt: extended })).toEqual(extended);
    expect(judgedAppointment({})).toBeUndefined();
  });

  it("an extension moves the appointment shown, never the judged one", () => {
    const before = dossierAt(4);
    const decision = decide(
      before,
      { ...VALID_COMMANDS.requestExtension, newDueAt: at("2025-07-25 17:00") },
      ACTORS.leader,
      at("2025-07-14 11:00"),
      CONTEXT,
    );
    if (!decision.ok) throw new Error(decision.refusal.code);
    expect(decision.state.dueAt).toEqual(at("2025-07-25 17:00"));
    expect(judgedAppointment(decision.state)).toEqual(judgedAppointment(before));
  });

  it("property: never later than the appointment in force when the extension only moved it later", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e10 }), (original, extra) => {
        const originalDueAt = new Date(original);
        const dueAt = new Date(original + extra);
        const judged = judgedAppointment({ dueAt, originalDueAt });
        expect(judged).toEqual(originalDueAt);
        expect(judged!.getTime()).toBeLessThanOrEqual(dueAt.getTime());
      }),
    );
  });
});
