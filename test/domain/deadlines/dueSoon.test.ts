import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dueSoonLeadHours, isDueSoon } from "../../../src/domain/deadlines/dueSoon.ts";

/** Issue #19 "Deadlines": "due soon" relative to the span, so a dossier is not due soon the moment it is accepted. */
describe("due soon", () => {
  it("a quarter of the span, capped by the general lead", () => {
    expect(dueSoonLeadHours(8, 8)).toBe(2);
    expect(dueSoonLeadHours(16, 8)).toBe(4);
    expect(dueSoonLeadHours(32, 8)).toBe(8);
    expect(dueSoonLeadHours(80, 8)).toBe(8);
    expect(dueSoonLeadHours(2, 8)).toBe(0.5);
  });

  it("a span unknown or empty falls back to one working hour (never more than the cap)", () => {
    expect(dueSoonLeadHours(0, 8)).toBe(1);
    expect(dueSoonLeadHours(-3, 8)).toBe(1);
    expect(dueSoonLeadHours(Number.NaN, 8)).toBe(1);
    expect(dueSoonLeadHours(0, 0.5)).toBe(0.5);
  });

  it("a one-day procedure just accepted is not due soon; in its last two hours it is; past due it is overdue", () => {
    expect(isDueSoon(8, 8, 8)).toBe(false);
    expect(isDueSoon(2.5, 8, 8)).toBe(false);
    expect(isDueSoon(2, 8, 8)).toBe(true);
    expect(isDueSoon(0, 8, 8)).toBe(true);
    expect(isDueSoon(-0.1, 8, 8)).toBe(false);
  });

  it("never at the very start of a span longer than an hour, and always in its last quarter-hour (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.01, max: 2000, noNaN: true }),
        fc.double({ min: 0.25, max: 40, noNaN: true }),
        (span, cap) => {
          expect(isDueSoon(span, span, cap)).toBe(false);
          expect(isDueSoon(0, span, cap)).toBe(true);
          const lead = dueSoonLeadHours(span, cap);
          expect(lead).toBeLessThanOrEqual(cap);
          expect(lead).toBeLessThanOrEqual(span / 4);
        },
      ),
      { seed: 19, numRuns: 500 },
    );
  });
});
