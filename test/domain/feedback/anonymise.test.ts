import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  anonymise,
  EMAIL_PATTERN,
  LONG_NUMBER_PATTERN,
  MASK,
} from "../../../src/domain/feedback/anonymise.ts";

/**
 * Issue #17: a published answer carries no personal data. These are properties of every text: whatever the seed,
 * the output holds no e-mail, no run of 9+ digits (phone, CCCD, CMND) and none of the given names.
 */

const letters = [
  ..."aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ",
];
const upper = letters.map((letter) => letter.toUpperCase());
const word = fc
  .array(fc.constantFrom(...letters, ...upper), { minLength: 1, maxLength: 8 })
  .map((chars) => chars.join(""));
const digit = fc.constantFrom(..."0123456789");
const separator = fc.constantFrom("", " ", ".", "-");
/** Digits written with optional separators, like people type numbers. */
const spacedDigits = (count: number, prefix: string[] = []) =>
  fc
    .tuple(
      fc.array(digit, { minLength: count, maxLength: count }),
      fc.array(separator, { minLength: count, maxLength: count }),
    )
    .map(([digits, seps]) =>
      prefix
        .concat(digits)
        .map((d, i) => (i === 0 ? d : `${seps[i - 1] ?? ""}${d}`))
        .join(""),
    );
const phone = fc.oneof(
  spacedDigits(9).map((rest) => `0${rest}`),
  spacedDigits(9).map((rest) => `+84 ${rest}`),
);
const cccd = spacedDigits(12);
const cmnd = spacedDigits(9);
const email = fc.emailAddress();
const name = fc.array(word, { minLength: 2, maxLength: 4 }).map((words) => words.join(" "));

/** Any character that can make up or surround personal data, so matches can touch and overlap. */
const noise = fc.string({
  unit: fc.constantFrom(
    ...letters.slice(0, 12),
    "A",
    "Z",
    " ",
    ".",
    "-",
    "@",
    "+",
    "_",
    "0",
    "5",
    "9",
    "\n",
    "*",
  ),
  maxLength: 12,
});

const piece = (names: string[]) =>
  fc.oneof(noise, word, phone, cccd, cmnd, email, ...(names.length ? [fc.constantFrom(...names)] : []));

const textWith = (names: string[]) =>
  fc.array(piece(names), { maxLength: 12 }).map((parts) => parts.join(" "));

const noMatch = (pattern: RegExp, text: string) => !new RegExp(pattern.source, pattern.flags).test(text);

describe("anonymise (issue #17 published answers)", () => {
  it("leaves no e-mail, no long number and no given name, in any text", () => {
    fc.assert(
      fc.property(
        fc.array(name, { maxLength: 2 }).chain((names) => fc.tuple(fc.constant(names), textWith(names))),
        ([names, text]) => {
          const output = anonymise(text, names);
          expect(noMatch(EMAIL_PATTERN, output)).toBe(true);
          expect(noMatch(LONG_NUMBER_PATTERN, output)).toBe(true);
          for (const given of names) expect(output.toLowerCase()).not.toContain(given.toLowerCase());
        },
      ),
      { numRuns: 400 },
    );
  });

  it("removes each inserted phone, CCCD, CMND and e-mail", () => {
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 6 }),
        fc.oneof(phone, cccd, cmnd, email),
        fc.array(word, { maxLength: 6 }),
        (before, secret, after) => {
          const output = anonymise([...before, secret, ...after].join(" "));
          expect(output).not.toContain(secret);
          expect(output).toContain(MASK);
        },
      ),
    );
  });

  it("keeps a text without personal data as it is", () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 20 }), (words) => {
        const text = words.join(" ");
        expect(anonymise(text)).toBe(text.normalize("NFC"));
      }),
    );
  });

  it("examples: numbers with spaces, +84, a name in other letter case, short numbers kept", () => {
    expect(
      anonymise("Tôi là Nguyễn Văn An, SĐT 0912 345 678, CCCD 001203004567, email an.nguyen@gmail.com", [
        "Nguyễn Văn An",
      ]),
    ).toBe("Tôi là ***, SĐT ***, CCCD ***, email ***");
    expect(anonymise("gọi +84 912.345.678 hoặc CMND 123-456-789")).toBe("gọi +*** hoặc CMND ***");
    expect(anonymise("ông NGUYỄN VĂN AN nói", ["Nguyễn Văn An"])).toBe("ông *** nói");
    expect(anonymise("hồ sơ số 12 ngày 03/11/2026, mã 000.20.01.H99")).toBe(
      "hồ sơ số 12 ngày 03/11/2026, mã 000.20.01.H99",
    );
  });
});
