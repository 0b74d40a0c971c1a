import { describe, expect, it } from "vitest";
import {
  isValidCentralDossierCode,
  parseCentralDossierCode,
} from "../../../src/domain/codes/centralDossierCode.ts";
import { recognizeDossierCode } from "../../../src/domain/codes/recognizeDossierCode.ts";

describe("central-system dossier codes MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX (R-CODE-2)", () => {
  it("R-CODE-2: parses the owning agency, date, AA digits and sequence", () => {
    expect(parseCentralDossierCode("G01.005.10-260201-120001")).toEqual({
      systemAgencyId: "G01.005.10",
      receptionDate: { year: 2026, month: 2, day: 1 },
      ownerDigits: "12",
      sequence: 1,
    });
    expect(parseCentralDossierCode("B05.A01.03-260125-0712345")?.sequence).toBe(12345);
  });

  it.each([
    "G01.005.10-260201-12001", // sequence shorter than 4 digits
    "G01.005.10-260201-120000", // sequence 0
    "G01.005.10-261301-120001", // month 13
    "g01.005.10-260201-120001", // M must be a capital letter
    "G01.05.10-260201-120001", // Y group has 3 characters
    "000.00.01.H12-250714-0001", // a provincial code
  ])("R-CODE-2: rejects %j", (code) => {
    expect(isValidCentralDossierCode(code)).toBe(false);
  });

  it("R-CODE-2: a foreign code is recognised and kept unchanged", () => {
    const code = "G01.005.10-260201-120001";
    expect(recognizeDossierCode(code)).toMatchObject({ format: "central", code });
  });

  it("R-CODE-1: a provincial code is recognised as provincial", () => {
    expect(recognizeDossierCode("000.00.01.H12-250714-0001")).toMatchObject({
      format: "provincial",
      code: "000.00.01.H12-250714-0001",
      parts: { sequence: 1 },
    });
  });

  it("R-CODE-2: text that is no dossier code is not recognised", () => {
    expect(recognizeDossierCode("hello")).toBeUndefined();
  });
});
