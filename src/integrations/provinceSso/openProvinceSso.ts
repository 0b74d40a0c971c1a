import { randomBytes } from "node:crypto";
import { createOidcRelyingParty, type OidcRelyingParty } from "../vneid/oidcRelyingParty.ts";
import { type IdentitySimulator, startIdentitySimulator } from "../vneid/simulator/identitySimulator.ts";
import { provinceSsoDirectory } from "./demoOfficers.ts";
import type { ProvinceSsoSettings } from "./provinceSsoSettings.ts";

export interface ProvinceSso {
  officer: OidcRelyingParty;
  /** Running when OFFICER_OIDC_ISSUER is unset (development, demos, tests). */
  simulator: IdentitySimulator | undefined;
  /** The client registered with the provider (issue #21: `serve --workers` hands the simulator's to its workers). */
  client: { id: string; secret: string };
  close(): Promise<void>;
}

/** Where the SSO sends officers back, and where its logout returns them. */
export const officerSsoCallbackPath = "/api/auth/officer-sso/callback";
export const officerLoginPagePath = "/dang-nhap";

/**
 * The province's SSO as configured (OFFICER_OIDC_*), or, when OFFICER_OIDC_ISSUER is unset, the same OpenID
 * provider simulator as VNeID's playing the province directory with the demo officers (issue #14, R-ACC-2). The
 * relying party is VNeID's (state, nonce, PKCE, ID token signature, issuer, audience, expiry; https off loopback).
 */
export async function openProvinceSso(
  config: { publicUrl: string } & ProvinceSsoSettings,
): Promise<ProvinceSso> {
  const base = config.publicUrl.replace(/\/$/, "");
  const redirectUri = `${base}${officerSsoCallbackPath}`;
  const postLogoutRedirectUri = `${base}${officerLoginPagePath}`;
  let simulator: IdentitySimulator | undefined;
  let issuer = config.officerOidcIssuer;
  let clientId = config.officerOidcClientId;
  let clientSecret = config.officerOidcClientSecret;
  if (!issuer) {
    clientId = "onestop-mot-cua";
    clientSecret = randomBytes(24).toString("base64url");
    simulator = await startIdentitySimulator({
      clients: [
        {
          clientId,
          clientSecret,
          redirectUris: [redirectUri],
          postLogoutRedirectUris: [postLogoutRedirectUri],
          name: "OneStop — Một cửa điện tử",
        },
      ],
      directory: provinceSsoDirectory,
    });
    issuer = simulator.issuer;
  }
  const officer = createOidcRelyingParty({
    issuer,
    clientId: clientId!,
    clientSecret: clientSecret!,
    redirectUri,
    postLogoutRedirectUri,
    scope: config.officerOidcScope,
  });
  return {
    officer,
    simulator,
    client: { id: clientId!, secret: clientSecret! },
    close: async () => simulator?.close(),
  };
}
