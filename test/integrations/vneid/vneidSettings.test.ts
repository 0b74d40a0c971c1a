import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.ts";

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

const client = { OIDC_CLIENT_ID: "onestop", OIDC_CLIENT_SECRET: "a-secret-of-the-province" };

describe("VNeID settings (issue #14)", () => {
  it("defaults: the simulator (no issuer), the issue's claim names, citizens' passwords on", () => {
    expect(loadConfig({})).toMatchObject({
      oidcIssuer: undefined,
      oidcClaimCitizenId: "citizen_id",
      oidcClaimName: "name",
      oidcClaimBirthdate: "birthdate",
      oidcClaimAcr: "acr",
      oidcScope: "openid profile phone",
      citizenPasswordLogin: true,
    });
  });

  it("accepts an https issuer, and plain http only on loopback", () => {
    expect(loadConfig({ OIDC_ISSUER: "https://vneid.example.vn", ...client }).oidcIssuer).toBe(
      "https://vneid.example.vn",
    );
    expect(loadConfig({ OIDC_ISSUER: "http://127.0.0.1:4000", ...client }).oidcIssuer).toBe(
      "http://127.0.0.1:4000",
    );
    expect(loadConfig({ OIDC_ISSUER: "http://[::1]:4000", ...client }).oidcIssuer).toBe("http://[::1]:4000");
    const error = configErrorOf({ OIDC_ISSUER: "http://vneid.example.vn", ...client });
    expect(error.variable).toBe("OIDC_ISSUER");
    expect(error.message).toMatch(/https/);
    expect(configErrorOf({ OIDC_ISSUER: "ftp://x", ...client }).variable).toBe("OIDC_ISSUER");
    expect(configErrorOf({ OIDC_ISSUER: "không phải url", ...client }).variable).toBe("OIDC_ISSUER");
  });

  it("needs the client id and secret with an issuer", () => {
    expect(configErrorOf({ OIDC_ISSUER: "https://vneid.example.vn" }).variable).toBe("OIDC_CLIENT_ID");
    expect(
      configErrorOf({ OIDC_ISSUER: "https://vneid.example.vn", OIDC_CLIENT_ID: "onestop" }).variable,
    ).toBe("OIDC_CLIENT_SECRET");
  });

  it("takes other claim names, and refuses one that is not a name", () => {
    expect(loadConfig({ OIDC_CLAIM_CITIZEN_ID: "so_dinh_danh", OIDC_CLAIM_ACR: "loa" })).toMatchObject({
      oidcClaimCitizenId: "so_dinh_danh",
      oidcClaimAcr: "loa",
    });
    expect(configErrorOf({ OIDC_CLAIM_NAME: "họ tên" }).variable).toBe("OIDC_CLAIM_NAME");
  });

  it("CITIZEN_PASSWORD_LOGIN is a boolean", () => {
    expect(loadConfig({ CITIZEN_PASSWORD_LOGIN: "false" }).citizenPasswordLogin).toBe(false);
    expect(configErrorOf({ CITIZEN_PASSWORD_LOGIN: "maybe" }).variable).toBe("CITIZEN_PASSWORD_LOGIN");
  });
});
