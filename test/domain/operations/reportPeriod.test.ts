import { describe, expect, it } from "vitest";
import { parseReportPeriod } from "../../../src/domain/operations/reportPeriod.ts";

/** R-OPS-4: quarterly and half-yearly support reports. */
describe("report periods", () => {
  it("every year 2000–2200: quarters tile the year, halves are two quarters each", () => {
    for (let year = 2000; year <= 2200; year++) {
      const periods = ["Q1", "Q2", "Q3", "Q4", "H1", "H2"].map((part) => {
        const outcome = parseReportPeriod(`${year}-${part}`);
        if (!outcome.ok) throw new Error(`${year}-${part} refused`);
        return outcome.period;
      });
      const [q1, q2, q3, q4, h1, h2] = periods as [
        (typeof periods)[0],
        (typeof periods)[0],
        (typeof periods)[0],
        (typeof periods)[0],
        (typeof periods)[0],
        (typeof periods)[0],
      ];
      expect(q1.from).toBe(`${year}-01-01`);
      expect([q1.toExclusive, q2.toExclusive, q3.toExclusive]).toEqual([q2.from, q3.from, q4.from]);
      expect(q4.toExclusive).toBe(`${year + 1}-01-01`);
      expect([h1.from, h1.toExclusive, h2.from, h2.toExclusive]).toEqual([
        q1.from,
        q3.from,
        q3.from,
        q4.toExclusive,
      ]);
      expect(q1.kind).toBe("quarter");
      expect(h2.kind).toBe("half");
    }
  });

  it("refuses anything else with a Vietnamese message", () => {
    for (const code of [
      "2026-Q0",
      "2026-Q5",
      "2026-H3",
      "2026",
      "26-Q1",
      "2026-q1",
      "1999-Q1",
      "2201-H1",
      "",
    ]) {
      const outcome = parseReportPeriod(code);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.refusal.message.vi).toContain("Kỳ báo cáo không hợp lệ");
    }
  });
});
