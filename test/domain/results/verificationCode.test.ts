import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CODE_ALPHABET,
  CODE_DATA_LENGTH,
  checkCharacter,
  parseVerificationCode,
  verificationCodeFrom,
} from "../../../src/domain/results/verificationCode.ts";

const bytes = fc.uint8Array({ minLength: CODE_DATA_LENGTH, maxLength: CODE_DATA_LENGTH });
const compact = (code: string) => code.replaceAll("-", "");

describe("result verification code (R-RES-1)", () => {
  it("is 14 characters of Crockford base32 and a check character, in three groups of five", () => {
    const code = verificationCodeFrom(new Uint8Array(CODE_DATA_LENGTH).fill(0));
    expect(code).toBe("00000-00000-00000");
    const counted = verificationCodeFrom(Uint8Array.from({ length: 14 }, (_, index) => index + 10));
    expect(counted).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(counted.slice(0, 16).replaceAll("-", "")).toBe("ABCDEFGHJKMNPQ");
  });

  it("takes each byte's low five bits; refuses fewer than 14 bytes", () => {
    expect(verificationCodeFrom(new Uint8Array(CODE_DATA_LENGTH).fill(255)).slice(0, 5)).toBe("ZZZZZ");
    expect(() => verificationCodeFrom(new Uint8Array(13))).toThrow(RangeError);
  });

  it("the Luhn mod 32 check character of known data", () => {
    // "1" alone: doubled → 2, check = 32 − 2 = 30 → "Y".
    expect(checkCharacter("1")).toBe("Y");
    // "G" (16) doubled = 32 → folded 1 + 0 = 1; check 31 → "Z".
    expect(checkCharacter("G")).toBe("Z");
    expect(checkCharacter("")).toBe("0");
  });

  it("reads a code back whatever its case, spaces, hyphens and look-alike letters", () => {
    const code = verificationCodeFrom(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]));
    expect(parseVerificationCode(code)).toBe(code);
    expect(parseVerificationCode(compact(code).toLowerCase())).toBe(code);
    expect(parseVerificationCode(` ${code.replaceAll("-", " ")} `)).toBe(code);
    expect(parseVerificationCode(code.replace("0", "O").replace("1", "l"))).toBe(code);
    expect(parseVerificationCode(code.replace("1", "I"))).toBe(code);
  });

  it("refuses a wrong length, a foreign character, a wrong check character and absurd input", () => {
    const code = verificationCodeFrom(new Uint8Array(CODE_DATA_LENGTH).fill(7));
    expect(parseVerificationCode(code.slice(0, -1))).toBeUndefined();
    expect(parseVerificationCode(`${code}7`)).toBeUndefined();
    expect(parseVerificationCode(code.replace(/^./, "U"))).toBeUndefined();
    expect(parseVerificationCode(code.replace(/^./, "#"))).toBeUndefined();
    const last = code.at(-1)!;
    const wrong = CODE_ALPHABET[(CODE_ALPHABET.indexOf(last) + 1) % 32]!;
    expect(parseVerificationCode(code.slice(0, -1) + wrong)).toBeUndefined();
    expect(parseVerificationCode("x".repeat(41))).toBeUndefined();
    expect(parseVerificationCode("")).toBeUndefined();
  });

  it("property: every generated code reads back as itself", () => {
    fc.assert(
      fc.property(bytes, (random) => {
        const code = verificationCodeFrom(random);
        expect(parseVerificationCode(code)).toBe(code);
        expect(parseVerificationCode(compact(code).toLowerCase())).toBe(code);
      }),
    );
  });

  it("property: changing any one character is caught by the check character", () => {
    fc.assert(
      fc.property(bytes, fc.nat(14), fc.integer({ min: 1, max: 31 }), (random, position, shift) => {
        const characters = [...compact(verificationCodeFrom(random))];
        const index = CODE_ALPHABET.indexOf(characters[position]!);
        characters[position] = CODE_ALPHABET[(index + shift) % 32]!;
        expect(parseVerificationCode(characters.join(""))).toBeUndefined();
      }),
    );
  });

  it("property: swapping two different neighbouring data characters is caught unless they are a Luhn twin pair", () => {
    fc.assert(
      fc.property(bytes, fc.nat(12), (random, position) => {
        const characters = [...compact(verificationCodeFrom(random))];
        const [a, b] = [characters[position]!, characters[position + 1]!];
        fc.pre(a !== b);
        const [va, vb] = [CODE_ALPHABET.indexOf(a), CODE_ALPHABET.indexOf(b)];
        // Luhn mod N misses only the pair whose values are 0 and N − 1 (like 0/9 in decimal Luhn).
        fc.pre(!(va + vb === 31 && (va === 0 || vb === 0)));
        characters[position] = b;
        characters[position + 1] = a;
        expect(parseVerificationCode(characters.join(""))).toBeUndefined();
      }),
    );
  });
});
