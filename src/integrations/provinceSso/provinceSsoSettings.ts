import { ConfigError } from "../../config.ts";
import { issuerTransportProblem } from "../vneid/issuerTransport.ts";

/** The province's single sign-on for officers (issue #14, R-ACC-2; README, configuration). Part of Config. */
export interface ProvinceSsoSettings {
  /** The SSO's issuer; unset = `onestop serve` starts a simulated province SSO on loopback and uses it. */
  officerOidcIssuer: string | undefined;
  officerOidcClientId: string | undefined;
  officerOidcClientSecret: string | undefined;
  officerOidcScope: string;
  /** The ID token claim naming the officer (default `preferred_username`). */
  officerOidcMatchClaim: string;
  /** Which OneStop account field that claim is compared with: `username` (default) or `email`. */
  officerOidcMatchField: "username" | "email";
}

type Env = Record<string, string | undefined>;

export function readProvinceSsoSettings(env: Env): ProvinceSsoSettings {
  const issuer = env.OFFICER_OIDC_ISSUER || undefined;
  if (issuer) {
    const problem = issuerTransportProblem(issuer);
    if (problem) throw new ConfigError("OFFICER_OIDC_ISSUER", problem);
    if (!env.OFFICER_OIDC_CLIENT_ID)
      throw new ConfigError("OFFICER_OIDC_CLIENT_ID", "là bắt buộc khi đặt OFFICER_OIDC_ISSUER");
    if (!env.OFFICER_OIDC_CLIENT_SECRET)
      throw new ConfigError("OFFICER_OIDC_CLIENT_SECRET", "là bắt buộc khi đặt OFFICER_OIDC_ISSUER");
  }
  const claim = env.OFFICER_OIDC_MATCH_CLAIM || "preferred_username";
  if (!/^[A-Za-z_][\w:.-]{0,99}$/.test(claim))
    throw new ConfigError("OFFICER_OIDC_MATCH_CLAIM", `không phải là tên claim hợp lệ ("${claim}")`);
  const field = env.OFFICER_OIDC_MATCH_FIELD || (claim === "email" ? "email" : "username");
  if (field !== "username" && field !== "email")
    throw new ConfigError("OFFICER_OIDC_MATCH_FIELD", `phải là username hoặc email (đang là "${field}")`);
  return {
    officerOidcIssuer: issuer,
    officerOidcClientId: env.OFFICER_OIDC_CLIENT_ID || undefined,
    officerOidcClientSecret: env.OFFICER_OIDC_CLIENT_SECRET || undefined,
    officerOidcScope: env.OFFICER_OIDC_SCOPE || "openid profile email",
    officerOidcMatchClaim: claim,
    officerOidcMatchField: field,
  };
}
