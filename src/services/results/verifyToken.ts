import { createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet, jwtVerify } from "jose";
import { fromJwtPayload, RESULT_TOKEN_TYPE, type ResultClaims } from "../../domain/results/resultClaims.ts";

/**
 * Why a result token is not valid:
 * - `malformed`: not a compact JWS at all (a truncated scan, a typo);
 * - `unknownKey`: its key id is not among the published keys (a forgery with another key, or an expired key);
 * - `badSignature`: the key is known but the signature does not match (a changed payload);
 * - `badClaims`: signed, but not a OneStop result of this version.
 */
export type InvalidReason = "malformed" | "unknownKey" | "badSignature" | "badClaims";

export type TokenVerification =
  | { valid: true; kid: string; claims: ResultClaims }
  | { valid: false; reason: InvalidReason };

/**
 * Verifies a result token against a JWKS, with no server needed: the public verify page runs this in the browser
 * with the JWKS it fetched (or saved), the API runs it with the database's keys. Uses only `jose` and the domain, so
 * it works the same in Node and in the browser.
 */
export async function verifyResultToken(token: string, jwks: JSONWebKeySet): Promise<TokenVerification> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return { valid: false, reason: "malformed" };
  }
  if (!kid || !jwks.keys.some((key) => key.kid === kid)) return { valid: false, reason: "unknownKey" };
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: ["ES256"],
      typ: RESULT_TOKEN_TYPE,
    });
    const reading = fromJwtPayload(payload as Record<string, unknown>);
    return reading.ok ? { valid: true, kid, claims: reading.claims } : { valid: false, reason: "badClaims" };
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return { valid: false, reason: "badSignature" };
    if (error instanceof errors.JWTClaimValidationFailed) return { valid: false, reason: "badClaims" };
    return { valid: false, reason: "malformed" };
  }
}
