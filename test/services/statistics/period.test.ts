import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/services/errors.ts";
import { monthPeriod, resolvePeriod } from "../../../src/services/statistics/period.ts";

const iso = (period: { from: Date; to: Date }) => [period.from.toISOString(), period.to.toISOString()];
// Wednesday 18 Nov 2026, 01:00 in Hà Nội (still the 17th in UTC).
const NOW = new Date("2026-11-17T18:00:00Z");

describe("reporting periods in the province's time (UTC+7)", () => {
  it("day, week (Monday first), month, quarter and year contain the date or today", () => {
    expect(iso(resolvePeriod({ kind: "day" }, NOW))).toEqual([
      "2026-11-17T17:00:00.000Z",
      "2026-11-18T17:00:00.000Z",
    ]);
    expect(iso(resolvePeriod({ kind: "week" }, NOW))).toEqual([
      "2026-11-15T17:00:00.000Z",
      "2026-11-22T17:00:00.000Z",
    ]);
    expect(iso(resolvePeriod({ kind: "week", date: "2026-11-22" }, NOW))).toEqual([
      "2026-11-15T17:00:00.000Z",
      "2026-11-22T17:00:00.000Z",
    ]);
    expect(iso(resolvePeriod({ kind: "month", date: "2026-12-31" }, NOW))).toEqual([
      "2026-11-30T17:00:00.000Z",
      "2026-12-31T17:00:00.000Z",
    ]);
    expect(iso(resolvePeriod({ kind: "quarter", date: "2026-11-02" }, NOW))).toEqual([
      "2026-09-30T17:00:00.000Z",
      "2026-12-31T17:00:00.000Z",
    ]);
    expect(iso(resolvePeriod({ kind: "year" }, NOW))).toEqual([
      "2025-12-31T17:00:00.000Z",
      "2026-12-31T17:00:00.000Z",
    ]);
    expect(iso(resolvePeriod({ kind: "custom", from: "2026-10-01", to: "2026-10-01" }, NOW))).toEqual([
      "2026-09-30T17:00:00.000Z",
      "2026-10-01T17:00:00.000Z",
    ]);
    expect(iso(monthPeriod("2026-01"))).toEqual(["2025-12-31T17:00:00.000Z", "2026-01-31T17:00:00.000Z"]);
  });

  it("refuses impossible dates, reversed or too long custom ranges, and malformed months", () => {
    const fieldOf = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).fields.map((field) => field.field);
      }
      throw new Error("not refused");
    };
    expect(fieldOf(() => resolvePeriod({ kind: "day", date: "2026-02-29" }, NOW))).toEqual(["date"]);
    expect(
      fieldOf(() => resolvePeriod({ kind: "custom", from: "2026-10-02", to: "2026-10-01" }, NOW)),
    ).toEqual(["to"]);
    expect(
      fieldOf(() => resolvePeriod({ kind: "custom", from: "2020-01-01", to: "2026-01-01" }, NOW)),
    ).toEqual(["to"]);
    expect(fieldOf(() => resolvePeriod({ kind: "custom", to: "2026-01-01" }, NOW))).toEqual(["from"]);
    expect(fieldOf(() => monthPeriod("2026-13"))).toEqual(["month"]);
  });
});
