import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createWorkingCalendar } from "../../../../src/domain/calendar/workingCalendar.ts";
import { planDossierLife, seededRandom } from "../../../../src/services/seed/history/planDossierLife.ts";

const calendar = createWorkingCalendar();
const cast = { applicantId: "demo-history:1", counterOfficerId: "c", specialistId: "s", leaderId: null };

/** Issue #19: a demo dossier's life is decided by the real rules, so it can only hold what the system would record. */
describe("planDossierLife", () => {
  it("any draw gives a life that ends (refused or returned) before now, its events in time order (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 120 * 24 }),
        fc.constantFrom(1, 2, 5, 15, 30),
        fc.constantFrom<("counter" | "online" | "postal")[]>(
          ["counter", "online", "postal"],
          ["online"],
          ["counter"],
        ),
        (seed, hoursBack, days, channels) => {
          const now = new Date("2026-11-23T09:00:00+07:00");
          const submittedAt = calendar.normalizeStart(new Date(now.getTime() - hoursBack * 3_600_000));
          const life = planDossierLife({
            submittedAt,
            now,
            legalTime: { amount: days, unit: "wd" },
            calendar,
            cast,
            channels,
            random: seededRandom(seed),
          });
          if (!life) return;
          expect(channels).toContain(life.channel);
          expect([3, 10]).toContain(life.state.status);
          const times = life.steps.map((step) => step.event.at.getTime());
          expect(times).toEqual([...times].sort((a, b) => a - b));
          expect(times.at(-1)!).toBeLessThanOrEqual(now.getTime());
          expect(life.steps.at(-1)!.event.to).toBe(life.state.status);
          // The leader has no account here: the approval names the role only.
          const approval = life.steps.find((step) => step.event.type === "resultApproved");
          if (approval) expect(approval.author).toEqual({ userId: null, role: "agency_leader" });
        },
      ),
      { numRuns: 300, seed: 20_261_202 },
    );
  });

  it("a life that would still be running now is not history", () => {
    const now = new Date("2026-11-23T09:00:00+07:00");
    const life = planDossierLife({
      submittedAt: new Date("2026-11-23T08:00:00+07:00"),
      now,
      legalTime: { amount: 15, unit: "wd" },
      calendar,
      cast,
      channels: ["counter"],
      random: seededRandom(1),
    });
    expect(life).toBeUndefined();
  });

  it("seededRandom repeats itself for a seed and stays in [0, 1)", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(draws.every((draw) => draw >= 0 && draw < 1)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(990);
  });
});
