import { describe, expect, it } from "vitest";
import {
  claimNamesOf,
  defaultClaimNames,
  personFromClaims,
} from "../../../src/services/identity/identityClaims.ts";
import { safeReturnTo } from "../../../src/services/identity/oidcLoginRequests.ts";

const claims = {
  citizen_id: "099195004321",
  name: " Lê Thị Hoa ",
  birthdate: "1995-08-20",
  acr: "urn:vneid:loa:2",
  phone_number: "0912345678",
};

describe("reading the person from the ID token (issue #14)", () => {
  it("reads the default claims", () => {
    expect(personFromClaims(claims, defaultClaimNames)).toEqual({
      citizenId: "099195004321",
      fullName: "Lê Thị Hoa",
      birthdate: "1995-08-20",
      level: 2,
      phone: "0912345678",
    });
  });

  it("reads configured claim names instead", () => {
    const names = claimNamesOf({ oidcClaimCitizenId: "so_dinh_danh", oidcClaimAcr: "loa" });
    expect(names).toEqual({ citizenId: "so_dinh_danh", name: "name", birthdate: "birthdate", acr: "loa" });
    expect(
      personFromClaims({ so_dinh_danh: "099088007777", name: "Phạm Minh Tuấn", loa: "1" }, names),
    ).toMatchObject({
      citizenId: "099088007777",
      level: 1,
      birthdate: undefined,
      phone: undefined,
    });
  });

  it.each([
    ["citizen_id", { ...claims, citizen_id: "12345" }],
    ["citizen_id", { ...claims, citizen_id: undefined }],
    ["name", { ...claims, name: "  " }],
    ["acr", { ...claims, acr: "urn:vneid:loa:9" }],
    ["acr", { ...claims, acr: undefined }],
  ])("refuses a token whose %s is missing or malformed", (problem, given) => {
    expect(personFromClaims(given, defaultClaimNames)).toEqual({ problem });
  });
});

describe("returnTo is a local path only (issue #14)", () => {
  it.each([
    ["/ho-so-cua-toi", "/ho-so-cua-toi"],
    ["/thu-tuc/1.001193?x=1", "/thu-tuc/1.001193?x=1"],
    ["https://evil.example/", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["/a\nb", "/"],
    ["", "/"],
    [undefined, "/"],
    ["/".repeat(501), "/"],
  ])("%j → %s", (given, expected) => {
    expect(safeReturnTo(given)).toBe(expected);
  });
});
