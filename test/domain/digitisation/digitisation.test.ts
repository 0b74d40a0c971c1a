import { describe, expect, it } from "vitest";
import {
  checkScan,
  DOCUMENT_TYPES,
  digitisationShortfall,
  EXEMPTION_REASONS,
  exemptionRefusal,
  metadataProblems,
  placedDpi,
} from "../../../src/domain/digitisation/index.ts";

describe("scan requirements (R-DIG-2)", () => {
  const base = { mediaType: "application/pdf", dpi: 300, pages: 2, pdfA: false };
  const expected = { retention: "standard" as const, sourcePages: 2, pdfARequired: false };

  it("300 dpi for standard papers, 200 for short-lived ones; a born-digital PDF has nothing to measure", () => {
    for (const dpi of [150, 199, 200, 299, 300, 600])
      for (const retention of ["standard", "shortLived"] as const) {
        const minimum = retention === "standard" ? 300 : 200;
        const problems = checkScan({ ...base, dpi }, { ...expected, retention });
        expect(problems.length === 0).toBe(dpi >= minimum);
      }
    expect(checkScan({ ...base, dpi: null }, expected)).toEqual([]);
  });

  it("format, page count and PDF/A where required", () => {
    expect(checkScan({ ...base, mediaType: "image/gif" }, expected)).toEqual([
      { code: "FORMAT_NOT_ACCEPTED", mediaType: "image/gif" },
    ]);
    expect(checkScan({ ...base, pages: 1 }, expected)).toEqual([
      { code: "PAGE_COUNT_MISMATCH", pages: 1, sourcePages: 2 },
    ]);
    expect(checkScan(base, { ...expected, pdfARequired: true })).toEqual([{ code: "PDFA_REQUIRED" }]);
    expect(checkScan({ ...base, pdfA: true }, { ...expected, pdfARequired: true })).toEqual([]);
    expect(
      checkScan({ ...base, mediaType: "image/png", pages: 2 }, { ...expected, pdfARequired: true }),
    ).toEqual([{ code: "PDFA_REQUIRED" }]);
  });

  it("an A4 scan of 2480 × 3508 pixels is 300 dpi; half of it 150", () => {
    expect(placedDpi({ width: 2480, height: 3508 }, { width: 595.28, height: 841.89 })).toBe(299);
    expect(placedDpi({ width: 2481, height: 3509 }, { width: 595.28, height: 841.89 })).toBe(300);
    expect(placedDpi({ width: 1240, height: 1754 }, { width: 595.28, height: 841.89 })).toBe(149);
  });
});

describe("exemptions (R-RECV-7, TT 03/2025 Điều 5 k2)", () => {
  it("every reason and channel: electronic only online, classified only with a note", () => {
    for (const reason of EXEMPTION_REASONS)
      for (const channel of ["online", "counter", "postal"])
        for (const note of [null, "", "  ", "Mật theo quyết định số 12"]) {
          const refusal = exemptionRefusal(reason, channel, note);
          if (reason === "electronicSubmission" && channel !== "online")
            expect(refusal).toBe("ONLINE_ONLY_FOR_ELECTRONIC");
          else if (reason === "classified" && (note === null || note.trim() === ""))
            expect(refusal).toBe("NOTE_REQUIRED");
          else expect(refusal).toBeNull();
        }
  });
});

describe("metadata (R-DIG-1)", () => {
  const metadata = {
    componentCode: "TP1",
    documentType: DOCUMENT_TYPES[0],
    issuer: "Công an tỉnh",
    documentNumber: "001",
    issueDate: "2026-11-30",
    validUntil: "2036-11-30",
    pages: 1,
  };
  it("dates in order, not expired, pages in range", () => {
    expect(metadataProblems(metadata, "2026-12-02")).toEqual([]);
    expect(metadataProblems({ ...metadata, issueDate: "2026-12-03" }, "2026-12-02")).toEqual([
      "ISSUE_DATE_IN_FUTURE",
    ]);
    expect(metadataProblems({ ...metadata, validUntil: "2026-11-01" }, "2026-12-02")).toEqual([
      "VALID_UNTIL_BEFORE_ISSUE",
    ]);
    expect(
      metadataProblems({ ...metadata, issueDate: null, validUntil: "2026-12-01" }, "2026-12-02"),
    ).toEqual(["EXPIRED_DOCUMENT"]);
    expect(metadataProblems({ ...metadata, pages: 0 }, "2026-12-02")).toEqual(["PAGES_OUT_OF_RANGE"]);
  });
});

describe("a dossier digitised for the 766 index (R-KPI-3 4.2)", () => {
  const done = { digitised: true, exempt: false };
  const waiting = { digitised: false, exempt: false };
  const exempt = { digitised: false, exempt: true };
  const facts = { channel: "counter", hasResultStatus: false, results: 0, digitisedResults: 0 };
  it("every component digitised or exempt, online as electronic; then a signed result once there is one", () => {
    expect(digitisationShortfall({ ...facts, components: [] })).toBe("NOT_DIGITIZED");
    expect(digitisationShortfall({ ...facts, components: [done, waiting] })).toBe("NOT_DIGITIZED");
    expect(digitisationShortfall({ ...facts, components: [done, exempt] })).toBeNull();
    expect(digitisationShortfall({ ...facts, channel: "online", components: [waiting] })).toBeNull();
    const withResult = { ...facts, components: [done], hasResultStatus: true };
    expect(digitisationShortfall(withResult)).toBe("NO_ELECTRONIC_RESULT");
    expect(digitisationShortfall({ ...withResult, results: 1 })).toBe("RESULT_NOT_SIGNED");
    expect(digitisationShortfall({ ...withResult, results: 1, digitisedResults: 1 })).toBeNull();
  });
});
