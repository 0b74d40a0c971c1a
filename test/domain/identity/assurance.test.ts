import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assuranceLevelFromAcr,
  isPersonalIdNumber,
  meetsAssurance,
} from "../../../src/domain/identity/assurance.ts";

describe("e-ID assurance levels (issue #14, R-ACC-1, NĐ 69/2024)", () => {
  it.each([
    ["urn:vneid:loa:1", 1],
    ["urn:vneid:loa:2", 2],
    ["1", 1],
    ["2", 2],
    ["vneid-level-2", 2],
  ])("reads %s as level %s", (acr, level) => {
    expect(assuranceLevelFromAcr(acr)).toBe(level);
  });

  it.each([
    undefined,
    null,
    2,
    "",
    "urn:vneid:loa:3",
    "urn:vneid:loa:12",
    "urn:vneid:loa:21",
    "x".repeat(201),
  ])("states no level for %s", (acr) => {
    expect(assuranceLevelFromAcr(acr)).toBeUndefined();
  });

  it("never states a level for an acr that does not end in a lone 1 or 2 (property)", () => {
    fc.assert(
      fc.property(fc.string(), (acr) => {
        const level = assuranceLevelFromAcr(acr);
        if (level !== undefined) expect(acr.endsWith(String(level))).toBe(true);
      }),
    );
  });

  it("lets every account submit when the offering asks for nothing (the rules' default)", () => {
    expect(meetsAssurance(undefined, undefined)).toBe(true);
    expect(meetsAssurance(1, undefined)).toBe(true);
  });

  it("asks a VNeID account at least the offering's level; a local account never meets a level", () => {
    expect(meetsAssurance(undefined, 1)).toBe(false);
    expect(meetsAssurance(1, 1)).toBe(true);
    expect(meetsAssurance(1, 2)).toBe(false);
    expect(meetsAssurance(2, 1)).toBe(true);
    expect(meetsAssurance(2, 2)).toBe(true);
    fc.assert(
      fc.property(
        fc.constantFrom<1 | 2 | undefined>(1, 2, undefined),
        fc.constantFrom<1 | 2>(1, 2),
        (account, required) => {
          expect(meetsAssurance(account, required)).toBe(account !== undefined && account >= required);
        },
      ),
    );
  });

  it("recognises 12-digit identification numbers only", () => {
    expect(isPersonalIdNumber("099090001234")).toBe(true);
    expect(isPersonalIdNumber("09909000123")).toBe(false);
    expect(isPersonalIdNumber("09909000123a")).toBe(false);
    expect(isPersonalIdNumber(99090001234)).toBe(false);
  });
});
