import { randomBytes } from "node:crypto";
import type { Config } from "../../config.ts";
import { createOidcRelyingParty, type OidcRelyingParty } from "./oidcRelyingParty.ts";
import { type IdentitySimulator, startIdentitySimulator } from "./simulator/identitySimulator.ts";

export interface IdentityProviders {
  citizen: OidcRelyingParty;
  /** Running when OIDC_ISSUER is unset (development, demos, tests). */
  simulator: IdentitySimulator | undefined;
  /** The client registered with the provider (issue #21: `serve --workers` hands the simulator's to its workers). */
  client: { id: string; secret: string };
  close(): Promise<void>;
}

/**
 * VNeID as configured (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET), or, when OIDC_ISSUER is unset, the identity
 * simulator on loopback with a client registered for this server's callback (issue #14).
 */
export async function openIdentityProviders(
  config: Pick<
    Config,
    | "publicUrl"
    | "oidcIssuer"
    | "oidcClientId"
    | "oidcClientSecret"
    | "oidcScope"
    | "oidcAcrValues"
    | "oidcClaimCitizenId"
    | "oidcClaimName"
    | "oidcClaimBirthdate"
  >,
): Promise<IdentityProviders> {
  const base = config.publicUrl.replace(/\/$/, "");
  const redirectUri = `${base}/api/auth/oidc/callback`;
  const postLogoutRedirectUri = `${base}/`;
  let simulator: IdentitySimulator | undefined;
  let issuer = config.oidcIssuer;
  let clientId = config.oidcClientId;
  let clientSecret = config.oidcClientSecret;
  if (!issuer) {
    clientId = "onestop-portal";
    clientSecret = randomBytes(24).toString("base64url");
    simulator = await startIdentitySimulator({
      clients: [
        {
          clientId,
          clientSecret,
          redirectUris: [redirectUri],
          postLogoutRedirectUris: [postLogoutRedirectUri],
          name: "OneStop — Cổng Dịch vụ công",
        },
      ],
      claimNames: {
        citizenId: config.oidcClaimCitizenId,
        name: config.oidcClaimName,
        birthdate: config.oidcClaimBirthdate,
      },
    });
    issuer = simulator.issuer;
  }
  const citizen = createOidcRelyingParty({
    issuer,
    clientId: clientId!,
    clientSecret: clientSecret!,
    redirectUri,
    postLogoutRedirectUri,
    scope: config.oidcScope,
    acrValues: config.oidcAcrValues,
  });
  return {
    citizen,
    simulator,
    client: { id: clientId!, secret: clientSecret! },
    close: async () => simulator?.close(),
  };
}
