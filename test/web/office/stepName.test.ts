import { describe, expect, it } from "vitest";
import { stepName } from "../../../src/web/office/stepName.ts";

const steps = [
  { step: "appraisal", label: { vi: "Thẩm định và xác minh hồ sơ", en: "Appraisal and verification" } },
  { step: "awaitingApproval", label: { vi: "Chờ lãnh đạo phê duyệt", en: "" } },
];
const vi = (text: { vi: string; en: string }) => text.vi;
const en = (text: { vi: string; en: string }) => text.en || text.vi;
const dictionary = (code: string) => (code === "appraisal" ? "Thẩm định hồ sơ" : `?${code}`);

describe("a step's name in the office (R-CAT-4: the pinned version's names)", () => {
  it("uses the name the pinned version gives the step, not the dictionary's", () => {
    expect(stepName(steps, "appraisal", vi, dictionary)).toBe("Thẩm định và xác minh hồ sơ");
    expect(stepName(steps, "appraisal", en, dictionary)).toBe("Appraisal and verification");
    expect(stepName(steps, "awaitingApproval", en, dictionary)).toBe("Chờ lãnh đạo phê duyệt");
  });
  it("falls back to the dictionary for a step the version does not list, and is empty without a step", () => {
    expect(stepName(steps, "reception", vi, dictionary)).toBe("?reception");
    expect(stepName([], "appraisal", vi, dictionary)).toBe("Thẩm định hồ sơ");
    expect(stepName(steps, null, vi, dictionary)).toBe("");
    expect(stepName(steps, undefined, vi, dictionary)).toBe("");
  });
});
