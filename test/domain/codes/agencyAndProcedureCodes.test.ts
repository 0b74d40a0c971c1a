import { describe, expect, it } from "vitest";
import { findLegacyAgencyIdLevels, isValidAgencyId } from "../../../src/domain/codes/agencyId.ts";
import {
  buildAppliedProcedureCode,
  isNationalProcedureCode,
  parseAppliedProcedureCode,
} from "../../../src/domain/codes/procedureCode.ts";
import { provinceLocalDate } from "../../../src/domain/codes/provinceDate.ts";

describe("agency identifiers (R-CODE-3)", () => {
  it.each(["000.00.01.H12", "000.00.15.H56", "G09.20", "x".repeat(40), "SO-TP"])(
    "R-CODE-3: %j is a valid opaque identifier",
    (id) => expect(isValidAgencyId(id)).toBe(true),
  );

  it.each(["", " ", "000.00 .01", "a\tb", "x".repeat(41), "line\nbreak"])("R-CODE-3: %j is not", (id) =>
    expect(isValidAgencyId(id)).toBe(false),
  );

  it("R-CODE-3 [M]: a legacy DDD.CC.BB.AXX identifier reads right to left", () => {
    expect(findLegacyAgencyIdLevels("000.00.15.H56")).toEqual({
      level1: "H56",
      level2: "15",
      level3: "00",
      level4: "000",
    });
  });

  it("R-CODE-3: other forms have no legacy levels but stay valid", () => {
    expect(findLegacyAgencyIdLevels("G09.20")).toBeUndefined();
    expect(isValidAgencyId("G09.20")).toBe(true);
  });
});

describe("procedure codes (R-CODE-4)", () => {
  it.each(["1.001612", "2.000908", "1.014446"])("R-CODE-4: %j is a national procedure code", (code) =>
    expect(isNationalProcedureCode(code)).toBe(true),
  );

  it.each(["1.00161", "12.001612", "1-001612", "1.0016123", "a.001612", ""])("R-CODE-4: %j is not", (code) =>
    expect(isNationalProcedureCode(code)).toBe(false),
  );

  it("R-CODE-4: the applied form {procCode}.{agencyId} builds and parses back", () => {
    const applied = buildAppliedProcedureCode("2.000908", "000.00.00.H61");
    expect(applied).toBe("2.000908.000.00.00.H61");
    expect(parseAppliedProcedureCode(applied)).toEqual({
      procedureCode: "2.000908",
      agencyId: "000.00.00.H61",
    });
  });

  it("R-CODE-4: building the applied form refuses bad parts", () => {
    expect(() => buildAppliedProcedureCode("2.00908", "H61")).toThrow(RangeError);
    expect(() => buildAppliedProcedureCode("2.000908", "")).toThrow(RangeError);
  });

  it.each(["2.000908", "2.000908.", "2.000908.a b", "x.000908.H61"])(
    "R-CODE-4: %j is not an applied procedure code",
    (value) => expect(parseAppliedProcedureCode(value)).toBeUndefined(),
  );
});

describe("province civil date (R-CODE-1, R-SYNC-3)", () => {
  it("R-CODE-1: dates are taken at UTC+07:00", () => {
    expect(provinceLocalDate(new Date("2025-12-31T17:00:00Z"))).toBe("2026-01-01");
    expect(provinceLocalDate(new Date("2025-12-31T16:59:59Z"))).toBe("2025-12-31");
  });
});
