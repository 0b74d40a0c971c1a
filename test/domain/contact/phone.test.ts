import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INVALID_PHONE_MESSAGE, isValidPhone, normalizePhone } from "../../../src/domain/contact/phone.ts";

describe("normalizePhone (issue #12 §7)", () => {
  it.each([
    ["0987654321", "0987654321"],
    ["0987 654 321", "0987654321"],
    ["0987.654.321", "0987654321"],
    ["0987-654-321", "0987654321"],
    [" (0987) 654 321 ", "0987654321"],
    ["+84987654321", "0987654321"],
    ["+84 987 654 321", "0987654321"],
    ["+84 0987 654 321", "0987654321"],
    ["84987654321", "0987654321"],
    ["0084987654321", "0987654321"],
    ["0843123456", "0843123456"],
    ["0299 3821 004", "02993821004"],
    ["+84 299 3821 004", "02993821004"],
    ["842993821004", "02993821004"],
    ["０９８７６５４３２１", "0987654321"],
  ])("%s → %s", (raw, national) => {
    expect(normalizePhone(raw)).toBe(national);
    expect(isValidPhone(raw)).toBe(true);
  });

  it.each([
    "",
    "   ",
    "12345",
    "09-12",
    "098765432",
    "09876543210",
    "0087654321",
    "+1 202 555 0100",
    "+8498765432",
    "0987654321x",
    "0987_654_321",
    "84 98765432",
    "03123456789",
    "abc",
  ])("refuses %j", (raw) => {
    expect(normalizePhone(raw)).toBeUndefined();
    expect(isValidPhone(raw)).toBe(false);
  });

  it("says what is wrong in Vietnamese and English", () => {
    expect(INVALID_PHONE_MESSAGE.vi).toMatch(/Số điện thoại không hợp lệ/);
    expect(INVALID_PHONE_MESSAGE.en).toMatch(/phone number/);
  });

  const mobile = fc
    .tuple(fc.constantFrom("3", "5", "7", "8", "9"), fc.stringMatching(/^\d{8}$/))
    .map(([network, rest]) => `0${network}${rest}`);
  const separator = fc.constantFrom("", " ", ".", "-");

  it("any valid number written with separators and any prefix has the same national form", () => {
    fc.assert(
      fc.property(
        mobile,
        fc.constantFrom("0", "+84", "+84 ", "84", "0084", "+840"),
        fc.array(separator, { minLength: 9, maxLength: 9 }),
        (national, prefix, seps) => {
          const digits = national.slice(1).split("");
          const body = digits.map((digit, index) => digit + (seps[index] ?? "")).join("");
          const typed = (prefix === "0" ? "0" : prefix) + body;
          expect(normalizePhone(typed)).toBe(national);
        },
      ),
    );
  });

  it("the national form is digits only, starts with 0, and is a fixed point", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (raw) => {
        const national = normalizePhone(raw);
        if (national === undefined) return;
        expect(national).toMatch(/^0\d{9,10}$/);
        expect(normalizePhone(national)).toBe(national);
      }),
    );
  });

  it("a letter anywhere makes the number invalid", () => {
    fc.assert(
      fc.property(
        mobile,
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom("a", "x", "O", "l", "#"),
        (n, at, ch) => {
          expect(normalizePhone(n.slice(0, at) + ch + n.slice(at))).toBeUndefined();
        },
      ),
    );
  });
});
