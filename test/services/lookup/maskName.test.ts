import { describe, expect, it } from "vitest";
import { maskName } from "../../../src/services/lookup/maskName.ts";

describe("maskName (R-LOOK-2, LOOKUP_MASK_NAMES)", () => {
  it("keeps the family name and the first letter of every other word", () => {
    expect(maskName("Nguyễn Văn An")).toBe("Nguyễn V** A*");
    expect(maskName("Trần Thị Bình")).toBe("Trần T** B***");
    expect(maskName("Lê Ánh")).toBe("Lê Á**");
  });

  it("counts a letter with stacked diacritics as one letter, precomposed or combining", () => {
    expect(maskName("Phạm Thị Ngọc Ánh")).toBe("Phạm T** N*** Á**");
    // "Nguyễn Đức Thắng" typed with combining marks (NFD): the same answer as the precomposed text.
    const decomposed = "Nguyễn Đức Thắng".normalize("NFD");
    expect(decomposed.length).toBeGreaterThan("Nguyễn Đức Thắng".length);
    expect(maskName(decomposed)).toBe("Nguyễn Đ** T****");
    expect(maskName("Nguyễn Đức Thắng")).toBe("Nguyễn Đ** T****");
    // Lower-case and capital Đ/đ are single letters too.
    expect(maskName("đỗ ước")).toBe("đỗ ư**");
  });

  it("masks a one-word name after its first letter, and tidies spaces", () => {
    expect(maskName("Hường")).toBe("H****");
    expect(maskName("  Hoàng   Thị  Lan ")).toBe("Hoàng T** L**");
    expect(maskName("")).toBe("");
    expect(maskName("Võ A")).toBe("Võ A");
  });

  it("masks as counting graphemes, also where it counts characters (issue #21: Latin words skip the segmenter)", () => {
    const segmenter = new Intl.Segmenter("vi", { granularity: "grapheme" });
    const byGraphemes = (name: string) => {
      const words = name.normalize("NFC").trim().split(/\s+/u).filter(Boolean);
      const mask = (word: string) => {
        const letters = [...segmenter.segment(word)].map((part) => part.segment);
        return letters[0] + "*".repeat(letters.length - 1);
      };
      return words.length === 1 ? mask(words[0]!) : [words[0]!, ...words.slice(1).map(mask)].join(" ");
    };
    const names = [
      "Nguyễn Văn Khách 12",
      "Lò Văn Sì",
      "Công ty TNHH Số 7",
      "H'Hen Niê",
      "Ksor Y-Ơn",
      "Nguyễn x\u0302\u0323y",
      "Trần 👩‍👩‍👧 An",
      "Phạm Thị 李小龍",
      "Lê \u1100\u1161\u11a8",
      "Đặng O\u0308\u0301\u0323",
      "Võ ỹỸ",
    ];
    // Every character the fast path takes, in one word each.
    for (const [from, to] of [
      [0x21, 0x7e],
      [0xa1, 0x24f],
      [0x1e00, 0x1eff],
    ] as const) {
      let word = "";
      for (let code = from; code <= to; code++) word += String.fromCharCode(code);
      names.push(`Họ ${word}`);
    }
    for (const name of names) expect(maskName(name)).toBe(byGraphemes(name));
  });
});
