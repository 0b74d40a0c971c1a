import { ConfigError } from "../../config.ts";
import { issuerTransportProblem } from "./issuerTransport.ts";

/** The e-ID sign-in's settings (issue #14; README, configuration). Part of Config. */
export interface VneidSettings {
  /** VNeID's issuer; unset = `onestop serve` starts the identity simulator on loopback and uses it. */
  oidcIssuer: string | undefined;
  oidcClientId: string | undefined;
  oidcClientSecret: string | undefined;
  /** Claim names read from the ID token (defaults fixed by issue #14). */
  oidcClaimCitizenId: string;
  oidcClaimName: string;
  oidcClaimBirthdate: string;
  oidcClaimAcr: string;
  /** Space-separated `acr_values` asked for; empty = none asked. */
  oidcAcrValues: string;
  oidcScope: string;
  /** R-ACC-1: citizens' and organisations' local passwords (login and registration); officers keep theirs. */
  citizenPasswordLogin: boolean;
}

type Env = Record<string, string | undefined>;

function claimName(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^[A-Za-z_][\w:.-]{0,99}$/.test(raw))
    throw new ConfigError(name, `không phải là tên claim hợp lệ ("${raw}")`);
  return raw;
}

export function readVneidSettings(env: Env): VneidSettings {
  const issuer = env.OIDC_ISSUER || undefined;
  if (issuer) {
    const problem = issuerTransportProblem(issuer);
    if (problem) throw new ConfigError("OIDC_ISSUER", problem);
    if (!env.OIDC_CLIENT_ID) throw new ConfigError("OIDC_CLIENT_ID", "là bắt buộc khi đặt OIDC_ISSUER");
    if (!env.OIDC_CLIENT_SECRET)
      throw new ConfigError("OIDC_CLIENT_SECRET", "là bắt buộc khi đặt OIDC_ISSUER");
  }
  const raw = env.CITIZEN_PASSWORD_LOGIN;
  let citizenPasswordLogin = true;
  if (raw !== undefined && raw !== "") {
    if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) citizenPasswordLogin = true;
    else if (["0", "false", "no", "off"].includes(raw.toLowerCase())) citizenPasswordLogin = false;
    else throw new ConfigError("CITIZEN_PASSWORD_LOGIN", `phải là true hoặc false (đang là "${raw}")`);
  }
  return {
    oidcIssuer: issuer,
    oidcClientId: env.OIDC_CLIENT_ID || undefined,
    oidcClientSecret: env.OIDC_CLIENT_SECRET || undefined,
    oidcClaimCitizenId: claimName(env, "OIDC_CLAIM_CITIZEN_ID", "citizen_id"),
    oidcClaimName: claimName(env, "OIDC_CLAIM_NAME", "name"),
    oidcClaimBirthdate: claimName(env, "OIDC_CLAIM_BIRTHDATE", "birthdate"),
    oidcClaimAcr: claimName(env, "OIDC_CLAIM_ACR", "acr"),
    oidcAcrValues: env.OIDC_ACR_VALUES ?? "urn:vneid:loa:1 urn:vneid:loa:2",
    oidcScope: env.OIDC_SCOPE || "openid profile phone",
    citizenPasswordLogin,
  };
}
