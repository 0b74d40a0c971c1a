import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFeeExemptions, parseFeeRule } from "../../../src/domain/fees/feeRule.ts";

describe("fee rule format (data, never code)", () => {
  it("reads the three kinds", () => {
    expect(parseFeeRule({ kind: "fixed", amount: 50_000 })).toEqual({
      ok: true,
      value: { kind: "fixed", amount: 50_000 },
    });
    expect(
      parseFeeRule({
        kind: "perUnit",
        field: "pages",
        tiers: [{ upTo: 2, amount: 2000 }, { amount: 1000 }],
        max: 200_000,
      }),
    ).toEqual({
      ok: true,
      value: {
        kind: "perUnit",
        field: "pages",
        tiers: [{ upTo: 2, amount: 2000 }, { amount: 1000 }],
        max: 200_000,
      },
    });
    expect(parseFeeRule({ kind: "perUnit", field: "n", tiers: [{ amount: 1 }] })).toEqual({
      ok: true,
      value: { kind: "perUnit", field: "n", tiers: [{ amount: 1 }] },
    });
    expect(parseFeeRule({ kind: "lookup", field: "scale", table: { a: 1 }, otherwise: 2 })).toEqual({
      ok: true,
      value: { kind: "lookup", field: "scale", table: { a: 1 }, otherwise: 2 },
    });
    expect(parseFeeRule({ kind: "lookup", field: "scale", table: { a: 1 } })).toEqual({
      ok: true,
      value: { kind: "lookup", field: "scale", table: { a: 1 } },
    });
  });

  it.each([
    [null, "rule must be an object"],
    [[], "rule must be an object"],
    [{ kind: "eval", code: "1+1" }, "kind must be fixed, perUnit or lookup"],
    [{ kind: "fixed", amount: -1 }, "amount must be a whole number of đồng"],
    [{ kind: "fixed", amount: 1.5 }, "amount must be a whole number of đồng"],
    [{ kind: "perUnit", field: "a b", tiers: [{ amount: 1 }] }, "field must name a form field"],
    [{ kind: "perUnit", field: "a", tiers: [] }, "tiers must list at least one tier"],
    [{ kind: "perUnit", field: "a" }, "tiers must list at least one tier"],
    [
      { kind: "perUnit", field: "a", tiers: [{ amount: "x" }] },
      "tier 1: amount must be a whole number of đồng",
    ],
    [{ kind: "perUnit", field: "a", tiers: [null] }, "tier 1: amount must be a whole number of đồng"],
    [{ kind: "perUnit", field: "a", tiers: [{ amount: 1, upTo: 3 }] }, "the last tier must not have upTo"],
    [
      { kind: "perUnit", field: "a", tiers: [{ upTo: 3, amount: 1 }, { upTo: 2, amount: 1 }, { amount: 1 }] },
      "tier 2: upTo must be a whole number above the previous tier's",
    ],
    [{ kind: "perUnit", field: "a", tiers: [{ amount: 1 }], max: -5 }, "max must be a whole number of đồng"],
    [{ kind: "lookup", field: 3, table: { a: 1 } }, "field must name a form field"],
    [{ kind: "lookup", field: "a", table: {} }, "table must map at least one value"],
    [{ kind: "lookup", field: "a", table: { x: -1 } }, 'table "x": amount must be a whole number of đồng'],
    [
      { kind: "lookup", field: "a", table: { x: 1 }, otherwise: "y" },
      "otherwise must be a whole number of đồng",
    ],
  ])("refuses %j: %s", (raw, problem) => {
    const outcome = parseFeeRule(raw);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems).toContain(problem);
  });

  it("reads exemptions and names each bad one", () => {
    expect(parseFeeExemptions(undefined)).toEqual({ ok: true, value: [] });
    expect(parseFeeExemptions(null)).toEqual({ ok: true, value: [] });
    expect(parseFeeExemptions([{ field: "$channel", in: ["online"], reason: "Miễn" }])).toEqual({
      ok: true,
      value: [{ field: "$channel", in: ["online"], reason: "Miễn" }],
    });
    expect(parseFeeExemptions({})).toEqual({ ok: false, problems: ["exemptions must be a list"] });
    expect(
      parseFeeExemptions([
        { field: "a", in: [], reason: "x" },
        { field: "a", in: [{}], reason: "x" },
        { field: "a", in: [1], reason: " " },
      ]),
    ).toEqual({
      ok: false,
      problems: [1, 2, 3].map((n) => `exemption ${n}: needs field, a non-empty "in" list and a reason`),
    });
  });

  it("property: whatever JSON comes in, the parser answers without throwing, and what it accepts it reads back the same", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const outcome = parseFeeRule(raw);
        if (outcome.ok) expect(parseFeeRule(outcome.value)).toEqual(outcome);
      }),
    );
  });
});
