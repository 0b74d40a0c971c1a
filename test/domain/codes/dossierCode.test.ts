import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildDossierCode,
  DOSSIER_SEQUENCE_MIN_DIGITS,
  isValidDossierCode,
  parseDossierCode,
} from "../../../src/domain/codes/dossierCode.ts";
import { provinceCivilDate } from "../../../src/domain/codes/provinceDate.ts";

const at = (iso: string) => new Date(iso);

describe("dossier code {agencyId}-{YYMMDD}-{NNNN} (R-CODE-1)", () => {
  it("R-CODE-1: builds the regulation's example 000.00.01.H12-250714-0001", () => {
    expect(
      buildDossierCode({
        agencyId: "000.00.01.H12",
        receivedAt: at("2025-07-14T09:00:00+07:00"),
        sequence: 1,
      }),
    ).toBe("000.00.01.H12-250714-0001");
  });

  it("R-CODE-1: the date is the reception date in Asia/Ho_Chi_Minh, not in UTC", () => {
    // 2025-07-13 18:30 UTC is already 2025-07-14 01:30 in the province.
    expect(
      buildDossierCode({ agencyId: "G09.20", receivedAt: at("2025-07-13T18:30:00Z"), sequence: 7 }),
    ).toBe("G09.20-250714-0007");
    // 2025-07-14 16:59 UTC is still 23:59 on the 14th.
    expect(
      buildDossierCode({ agencyId: "G09.20", receivedAt: at("2025-07-14T16:59:00Z"), sequence: 7 }),
    ).toBe("G09.20-250714-0007");
  });

  it("R-CODE-1: the sequence is zero-padded to 4 digits and grows beyond 9999", () => {
    const receivedAt = at("2025-01-02T08:00:00+07:00");
    expect(buildDossierCode({ agencyId: "A", receivedAt, sequence: 9999 })).toBe("A-250102-9999");
    expect(buildDossierCode({ agencyId: "A", receivedAt, sequence: 10000 })).toBe("A-250102-10000");
    expect(parseDossierCode("A-250102-123456")?.sequence).toBe(123456);
  });

  it.each([
    ["", 1],
    ["has space", 1],
    ["x".repeat(41), 1],
    ["A", 0],
    ["A", -3],
    ["A", 1.5],
  ])("R-CODE-1: refuses to build with agency %j and sequence %d", (agencyId, sequence) => {
    expect(() => buildDossierCode({ agencyId, receivedAt: at("2025-01-02T08:00:00Z"), sequence })).toThrow(
      RangeError,
    );
  });

  it("R-CODE-1: parses the parts, reading date and sequence from the right (agency ids may contain '-')", () => {
    expect(parseDossierCode("000.00.01.H12-250714-0001")).toEqual({
      agencyId: "000.00.01.H12",
      receptionDate: { year: 2025, month: 7, day: 14 },
      sequence: 1,
    });
    expect(parseDossierCode("SO-TP-240229-0042")).toEqual({
      agencyId: "SO-TP",
      receptionDate: { year: 2024, month: 2, day: 29 },
      sequence: 42,
    });
  });

  it.each([
    "000.00.01.H12-250714-001", // 3-digit sequence
    "000.00.01.H12-250714-0000", // sequence starts at 1
    "000.00.01.H12-250714-00001", // padded beyond 4 digits: never built
    "000.00.01.H12-251314-0001", // month 13
    "000.00.01.H12-250230-0001", // 30 February
    "000.00.01.H12-250700-0001", // day 0
    "000.00.01.H12-230229-0001", // 2023 is not a leap year
    "-250714-0001", // no agency
    "a b-250714-0001", // space in agency
    "000.00.01.H12-2507140001",
    "",
  ])("R-CODE-1: rejects %j", (code) => {
    expect(parseDossierCode(code)).toBeUndefined();
    expect(isValidDossierCode(code)).toBe(false);
  });

  it("R-CODE-1: build → parse round-trips for any valid agency, instant and sequence (property)", () => {
    const agencyId = fc
      .string({ minLength: 1, maxLength: 40, unit: fc.constantFrom(..."ABCGH0123456789.-_") })
      .filter((s) => s.trim() === s);
    const instant = fc.date({
      min: new Date("2000-01-01T00:00:00+07:00"),
      max: new Date("2099-12-31T23:59:59+07:00"),
      noInvalidDate: true,
    });
    const sequence = fc.integer({ min: 1, max: 10_000_000 });
    fc.assert(
      fc.property(agencyId, instant, sequence, (id, receivedAt, seq) => {
        const code = buildDossierCode({ agencyId: id, receivedAt, sequence: seq });
        const parsed = parseDossierCode(code);
        expect(parsed).toEqual({ agencyId: id, receptionDate: provinceCivilDate(receivedAt), sequence: seq });
        expect(code.split("-").at(-1)!.length).toBeGreaterThanOrEqual(DOSSIER_SEQUENCE_MIN_DIGITS);
      }),
    );
  });
});
