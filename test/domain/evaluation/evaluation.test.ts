import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  APPLICANT_INDEX_IDS,
  bandOf,
  bandsProblem,
  DEFAULT_BANDS,
  type DossierRating,
  EVALUATION_INDICES,
  type EvaluationBand,
  evaluateAgency,
  type IndexPoints,
  ratingProblem,
  scoreCounterHandling,
  scoreFeedbackHandling,
  scoreOnlineServices,
} from "../../../src/domain/evaluation/index.ts";

describe("the nine indices (R-EVAL-2)", () => {
  it("R-EVAL-2: nine indices, 0–2 each (18 in all); 1–4, 6, 7 answered by the applicant, 5, 8, 9 per agency", () => {
    expect(EVALUATION_INDICES.map((index) => index.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(APPLICANT_INDEX_IDS).toEqual([1, 2, 3, 4, 6, 7]);
    for (const index of EVALUATION_INDICES) expect(Object.keys(index.levels).sort()).toEqual(["0", "1", "2"]);
  });
});

describe("agency indices (R-EVAL-2 items 5, 8, 9)", () => {
  it("index 5: the counter decides ≥ 20% province, ≥ 50% district, 100% commune → 2; all at the counter → 1", () => {
    expect(
      scoreCounterHandling({
        tier: "province",
        decidedAtCounterShare: 20,
        receivedAndReturnedAtCounterShare: 0,
      }),
    ).toBe(2);
    expect(
      scoreCounterHandling({
        tier: "district",
        decidedAtCounterShare: 49.99,
        receivedAndReturnedAtCounterShare: 100,
      }),
    ).toBe(1);
    expect(
      scoreCounterHandling({
        tier: "district",
        decidedAtCounterShare: 50,
        receivedAndReturnedAtCounterShare: 0,
      }),
    ).toBe(2);
    expect(
      scoreCounterHandling({
        tier: "commune",
        decidedAtCounterShare: 99,
        receivedAndReturnedAtCounterShare: 99,
      }),
    ).toBe(0);
    expect(
      scoreCounterHandling({
        tier: "commune",
        decidedAtCounterShare: 100,
        receivedAndReturnedAtCounterShare: 0,
      }),
    ).toBe(2);
  });

  it("index 8: none or all on time → 2; ≥ 90% → 1; below, or any prolonged → 0", () => {
    expect(scoreFeedbackHandling({ received: 0, handledOnTime: 0, prolonged: 0 })).toBe(2);
    expect(scoreFeedbackHandling({ received: 10, handledOnTime: 10, prolonged: 0 })).toBe(2);
    expect(scoreFeedbackHandling({ received: 10, handledOnTime: 9, prolonged: 0 })).toBe(1);
    expect(scoreFeedbackHandling({ received: 10, handledOnTime: 8, prolonged: 0 })).toBe(0);
    expect(scoreFeedbackHandling({ received: 10, handledOnTime: 10, prolonged: 1 })).toBe(0);
  });

  it("index 9: ≥ 20% procedures, ≥ 30% dossiers, none late → 2; some online and ≥ 15% → 1; else 0", () => {
    expect(
      scoreOnlineServices({ onlineProcedureShare: 20, onlineDossierShare: 30, lateOnlineDossiers: 0 }),
    ).toBe(2);
    expect(
      scoreOnlineServices({ onlineProcedureShare: 20, onlineDossierShare: 30, lateOnlineDossiers: 1 }),
    ).toBe(1);
    expect(
      scoreOnlineServices({ onlineProcedureShare: 19, onlineDossierShare: 40, lateOnlineDossiers: 0 }),
    ).toBe(1);
    expect(
      scoreOnlineServices({ onlineProcedureShare: 50, onlineDossierShare: 15, lateOnlineDossiers: 0 }),
    ).toBe(1);
    expect(
      scoreOnlineServices({ onlineProcedureShare: 50, onlineDossierShare: 14.99, lateOnlineDossiers: 0 }),
    ).toBe(0);
    expect(
      scoreOnlineServices({ onlineProcedureShare: 0, onlineDossierShare: 50, lateOnlineDossiers: 0 }),
    ).toBe(0);
  });
});

describe("bands (R-EVAL-3)", () => {
  it("R-EVAL-3: E1's bands; exactly 15 is Tốt (E1's gap), shared ends go to the higher band", () => {
    expect(bandOf(18)?.code).toBe("excellent");
    expect(bandOf(15.01)?.code).toBe("excellent");
    expect(bandOf(15)?.code).toBe("good");
    expect(bandOf(12)?.code).toBe("good");
    expect(bandOf(11.99)?.code).toBe("fair");
    expect(bandOf(9)?.code).toBe("fair");
    expect(bandOf(6)?.code).toBe("average");
    expect(bandOf(5.99)?.code).toBe("weak");
    expect(bandOf(0)?.code).toBe("weak");
  });

  it("R-EVAL-3: configurable; a configuration that does not reach 0 leaves low totals without a band", () => {
    const bands: EvaluationBand[] = [
      { code: "pass", name: { vi: "Đạt", en: "Pass" }, min: 10, inclusive: true },
    ];
    expect(bandOf(10, bands)?.code).toBe("pass");
    expect(bandOf(9, bands)).toBeUndefined();
  });

  it("checks a band configuration", () => {
    const band = (code: string, min: number): EvaluationBand => ({
      code,
      name: { vi: code, en: code },
      min,
      inclusive: true,
    });
    expect(bandsProblem(DEFAULT_BANDS)).toBeUndefined();
    expect(bandsProblem([])).toBe("EMPTY");
    expect(bandsProblem([band("a", 10), band("a", 5)])).toBe("DUPLICATE_CODE");
    expect(bandsProblem([band("a", 19)])).toBe("OUT_OF_RANGE");
    expect(bandsProblem([band("a", -1)])).toBe("OUT_OF_RANGE");
    expect(bandsProblem([band("a", Number.NaN)])).toBe("OUT_OF_RANGE");
    expect(bandsProblem([band("a", 5), band("b", 10)])).toBe("NOT_DESCENDING");
  });
});

describe("an applicant's rating", () => {
  it("accepts any non-empty subset of the applicant's indices with 0–2 points", () => {
    expect(ratingProblem({ points: { 1: 2, 7: 0 } })).toBeUndefined();
    expect(ratingProblem({ points: {} })).toEqual({ field: "points", code: "EMPTY" });
    expect(ratingProblem({ points: { 5: 2 } })).toEqual({ field: "points.5", code: "NOT_APPLICANT_INDEX" });
    expect(ratingProblem({ points: { 10: 2 } as never })).toEqual({
      field: "points.10",
      code: "NOT_APPLICANT_INDEX",
    });
    expect(ratingProblem({ points: { 1: 3 as IndexPoints } })).toEqual({
      field: "points.1",
      code: "OUT_OF_RANGE",
    });
  });
});

describe("agency evaluation (R-EVAL-1…3)", () => {
  it("averages each answered index, adds the agency indices, marks feedback as no data, brings the total to 18", () => {
    const ratings: DossierRating[] = [
      { points: { 1: 2, 2: 2, 3: 2, 4: 2, 6: 2, 7: 2 }, satisfaction: "satisfied" },
      { points: { 1: 1, 3: 0, 7: 1 }, satisfaction: "dissatisfied" },
      { points: { 1: 0 } },
    ];
    const result = evaluateAgency(ratings, { 5: 1, 8: null, 9: 2 });
    expect(result.indices).toEqual([
      { id: 1, status: "scored", points: 1, answers: 3 },
      { id: 2, status: "scored", points: 2, answers: 1 },
      { id: 3, status: "scored", points: 1, answers: 2 },
      { id: 4, status: "scored", points: 2, answers: 1 },
      { id: 5, status: "scored", points: 1, answers: 0 },
      { id: 6, status: "scored", points: 2, answers: 1 },
      { id: 7, status: "scored", points: 1.5, answers: 2 },
      { id: 8, status: "noData", answers: 0 },
      { id: 9, status: "scored", points: 2, answers: 0 },
    ]);
    expect(result).toMatchObject({ ratings: 3, total: 12.5, maxAvailable: 16, totalOn18: 14.06 });
    expect(result.band?.code).toBe("good");
    expect(result.satisfaction).toEqual({ satisfied: 1, neutral: 0, dissatisfied: 1 });
  });

  it("no ratings and no agency data → nothing scored, no total on 18, no band", () => {
    const result = evaluateAgency([], {});
    expect(result.indices.every((index) => index.status !== "scored")).toBe(true);
    expect(result.indices[0]?.status).toBe("noRatings");
    expect(result).toMatchObject({ total: 0, maxAvailable: 0 });
    expect(result.totalOn18).toBeUndefined();
    expect(result.band).toBeUndefined();
  });

  it("all nine scored: the total is on 18 already", () => {
    const full = { 1: 2, 2: 2, 3: 2, 4: 2, 6: 2, 7: 2 } as const;
    const result = evaluateAgency([{ points: full }], { 5: 2, 8: 2, 9: 2 });
    expect(result).toMatchObject({ total: 18, maxAvailable: 18, totalOn18: 18 });
  });

  it("a band configuration that does not cover the total leaves it without band", () => {
    const bands: EvaluationBand[] = [{ code: "top", name: { vi: "a", en: "a" }, min: 17, inclusive: true }];
    const result = evaluateAgency([{ points: { 1: 0 } }], {}, bands);
    expect(result.totalOn18).toBe(0);
    expect(result.band).toBeUndefined();
  });

  const points = fc.constantFrom<IndexPoints>(0, 1, 2);
  const rating = fc.record({
    points: fc.record(
      { 1: points, 2: points, 3: points, 4: points, 6: points, 7: points },
      { requiredKeys: [] },
    ),
    satisfaction: fc.option(fc.constantFrom("satisfied", "neutral", "dissatisfied" as const), {
      nil: undefined,
    }),
  });
  const agency = fc.record(
    { 5: fc.option(points), 8: fc.option(points), 9: fc.option(points) },
    { requiredKeys: [] },
  );

  it("property: every index within 0–2, total ≤ maxAvailable ≤ 18, on-18 total within 0–18", () => {
    fc.assert(
      fc.property(fc.array(rating, { maxLength: 20 }), agency, (ratings, agencyIndices) => {
        const result = evaluateAgency(ratings, agencyIndices);
        for (const index of result.indices) {
          if (index.points !== undefined) expect(index.points).toBeGreaterThanOrEqual(0);
          if (index.points !== undefined) expect(index.points).toBeLessThanOrEqual(2);
        }
        expect(result.total).toBeLessThanOrEqual(result.maxAvailable + 1e-9);
        expect(result.maxAvailable).toBeLessThanOrEqual(18);
        if (result.totalOn18 !== undefined) {
          expect(result.totalOn18).toBeGreaterThanOrEqual(0);
          expect(result.totalOn18).toBeLessThanOrEqual(18);
          expect(result.band).toBeDefined();
        }
        const counted = Object.values(result.satisfaction).reduce((sum, count) => sum + count, 0);
        expect(counted).toBe(ratings.filter((r) => r.satisfaction !== undefined).length);
      }),
    );
  });

  it("property: raising one answer never lowers the total", () => {
    fc.assert(
      fc.property(fc.array(rating, { minLength: 1, maxLength: 10 }), agency, (ratings, agencyIndices) => {
        const before = evaluateAgency(ratings, agencyIndices).total;
        const [first, ...rest] = ratings;
        const raised = { ...first!, points: { ...first!.points, 1: 2 as IndexPoints } };
        const after = evaluateAgency([raised, ...rest], agencyIndices).total;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });
});
