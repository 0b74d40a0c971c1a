import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETENTION_YEARS,
  defaultRetentionYears,
  disposalRefusal,
  disposeAfter,
} from "../../../src/domain/archive/retention.ts";

describe("retention and disposal (R-ARC-1, R-ARC-2)", () => {
  it("civil status and land are permanent by default, other fields 10 years", () => {
    expect(defaultRetentionYears("Hộ tịch")).toBeNull();
    expect(defaultRetentionYears(" Đất đai ")).toBeNull();
    expect(defaultRetentionYears("Xây dựng")).toBe(DEFAULT_RETENTION_YEARS);
  });

  it("the end of retention is the closing instant plus the years; permanent has none", () => {
    expect(disposeAfter(new Date("2026-10-05T09:00:00Z"), 10)).toEqual(new Date("2036-10-05T09:00:00Z"));
    expect(disposeAfter(new Date("2026-10-05T09:00:00Z"), null)).toBeNull();
  });

  it("every combination: a hold always wins, disposed stays disposed, only an ended retention may be disposed", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    fc.assert(
      fc.property(
        fc.constantFrom("packaged", "handed_over", "disposed") as fc.Arbitrary<
          "packaged" | "handed_over" | "disposed"
        >,
        fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: null }),
        fc.boolean(),
        (status, offsetDays, onHold) => {
          const end = offsetDays === null ? null : new Date(now.getTime() + offsetDays * 86_400_000);
          const refusal = disposalRefusal({ status, disposeAfter: end, onHold }, now);
          if (status === "disposed") expect(refusal).toBe("ALREADY_DISPOSED");
          else if (onHold) expect(refusal).toBe("ON_HOLD");
          else if (end === null) expect(refusal).toBe("PERMANENT");
          else if (end.getTime() > now.getTime()) expect(refusal).toBe("RETENTION_RUNNING");
          else expect(refusal).toBeUndefined();
        },
      ),
    );
  });
});
