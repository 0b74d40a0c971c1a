import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide } from "../../../src/domain/dossier/decide.ts";
import { ACTORS, at, CONTEXT, dossierAt, VALID_COMMANDS } from "./dossierFixtures.ts";

/** Issue #12 §2, R-LATE-1, R-CAL-4: the extension's new appointment is a working instant of the agency's calendar. */
const extension = VALID_COMMANDS.requestExtension;
const now = at("2025-07-14 11:00");
const decideWith = (newDueAt: Date) =>
  decide(dossierAt(4), { ...extension, newDueAt }, ACTORS.leader, now, CONTEXT);

describe("extension: the new appointment is a working instant (issue #12 §2)", () => {
  it.each([
    ["Saturday morning", "2025-07-19 09:00", "07:00 ngày 21/07/2025"],
    ["Sunday afternoon", "2025-07-20 15:00", "07:00 ngày 21/07/2025"],
    ["a public holiday (1/9)", "2025-09-01 09:00", "07:00 ngày 03/09/2025"],
    ["the lunch break", "2025-07-18 12:00", "13:30 ngày 18/07/2025"],
    ["after closing", "2025-07-18 17:01", "07:00 ngày 21/07/2025"],
    ["before opening", "2025-07-21 06:59", "07:00 ngày 21/07/2025"],
  ])("%s is refused, naming the nearest working time", (_label, local, suggestion) => {
    const decision = decideWith(at(local));
    expect(decision).toMatchObject({
      ok: false,
      refusal: { code: "EXTENSION_NOT_WORKING_TIME", rule: "R-LATE-1" },
    });
    if (decision.ok) return;
    expect(decision.refusal.message.vi).toContain("thứ Bảy");
    expect(decision.refusal.message.vi).toContain(suggestion);
    expect(decision.refusal.message.en).toContain("Saturday");
  });

  it.each([
    ["opening", "2025-07-21 07:00"],
    ["the end of the morning", "2025-07-18 11:30"],
    ["the afternoon start", "2025-07-18 13:30"],
    ["closing time, where computed appointments end", "2025-07-18 17:00"],
    ["mid-afternoon", "2025-07-22 15:45"],
  ])("%s is accepted", (_label, local) => {
    expect(decideWith(at(local))).toMatchObject({ ok: true });
  });

  it("property: accepted exactly when the instant is in a working interval, its end included", () => {
    const calendar = CONTEXT.calendar;
    const from = at("2025-07-17 09:00").getTime();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 24 * 60 }), (minutes) => {
        const newDueAt = new Date(from + minutes * 60_000);
        const working =
          calendar.isWorkingInstant(newDueAt) || calendar.isWorkingInstant(new Date(newDueAt.getTime() - 1));
        const decision = decideWith(newDueAt);
        if (working) expect(decision.ok).toBe(true);
        else expect(decision).toMatchObject({ ok: false, refusal: { code: "EXTENSION_NOT_WORKING_TIME" } });
      }),
      { numRuns: 300 },
    );
  });
});
