/**
 * What a verifiable result's signed token says (R-RES-1): the facts the public verify page shows, signed by the
 * province so that anyone holding the published public key can check them without asking the server. Only public
 * facts go in: the holder's name already masked, no identity number, address or phone (R-LOOK-2).
 *
 * The JWT claim names are short because the token travels inside a QR code.
 */
export interface ResultClaims {
  /** The verification code (`sub`). */
  code: string;
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  agencyCode: string;
  agencyName: string;
  /** The holder's name as it may be shown publicly (masked for a person). */
  holder: string;
  /** sha256 of the result file, lower-case hex. */
  sha256: string;
  issuedAt: Date;
}

/** The token's `typ` header: a result token is not any other JWT the province may sign. */
export const RESULT_TOKEN_TYPE = "onestop-result+jwt";
export const RESULT_TOKEN_VERSION = 1;

export type JwtPayload = Record<string, unknown>;

export function toJwtPayload(claims: ResultClaims): JwtPayload {
  return {
    v: RESULT_TOKEN_VERSION,
    sub: claims.code,
    iat: Math.floor(claims.issuedAt.getTime() / 1000),
    dos: claims.dossierCode,
    prc: claims.procedureCode,
    prn: claims.procedureName,
    agc: claims.agencyCode,
    agn: claims.agencyName,
    hld: claims.holder,
    sha: claims.sha256,
  };
}

export type ClaimsReading = { ok: true; claims: ResultClaims } | { ok: false; field: string };

const TEXT_FIELDS = ["sub", "dos", "prc", "prn", "agc", "agn", "hld"] as const;

/**
 * The claims of a verified token's payload, or the first field that is missing or of the wrong shape (a token signed
 * by the key but not a result of this version is not a valid result).
 */
export function fromJwtPayload(payload: JwtPayload): ClaimsReading {
  if (payload.v !== RESULT_TOKEN_VERSION) return { ok: false, field: "v" };
  for (const field of TEXT_FIELDS) {
    const value = payload[field];
    if (typeof value !== "string" || value.length === 0) return { ok: false, field };
  }
  if (typeof payload.sha !== "string" || !/^[0-9a-f]{64}$/.test(payload.sha))
    return { ok: false, field: "sha" };
  if (typeof payload.iat !== "number" || !Number.isSafeInteger(payload.iat) || payload.iat < 0)
    return { ok: false, field: "iat" };
  const text = (field: (typeof TEXT_FIELDS)[number]) => payload[field] as string;
  return {
    ok: true,
    claims: {
      code: text("sub"),
      dossierCode: text("dos"),
      procedureCode: text("prc"),
      procedureName: text("prn"),
      agencyCode: text("agc"),
      agencyName: text("agn"),
      holder: text("hld"),
      sha256: payload.sha,
      issuedAt: new Date(payload.iat * 1000),
    },
  };
}
