import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { amountInWords } from "../../../src/domain/fees/amountInWords.ts";

describe("amount in Vietnamese words (R-FEE-3 receipts)", () => {
  it.each([
    [0, "Không đồng"],
    [1, "Một đồng"],
    [5, "Năm đồng"],
    [10, "Mười đồng"],
    [11, "Mười một đồng"],
    [15, "Mười lăm đồng"],
    [20, "Hai mươi đồng"],
    [21, "Hai mươi mốt đồng"],
    [24, "Hai mươi bốn đồng"],
    [25, "Hai mươi lăm đồng"],
    [100, "Một trăm đồng"],
    [105, "Một trăm linh năm đồng"],
    [110, "Một trăm mười đồng"],
    [2_010, "Hai nghìn không trăm mười đồng"],
    [15_000, "Mười lăm nghìn đồng"],
    [21_000, "Hai mươi mốt nghìn đồng"],
    [100_000, "Một trăm nghìn đồng"],
    [150_000, "Một trăm năm mươi nghìn đồng"],
    [1_000_005, "Một triệu không trăm linh năm đồng"],
    [1_505_000, "Một triệu năm trăm linh năm nghìn đồng"],
    [2_500_000, "Hai triệu năm trăm nghìn đồng"],
    [1_000_000_000, "Một tỷ đồng"],
    [1_000_000_005, "Một tỷ không trăm linh năm đồng"],
    [2_001_000_000, "Hai tỷ không trăm linh một triệu đồng"],
    [1_000_000_000_000, "Một nghìn tỷ đồng"],
  ])("%d → %s", (amount, words) => {
    expect(amountInWords(amount)).toBe(words);
  });

  it("refuses negative, fractional and unsafe amounts", () => {
    expect(() => amountInWords(-1)).toThrow(RangeError);
    expect(() => amountInWords(1.5)).toThrow(RangeError);
    expect(() => amountInWords(Number.MAX_SAFE_INTEGER + 2)).toThrow(RangeError);
  });

  it("is deterministic, capitalised, ends in đồng, never doubles a space, and distinct amounts read differently", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999_999 }),
        fc.integer({ min: 0, max: 999_999_999_999 }),
        (a, b) => {
          const words = amountInWords(a);
          expect(words.endsWith(" đồng")).toBe(true);
          expect(words).not.toMatch(/ {2}/);
          expect(words.charAt(0)).toBe(words.charAt(0).toUpperCase());
          if (a !== b) expect(words).not.toBe(amountInWords(b));
        },
      ),
    );
  });
});
