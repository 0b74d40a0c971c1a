/**
 * The officers' digital signature port (issue #16, R-RECV-7, R-RES-1): an officer's personal certificate and a
 * signature over a digest made with the officer's key. Two implementations: the remote-signing service the
 * Vietnamese CAs offer to officials (the officer confirms, the service signs with the key it holds), and a local
 * certificate authority for development and tests. The key never reaches OneStop in the first; in both, OneStop
 * builds the PDF signature (PAdES) itself around the raw signature.
 *
 * This is the officer's signature. The province's seal on the result's QR code (a JWS, src/services/results) is a
 * different thing and does not go through this port.
 */
export interface SigningOfficer {
  /** OneStop's user id: the credential the service holds for this officer. */
  userId: string;
  fullName: string;
  /** The agency the certificate names (O=). */
  organisation: string;
}

export interface OfficerCredential {
  credentialId: string;
  /** The officer's certificate, PEM. */
  certificatePem: string;
  /** Its issuing chain up to (not including) the root, PEM, nearest first. */
  chainPem: string[];
}

/** What a verifier trusts: the roots, the intermediates it may need, and the current revocation lists. */
export interface SigningTrust {
  rootsPem: string[];
  intermediatesPem: string[];
  crlsPem: string[];
}

export interface SigningPort {
  /** The officer's credential; the local CA enrols an officer on first use, a real service answers what it holds. */
  credentialFor(officer: SigningOfficer): Promise<OfficerCredential>;
  /**
   * RSASSA-PKCS1-v1_5 over a SHA-256 digest (of the CMS signed attributes). With the remote service this waits for
   * the officer's confirmation; it fails with `SigningUnavailable` on timeout or a server error and
   * `SigningDeclined` when the officer refuses.
   */
  signDigest(credential: OfficerCredential, digest: Uint8Array, description: string): Promise<Buffer>;
  trust(): Promise<SigningTrust>;
}

/** The signing service could not be reached, timed out or failed (mapped to 503). */
export class SigningUnavailable extends Error {
  constructor(detail: string) {
    super(`signing service unavailable: ${detail}`);
    this.name = "SigningUnavailable";
  }
}

/** The officer declined on the signing app (mapped to 409). */
export class SigningDeclined extends Error {
  constructor() {
    super("the officer declined to sign");
    this.name = "SigningDeclined";
  }
}

/** The DigestInfo prefix of SHA-256 (RFC 8017 §9.2 note 1): what PKCS#1 v1.5 wraps around the digest. */
export const SHA256_DIGEST_INFO_PREFIX = Buffer.from("3031300d060960864801650304020105000420", "hex");
