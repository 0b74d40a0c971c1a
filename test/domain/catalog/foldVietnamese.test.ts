import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldVietnamese, searchWords } from "../../../src/domain/catalog/foldVietnamese.ts";

/** Every letter of the Vietnamese alphabet with every tone, lower and upper case (NFC). */
const vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
const tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];
const lowerLetters = [
  ...vowels.flatMap((vowel) => tones.map((tone) => (vowel + tone).normalize("NFC"))),
  ..."bcdđghklmnpqrstvx",
];
const vietnameseLetters = [...lowerLetters, ...lowerLetters.map((letter) => letter.toUpperCase())];
/** The plain ASCII letter each Vietnamese letter folds to. */
const baseOf = (letter: string) =>
  letter
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/, "d")
    .toLowerCase();

const vietnameseText = fc
  .array(
    fc.oneof(fc.constantFrom(...vietnameseLetters), fc.constantFrom(" ", ",", "-", ".", "0", "7", "(", ")")),
    {
      maxLength: 60,
    },
  )
  .map((parts) => parts.join(""));
const anyText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
);

describe("foldVietnamese — examples (issue #2 §5)", () => {
  it.each([
    ["Cấp giấy phép XÂY DỰNG", "cap giay phep xay dung"],
    ["Thủ tục đăng ký khai sinh", "thu tuc dang ky khai sinh"],
    ["ĐĂNG KÝ", "dang ky"],
    ["Đất đai", "dat dai"],
    ["Hộ tịch, chứng thực!", "ho tich chung thuc"],
    ["  nhiều   khoảng\ttrắng \n", "nhieu khoang trang"],
    ["Mã 1.001193", "ma 1.001193"],
    ["Phòng Văn hóa - Xã hội", "phong van hoa xa hoi"],
    ["Người nước ngoài", "nguoi nuoc ngoai"],
    ["Ủy ban nhân dân", "uy ban nhan dan"],
    ["", ""],
    ["!!!", ""],
  ])("%j → %j", (input, folded) => {
    expect(foldVietnamese(input)).toBe(folded);
  });

  it("folds decomposed (NFD) input like precomposed (NFC) input", () => {
    const text = "Cấp lại Giấy chứng nhận quyền sử dụng đất";
    expect(foldVietnamese(text.normalize("NFD"))).toBe(foldVietnamese(text.normalize("NFC")));
  });

  it("folds every Vietnamese letter, with every tone and case, to its plain ASCII letter", () => {
    for (const letter of vietnameseLetters) expect(foldVietnamese(letter), letter).toBe(baseOf(letter));
  });
});

describe("foldVietnamese — properties", () => {
  it("is idempotent: folding folded text changes nothing", () => {
    fc.assert(
      fc.property(fc.oneof(vietnameseText, anyText), (text) => {
        const once = foldVietnamese(text);
        expect(foldVietnamese(once)).toBe(once);
      }),
    );
  });

  it("leaves no combining mark and no đ/Đ", () => {
    fc.assert(
      fc.property(fc.oneof(vietnameseText, anyText), (text) => {
        const folded = foldVietnamese(text);
        expect(folded).not.toMatch(/\p{M}/u);
        expect(folded).not.toMatch(/[đĐ]/);
      }),
    );
  });

  it("turns Vietnamese text into ASCII lower-case letters, digits, dots and single spaces", () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        const folded = foldVietnamese(text);
        expect(folded).toMatch(/^[a-z0-9.]*( [a-z0-9.]+)*$/);
      }),
    );
  });

  it("never grows the text: Vietnamese (and any Latin) text keeps at most its length", () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        expect(foldVietnamese(text).length).toBeLessThanOrEqual(text.length);
      }),
    );
    // Scripts whose letters decompose into several letters (Hangul) grow only as far as their NFD form.
    fc.assert(
      fc.property(anyText, (text) => {
        expect(foldVietnamese(text).length).toBeLessThanOrEqual(text.normalize("NFD").length);
      }),
    );
  });

  it("ignores case and Unicode normalization form", () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        const folded = foldVietnamese(text);
        expect(foldVietnamese(text.toUpperCase())).toBe(folded);
        expect(foldVietnamese(text.toLowerCase())).toBe(folded);
        expect(foldVietnamese(text.normalize("NFD"))).toBe(folded);
      }),
    );
  });

  it("keeps the words of the text in order: folding each word and joining gives the same words", () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        const words = text
          .split(/\s+/)
          .map(foldVietnamese)
          .filter((word) => word.length > 0);
        expect(foldVietnamese(text)).toBe(words.join(" "));
      }),
    );
  });
});

describe("searchWords", () => {
  it("splits the folded query into words, dropping empty words and lone dots", () => {
    expect(searchWords("Đăng ký . khai-sinh")).toEqual(["dang", "ky", "khai", "sinh"]);
    expect(searchWords("  ")).toEqual([]);
    expect(searchWords("thủ tục 1.001193")).toEqual(["thu", "tuc", "1.001193"]);
  });

  it("property: every word is non-empty, has no space and is itself folded", () => {
    fc.assert(
      fc.property(fc.oneof(vietnameseText, anyText), (text) => {
        for (const word of searchWords(text)) {
          expect(word.length).toBeGreaterThan(0);
          expect(word).not.toMatch(/\s/);
          expect(word).not.toBe(".");
          expect(foldVietnamese(word)).toBe(word);
        }
      }),
    );
  });
});
