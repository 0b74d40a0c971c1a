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
});
