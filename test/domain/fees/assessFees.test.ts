import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assessFees, factValue, perUnitAmount } from "../../../src/domain/fees/assessFees.ts";
import type { FeeItemDefinition, FeeRule } from "../../../src/domain/fees/feeRule.ts";

const fixed = (
  name: string,
  amount: number,
  exemptions: FeeItemDefinition["exemptions"] = [],
): FeeItemDefinition => ({
  code: null,
  name,
  rule: { kind: "fixed", amount },
  exemptions,
});
const perPage: FeeRule = {
  kind: "perUnit",
  field: "pages",
  tiers: [{ upTo: 2, amount: 2_000 }, { amount: 1_000 }],
  max: 200_000,
};
const certification: FeeItemDefinition = {
  code: "PLP01",
  name: "Phí chứng thực",
  rule: perPage,
  exemptions: [],
};
const online = { channel: "online" as const, form: {} };

describe("fees owed by a dossier (R-FEE-1)", () => {
  it("fixed amounts add up with their breakdown", () => {
    const outcome = assessFees([fixed("Lệ phí", 50_000), fixed("Phí công bố", 100_000)], online);
    expect(outcome).toEqual({
      ok: true,
      assessment: {
        lines: [
          { code: null, name: "Lệ phí", amount: 50_000, basis: `${(50_000).toLocaleString("vi-VN")} đ` },
          {
            code: null,
            name: "Phí công bố",
            amount: 100_000,
            basis: `${(100_000).toLocaleString("vi-VN")} đ`,
          },
        ],
        total: 150_000,
      },
    });
  });

  it("no items owe nothing", () => {
    expect(assessFees([], online)).toEqual({ ok: true, assessment: { lines: [], total: 0 } });
  });

  it("per page with tiers and a cap (TT 226/2016: 2.000 đ for two pages, 1.000 đ after, at most 200.000 đ)", () => {
    expect(perUnitAmount(perPage as Extract<FeeRule, { kind: "perUnit" }>, 0)).toBe(0);
    expect(perUnitAmount(perPage as Extract<FeeRule, { kind: "perUnit" }>, 1)).toBe(2_000);
    expect(perUnitAmount(perPage as Extract<FeeRule, { kind: "perUnit" }>, 2)).toBe(4_000);
    expect(perUnitAmount(perPage as Extract<FeeRule, { kind: "perUnit" }>, 5)).toBe(7_000);
    expect(perUnitAmount(perPage as Extract<FeeRule, { kind: "perUnit" }>, 1000)).toBe(200_000);
    const outcome = assessFees([certification], { channel: "counter", form: { pages: "5" } });
    expect(outcome.ok && outcome.assessment.total).toBe(7_000);
  });

  it("per unit without a cap keeps counting", () => {
    const rule = { kind: "perUnit" as const, field: "n", tiers: [{ amount: 8_000 }] };
    expect(perUnitAmount(rule, 3)).toBe(24_000);
  });

  it("a lookup prices each value, the fallback the rest, and refuses an unpriced value", () => {
    const item: FeeItemDefinition = {
      code: null,
      name: "Phí thẩm định",
      rule: { kind: "lookup", field: "scale", table: { small: 700_000, large: 1_000_000 } },
      exemptions: [],
    };
    const price = (scale: unknown) => assessFees([item], { channel: "online", form: { scale } });
    expect(price("large")).toMatchObject({ ok: true, assessment: { total: 1_000_000 } });
    expect(price("huge")).toEqual({
      ok: false,
      problem: { reason: "valueNotPriced", field: "scale", item: "Phí thẩm định", value: "huge" },
    });
    const withFallback = { ...item, rule: { ...item.rule, otherwise: 5 } as FeeRule };
    expect(assessFees([withFallback], { channel: "online", form: { scale: "huge" } })).toMatchObject({
      ok: true,
      assessment: { total: 5 },
    });
  });

  it("a missing or non-count field is a problem, never a guess", () => {
    expect(assessFees([certification], online)).toEqual({
      ok: false,
      problem: { reason: "fieldMissing", field: "pages", item: "Phí chứng thực" },
    });
    for (const pages of ["abc", -1, 2.5, 2_000_000, true])
      expect(assessFees([certification], { channel: "online", form: { pages } })).toMatchObject({
        ok: false,
        problem: { reason: "notACount" },
      });
  });

  it("exempt subjects owe 0 with the reason; the channel can exempt (fees waived online)", () => {
    const item = fixed("Lệ phí", 15_000, [
      { field: "household.poor", in: [true], reason: "Miễn cho hộ nghèo" },
      { field: "$channel", in: ["online"], reason: "Miễn khi nộp trực tuyến" },
    ]);
    expect(assessFees([item], { channel: "counter", form: { household: { poor: true } } })).toMatchObject({
      ok: true,
      assessment: { total: 0, lines: [{ amount: 0, exemptReason: "Miễn cho hộ nghèo" }] },
    });
    expect(assessFees([item], { channel: "online", form: {} })).toMatchObject({
      ok: true,
      assessment: { total: 0, lines: [{ exemptReason: "Miễn khi nộp trực tuyến" }] },
    });
    expect(assessFees([item], { channel: "counter", form: { household: { poor: "true" } } })).toMatchObject({
      assessment: { total: 0 },
    });
    expect(assessFees([item], { channel: "counter", form: { household: "x" } })).toMatchObject({
      assessment: { total: 15_000 },
    });
  });

  it("reads dotted paths and the channel", () => {
    expect(factValue({ channel: "postal", form: {} }, "$channel")).toBe("postal");
    expect(factValue({ channel: "postal", form: { a: { b: 3 } } }, "a.b")).toBe(3);
    expect(factValue({ channel: "postal", form: { a: [1] } }, "a.b")).toBeUndefined();
  });

  it("property: the total is the sum of the lines, never negative, and an exempt line is 0", () => {
    const item = fc.record({
      amount: fc.integer({ min: 0, max: 10_000_000 }),
      exempt: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), fc.integer({ min: 0, max: 500 }), (items, pages) => {
        const definitions: FeeItemDefinition[] = items.map((entry, index) =>
          fixed(
            `item ${index}`,
            entry.amount,
            entry.exempt ? [{ field: "$channel", in: ["online"], reason: "x" }] : [],
          ),
        );
        definitions.push(certification);
        const outcome = assessFees(definitions, { channel: "online", form: { pages } });
        if (!outcome.ok) throw new Error("unexpected problem");
        const { lines, total } = outcome.assessment;
        expect(total).toBe(lines.reduce((sum, line) => sum + line.amount, 0));
        expect(total).toBeGreaterThanOrEqual(0);
        for (const line of lines) if (line.exemptReason) expect(line.amount).toBe(0);
        expect(lines.at(-1)!.amount).toBeLessThanOrEqual(200_000);
      }),
    );
  });

  it("property: per-unit amounts never decrease as units grow", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (units) => {
        const rule = perPage as Extract<FeeRule, { kind: "perUnit" }>;
        expect(perUnitAmount(rule, units + 1)).toBeGreaterThanOrEqual(perUnitAmount(rule, units));
      }),
    );
  });
});
