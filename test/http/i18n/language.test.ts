import { describe, expect, it } from "vitest";
import { localize, negotiateLanguage } from "../../../src/http/i18n/language.ts";

describe("negotiateLanguage — Vietnamese unless English is preferred (issue #2)", () => {
  it.each<[string | undefined, "vi" | "en"]>([
    [undefined, "vi"],
    ["", "vi"],
    ["vi", "vi"],
    ["vi-VN", "vi"],
    ["en", "en"],
    ["EN", "en"],
    ["en-US", "en"],
    ["en-GB,en;q=0.9", "en"],
    ["en-US,en;q=0.9,vi;q=0.8", "en"],
    ["vi;q=0.9, en;q=0.8", "vi"],
    ["en;q=0.5, vi", "vi"],
    ["vi, en", "vi"],
    ["en, vi", "en"],
    ["fr-FR, en;q=0.5", "en"],
    ["fr, de", "vi"],
    ["*", "vi"],
    ["en;q=0", "vi"],
    ["en;q=abc", "vi"],
    ["en; q=0.7", "en"],
    [" en ", "en"],
    [",,en", "en"],
  ])("%j → %s", (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});

describe("localize", () => {
  it("picks the text of the language", () => {
    const text = { vi: "Không tìm thấy", en: "Not found" };
    expect(localize(text, "vi")).toBe("Không tìm thấy");
    expect(localize(text, "en")).toBe("Not found");
  });
});
