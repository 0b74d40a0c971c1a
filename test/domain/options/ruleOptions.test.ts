import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  changedRuleOptions,
  DEFAULT_RULE_OPTIONS,
  decisionSettingsOf,
  parseRuleOptionValues,
  RULE_OPTION_BOUNDS,
  RULE_OPTION_NAMES,
  type RuleOptionValues,
  resolveRuleOptions,
  ruleOptionLabel,
} from "../../../src/domain/options/ruleOptions.ts";

/** Issue #12 §6: offering override ?? province setting ?? documented default (REGULATIONS §0 [M], §24). */
describe("documented defaults", () => {
  it("R-SUPP-1 3 wd, R-SUPP-3 restart, R-SUPP-4 15 wd, R-STATUS-5 [M] 8, R-RECV-1 8 wh", () => {
    expect(DEFAULT_RULE_OPTIONS).toEqual({
      supplementWindowWorkingDays: 3,
      supplementClock: "restart",
      abandonmentWorkingDays: 15,
      refusalAfterAppraisalStatus: 8,
      receptionWorkingHours: 8,
    });
    expect(resolveRuleOptions(undefined, undefined)).toEqual({
      options: DEFAULT_RULE_OPTIONS,
      sources: Object.fromEntries(RULE_OPTION_NAMES.map((name) => [name, "default"])),
    });
  });

  it("every option has a Vietnamese and an English label without internal codes", () => {
    for (const name of RULE_OPTION_NAMES) {
      const label = ruleOptionLabel(name);
      expect(label.vi).not.toMatch(/[A-Z]-[A-Z]+-\d|[a-z][A-Z]/);
      expect(label.en.length).toBeGreaterThan(5);
    }
  });
});

const values: fc.Arbitrary<RuleOptionValues> = fc.record(
  {
    supplementWindowWorkingDays: fc.integer(RULE_OPTION_BOUNDS.supplementWindowWorkingDays),
    supplementClock: fc.constantFrom("restart" as const, "pauseAndExtend" as const),
    abandonmentWorkingDays: fc.integer(RULE_OPTION_BOUNDS.abandonmentWorkingDays),
    refusalAfterAppraisalStatus: fc.constantFrom(8 as const, 9 as const),
    receptionWorkingHours: fc.integer(RULE_OPTION_BOUNDS.receptionWorkingHours),
  },
  { requiredKeys: [] },
);

describe("resolution (offering ?? province ?? default)", () => {
  it("property: each option comes from the nearest scope that sets it, and says so", () => {
    fc.assert(
      fc.property(values, values, (province, offering) => {
        const { options, sources } = resolveRuleOptions(province, offering);
        for (const name of RULE_OPTION_NAMES) {
          const expected = offering[name] ?? province[name] ?? DEFAULT_RULE_OPTIONS[name];
          expect(options[name]).toBe(expected);
          expect(sources[name]).toBe(
            offering[name] !== undefined ? "offering" : province[name] !== undefined ? "province" : "default",
          );
        }
      }),
    );
  });

  it("property: whatever a scope stores and is valid parses back to itself", () => {
    fc.assert(
      fc.property(values, (set) => {
        expect(parseRuleOptionValues(set)).toEqual({ ok: true, values: set });
      }),
    );
  });

  it("the rules receive the options as their deadline policy and status reading", () => {
    const { options } = resolveRuleOptions(
      { supplementWindowWorkingDays: 5 },
      { refusalAfterAppraisalStatus: 9 },
    );
    expect(decisionSettingsOf(options)).toEqual({
      policy: {
        supplementWindow: { amount: 5, unit: "wd" },
        supplementClock: "restart",
        abandonmentWorkingDays: 15,
        receptionWorkingHours: 8,
      },
      options: { refusalAfterAppraisalStatus: 9 },
    });
  });
});

describe("validation", () => {
  it("null means not set; an empty object sets nothing", () => {
    expect(parseRuleOptionValues({ supplementClock: null })).toEqual({ ok: true, values: {} });
    expect(parseRuleOptionValues({})).toEqual({ ok: true, values: {} });
  });

  it.each([[null], [[]], ["8"]])("refuses a non-object %j", (input) => {
    expect(parseRuleOptionValues(input)).toMatchObject({ ok: false, problems: [{ field: "" }] });
  });

  const bad: [string, unknown][] = [
    ["supplementWindowWorkingDays", 0],
    ["supplementWindowWorkingDays", 61],
    ["supplementWindowWorkingDays", 2.5],
    ["supplementWindowWorkingDays", "3"],
    ["abandonmentWorkingDays", 0],
    ["abandonmentWorkingDays", 121],
    ["receptionWorkingHours", 0],
    ["receptionWorkingHours", 81],
    ["receptionWorkingHours", Number.NaN],
    ["supplementClock", "pause"],
    ["supplementClock", 1],
    ["refusalAfterAppraisalStatus", 10],
    ["refusalAfterAppraisalStatus", "8"],
  ];
  it.each(bad)("refuses %s = %j with a Vietnamese message naming the field", (field, value) => {
    const parsed = parseRuleOptionValues({ [field]: value });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]!.field).toBe(field);
    expect(parsed.problems[0]!.message.vi).toMatch(/[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựđ]/);
  });

  it("the bounds themselves are accepted", () => {
    for (const [name, { min, max }] of Object.entries(RULE_OPTION_BOUNDS)) {
      expect(parseRuleOptionValues({ [name]: min }).ok).toBe(true);
      expect(parseRuleOptionValues({ [name]: max }).ok).toBe(true);
    }
  });

  it("an unknown option is refused; every problem is reported at once", () => {
    const parsed = parseRuleOptionValues({ other: 1, receptionWorkingHours: 0, supplementClock: "x" });
    expect(parsed).toMatchObject({ ok: false });
    expect(!parsed.ok && parsed.problems.map((p) => p.field)).toEqual([
      "",
      "receptionWorkingHours",
      "supplementClock",
    ]);
  });
});

describe("audit summary", () => {
  it("names the options that changed between two settings of a scope", () => {
    expect(changedRuleOptions({}, {})).toEqual([]);
    expect(
      changedRuleOptions(
        { abandonmentWorkingDays: 15, supplementClock: "restart" },
        { abandonmentWorkingDays: 20 },
      ),
    ).toEqual(["supplementClock", "abandonmentWorkingDays"]);
  });
});
