import * as client from "openid-client";
import { issuerTransportProblem } from "./issuerTransport.ts";

/** One OpenID provider as OneStop uses it: VNeID for citizens, the province's SSO for officers (issue #14). */
export interface OidcProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `${PUBLIC_URL}/api/auth/oidc/callback` (or the officers' one). */
  redirectUri: string;
  /** Where the provider sends the browser after its logout. */
  postLogoutRedirectUri: string;
  scope: string;
  /** Space-separated `acr_values` asked for (the provider then states the level reached in `acr`); empty = none. */
  acrValues?: string;
  /** Seconds before a request to the provider is abandoned. */
  timeoutSeconds?: number;
}

/** What the browser must carry through the provider and back: kept server-side, checked once at the callback. */
export interface PendingSignIn {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface VerifiedSignIn {
  /** The raw ID token, kept for the provider's logout (id_token_hint). */
  idToken: string;
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

/** The provider could not be reached (down, slow, bad discovery document). */
export class OidcProviderUnavailableError extends Error {
  override name = "OidcProviderUnavailableError";
}

/** The provider's answer failed a check: state, PKCE, signature, issuer, audience, expiry, nonce, a reused code. */
export class OidcSignInRejectedError extends Error {
  override name = "OidcSignInRejectedError";
}

export interface OidcRelyingParty {
  readonly settings: OidcProviderSettings;
  startSignIn(extra?: Record<string, string>): Promise<PendingSignIn>;
  finishSignIn(
    callbackUrl: URL,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<VerifiedSignIn>;
  /** The provider's end-session address for this ID token, when it publishes one (RP-initiated logout). */
  logoutUrl(idToken: string): Promise<string | undefined>;
}

/**
 * The relying party through openid-client (certified, maintained): authorization code + PKCE (S256), state and
 * nonce, and the ID token's signature verified against the provider's published keys also when it comes from the
 * token endpoint (`enableNonRepudiationChecks`), with its issuer, audience, expiry and nonce. Discovery is lazy and
 * retried after a failure, so OneStop starts while the provider is down.
 */
export function createOidcRelyingParty(settings: OidcProviderSettings): OidcRelyingParty {
  const problem = issuerTransportProblem(settings.issuer);
  if (problem) throw new Error(`OIDC issuer ${settings.issuer} ${problem}`);
  let discovered: Promise<client.Configuration> | undefined;

  function configuration(): Promise<client.Configuration> {
    discovered ??= (async () => {
      const issuerUrl = new URL(settings.issuer);
      const insecure = issuerUrl.protocol === "http:";
      const config = await client.discovery(
        issuerUrl,
        settings.clientId,
        { id_token_signed_response_alg: "RS256" },
        client.ClientSecretBasic(settings.clientSecret),
        { execute: insecure ? [client.allowInsecureRequests] : [], timeout: settings.timeoutSeconds ?? 10 },
      );
      client.enableNonRepudiationChecks(config);
      config.timeout = settings.timeoutSeconds ?? 10;
      return config;
    })();
    discovered.catch(() => {
      discovered = undefined;
    });
    return discovered.catch((error: unknown) => {
      throw new OidcProviderUnavailableError(`OIDC discovery failed: ${(error as Error).message}`);
    });
  }

  return {
    settings,
    async startSignIn(extra = {}) {
      const config = await configuration();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scope,
        response_type: "code",
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: "S256",
        state,
        nonce,
        ...(settings.acrValues ? { acr_values: settings.acrValues } : {}),
        ...extra,
      });
      return { url: url.href, state, nonce, codeVerifier };
    },
    async finishSignIn(callbackUrl, expected) {
      const config = await configuration();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        if (isNetworkFailure(error)) throw new OidcProviderUnavailableError((error as Error).message);
        throw new OidcSignInRejectedError((error as Error).message);
      }
      const claims = tokens.claims();
      if (!tokens.id_token || !claims) throw new OidcSignInRejectedError("no ID token");
      return {
        idToken: tokens.id_token,
        issuer: claims.iss,
        subject: claims.sub,
        claims: claims as Record<string, unknown>,
      };
    },
    async logoutUrl(idToken) {
      let config: client.Configuration;
      try {
        config = await configuration();
      } catch {
        return undefined;
      }
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return client.buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: settings.postLogoutRedirectUri,
      }).href;
    },
  };
}

function isNetworkFailure(error: unknown): boolean {
  const e = error as { name?: string; cause?: { code?: string }; status?: number };
  if (e.name === "TimeoutError" || e.name === "AbortError") return true;
  if (e.cause?.code && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|UND_ERR)/.test(e.cause.code)) return true;
  return e.name === "TypeError" && /fetch failed/.test(String((error as Error).message));
}
