import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  KPI_GROUPS,
  KPI_INDICATORS,
  type KpiCapability,
  type KpiInputs,
  pointsFor,
  ratioOf,
  satisfactionMeasure,
  scoreIndex,
} from "../../../src/domain/kpi/index.ts";

const BUILT: KpiCapability[] = ["dossiers", "catalog"];
const ALL: KpiCapability[] = [
  "dossiers",
  "catalog",
  "publicationDecisions",
  "nationalSync",
  "onlinePayment",
  "dataStore",
  "certifiedCopies",
  "populationDb",
  "feedback",
];

const byCode = (inputs: KpiInputs, code: string) =>
  scoreIndex(inputs).indicators.find((score) => score.code === code)!;

describe("the 766 groups and indicators as data (R-KPI-1, R-KPI-3)", () => {
  it("R-KPI-1: six groups summing to 100; each group's indicators sum to its maximum", () => {
    expect(KPI_GROUPS.map((group) => [group.code, group.maxPoints])).toEqual([
      ["CKMB", 18],
      ["TDGQ", 20],
      ["CLGQ", 12],
      ["TTTT", 10],
      ["MDHL", 18],
      ["MDSH", 22],
    ]);
    for (const group of KPI_GROUPS) {
      const sum = KPI_INDICATORS.filter((indicator) => indicator.group === group.code).reduce(
        (total, indicator) => total + indicator.maxPoints,
        0,
      );
      expect(sum, group.code).toBe(group.maxPoints);
    }
  });

  it("R-KPI-3: maxima and targets of the table", () => {
    const table = Object.fromEntries(KPI_INDICATORS.map((i) => [i.code, [i.maxPoints, i.target ?? null]]));
    expect(table).toEqual({
      "1.1": [6, null],
      "1.2": [4, null],
      "1.3": [2, null],
      "1.4": [6, null],
      "2.1": [20, null],
      "2.2": [0, null],
      "3": [12, null],
      "3.5a": [2, 80],
      "3.5b": [2, 80],
      "3.6": [6, 100],
      "4.1": [6, null],
      "4.2": [4, 80],
      "4.2b": [2, null],
      "4.3": [2, 80],
      "4.4": [4, null],
      "4.5a": [2, null],
      "4.5b": [2, null],
      "5.1": [0, null],
      "5.2": [6, null],
      "5.3": [6, null],
      "5.4": [6, 90],
    });
  });
});

describe("scoring (R-KPI-2)", () => {
  it("R-KPI-2: ratio in % with 2 decimals, kept within 0–100", () => {
    expect(ratioOf({ numerator: 2, denominator: 3 })).toBe(66.67);
    expect(ratioOf({ numerator: 5, denominator: 4 })).toBe(100);
    expect(ratioOf({ numerator: -1, denominator: 4 })).toBe(0);
  });

  it("R-KPI-2: with a target, Pmax at or above it, R/T × Pmax below; without, R × Pmax / 100", () => {
    expect(pointsFor(80, 4, 80)).toBe(4);
    expect(pointsFor(95, 4, 80)).toBe(4);
    expect(pointsFor(40, 4, 80)).toBe(2);
    expect(pointsFor(66.67, 6, 90)).toBe(4.44);
    expect(pointsFor(75, 20)).toBe(15);
    expect(pointsFor(66.67, 6)).toBe(4);
  });

  it("R-KPI-2: a scored indicator carries its counts, ratio and points", () => {
    expect(
      byCode({ capabilities: BUILT, measures: { "2.1": { numerator: 3, denominator: 4 } } }, "2.1"),
    ).toEqual({
      code: "2.1",
      group: "TDGQ",
      status: "scored",
      maxPoints: 20,
      numerator: 3,
      denominator: 4,
      ratio: 75,
      points: 15,
    });
  });

  it("R-KPI-2: denominator 0 → N/A, not scored, its maximum leaves the scored maximum", () => {
    const inputs = { capabilities: BUILT, measures: { "4.3": { numerator: 0, denominator: 0 } } };
    expect(byCode(inputs, "4.3")).toMatchObject({ status: "notApplicable", target: 80, denominator: 0 });
    expect(byCode(inputs, "4.3").points).toBeUndefined();
    expect(scoreIndex(inputs).groups.find((g) => g.code === "MDSH")).toEqual({
      code: "MDSH",
      maxPoints: 22,
      points: 0,
      scoredMax: 0,
    });
  });

  it("an indicator whose capability is not built shows no data yet, even when counts are passed", () => {
    const inputs = { capabilities: BUILT, measures: { "3.6": { numerator: 1, denominator: 1 } } };
    expect(byCode(inputs, "3.6")).toEqual({
      code: "3.6",
      group: "TTTT",
      status: "noData",
      maxPoints: 6,
      target: 100,
      missing: ["onlinePayment"],
    });
    expect(byCode(inputs, "5.4").missing).toEqual(["feedback"]);
  });

  it("a built indicator with nothing gathered shows no data yet, without a missing capability", () => {
    expect(byCode({ capabilities: BUILT, measures: {} }, "2.1")).toEqual({
      code: "2.1",
      group: "TDGQ",
      status: "noData",
      maxPoints: 20,
    });
  });

  it("information-only indicators show their value and are never scored", () => {
    expect(byCode({ capabilities: BUILT, measures: {}, information: { "2.2": 3.25 } }, "2.2")).toMatchObject({
      status: "informational",
      value: 3.25,
    });
    expect(byCode({ capabilities: BUILT, measures: {} }, "2.2").status).toBe("noData");
    expect(byCode({ capabilities: BUILT, measures: {}, information: { "5.1": 4 } }, "5.1").status).toBe(
      "noData",
    );
  });

  it("group and total: sums of the scored points, with what they are out of", () => {
    const score = scoreIndex({
      capabilities: BUILT,
      measures: {
        "1.3": { numerator: 10, denominator: 10 },
        "2.1": { numerator: 9, denominator: 10 },
        "3": { numerator: 1, denominator: 4 },
        "4.1": { numerator: 1, denominator: 2 },
        "4.2": { numerator: 2, denominator: 5 },
        "4.3": { numerator: 0, denominator: 5 },
      },
    });
    expect(score.groups).toEqual([
      { code: "CKMB", maxPoints: 18, points: 2, scoredMax: 2 },
      { code: "TDGQ", maxPoints: 20, points: 18, scoredMax: 20 },
      { code: "CLGQ", maxPoints: 12, points: 3, scoredMax: 12 },
      { code: "TTTT", maxPoints: 10, points: 0, scoredMax: 0 },
      { code: "MDHL", maxPoints: 18, points: 0, scoredMax: 0 },
      { code: "MDSH", maxPoints: 22, points: 5, scoredMax: 12 },
    ]);
    expect(score).toMatchObject({ total: 28, maxPoints: 100, scoredMax: 46 });
  });

  it("R-EVAL-4: 5.4 as counts — handled less late less feedback/dislike, never below 0", () => {
    expect(satisfactionMeasure(20, 2, 1)).toEqual({ numerator: 17, denominator: 20 });
    expect(satisfactionMeasure(2, 2, 1)).toEqual({ numerator: 0, denominator: 2 });
    const inputs = { capabilities: ALL, measures: { "5.4": satisfactionMeasure(20, 2, 1) } };
    expect(byCode(inputs, "5.4")).toMatchObject({ status: "scored", ratio: 85, points: 5.67 });
  });
});

describe("properties of the scoring", () => {
  const measure = fc
    .tuple(fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }))
    .map(([a, b]) => ({ numerator: Math.min(a, b), denominator: Math.max(a, b) }));
  const codes = KPI_INDICATORS.map((indicator) => indicator.code);
  const inputs = fc.record({
    capabilities: fc.subarray(ALL),
    measures: fc.dictionary(fc.constantFrom(...codes), measure),
    information: fc.dictionary(fc.constantFrom("2.2", "5.1"), fc.double({ min: 0, max: 100, noNaN: true })),
  });

  it("points never exceed the indicator's, the group's or the total maximum; N/A and no-data are not scored", () => {
    fc.assert(
      fc.property(inputs, (given) => {
        const score = scoreIndex(given);
        for (const indicator of score.indicators) {
          if (indicator.status === "scored") {
            expect(indicator.points!).toBeGreaterThanOrEqual(0);
            expect(indicator.points!).toBeLessThanOrEqual(indicator.maxPoints);
          } else {
            expect(indicator.points).toBeUndefined();
          }
          if (indicator.status === "notApplicable") expect(indicator.denominator).toBe(0);
          if (indicator.missing !== undefined) expect(indicator.status).toBe("noData");
        }
        for (const group of score.groups) {
          expect(group.points).toBeLessThanOrEqual(group.scoredMax + 1e-9);
          expect(group.scoredMax).toBeLessThanOrEqual(group.maxPoints);
        }
        expect(score.total).toBeLessThanOrEqual(score.scoredMax + 1e-9);
        expect(score.scoredMax).toBeLessThanOrEqual(100);
      }),
    );
  });

  it("points are monotonic in the ratio, for every maximum and target", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.constantFrom(...KPI_INDICATORS),
        (a, b, indicator) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(pointsFor(low, indicator.maxPoints, indicator.target)).toBeLessThanOrEqual(
            pointsFor(high, indicator.maxPoints, indicator.target),
          );
        },
      ),
    );
  });

  it("100% always earns the maximum", () => {
    for (const indicator of KPI_INDICATORS)
      expect(pointsFor(100, indicator.maxPoints, indicator.target)).toBe(indicator.maxPoints);
  });
});
