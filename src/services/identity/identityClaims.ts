import {
  type AssuranceLevel,
  assuranceLevelFromAcr,
  isPersonalIdNumber,
} from "../../domain/identity/assurance.ts";

/** The claim names OneStop reads from the e-ID's ID token (OIDC_CLAIM_*; issue #14 fixes the defaults). */
export interface ClaimNames {
  citizenId: string;
  name: string;
  birthdate: string;
  acr: string;
}

export const defaultClaimNames: ClaimNames = {
  citizenId: "citizen_id",
  name: "name",
  birthdate: "birthdate",
  acr: "acr",
};

/** A person as the national e-ID vouches for them. */
export interface VerifiedPerson {
  citizenId: string;
  fullName: string;
  /** `YYYY-MM-DD` when the provider sent one. */
  birthdate: string | undefined;
  level: AssuranceLevel;
  phone: string | undefined;
}

/** Why a verified ID token still cannot sign anyone in. */
export type ClaimProblem = "citizen_id" | "name" | "acr";

/** Reads the person from the ID token's claims, or says which required claim is missing or malformed. */
export function personFromClaims(
  claims: Record<string, unknown>,
  names: ClaimNames,
): VerifiedPerson | { problem: ClaimProblem } {
  const citizenId = claims[names.citizenId];
  if (!isPersonalIdNumber(citizenId)) return { problem: "citizen_id" };
  const name = claims[names.name];
  if (typeof name !== "string" || name.trim().length === 0 || name.length > 200) return { problem: "name" };
  const level = assuranceLevelFromAcr(claims[names.acr]);
  if (level === undefined) return { problem: "acr" };
  const birthdate = claims[names.birthdate];
  const phone = claims.phone_number;
  return {
    citizenId,
    fullName: name.trim(),
    birthdate: typeof birthdate === "string" && /^\d{4}-\d{2}-\d{2}$/.test(birthdate) ? birthdate : undefined,
    level,
    phone: typeof phone === "string" && /^\+?\d{9,15}$/.test(phone) ? phone : undefined,
  };
}

/** The claim names of the configuration (OIDC_CLAIM_*), the defaults for those unset. */
export function claimNamesOf(config: {
  oidcClaimCitizenId?: string;
  oidcClaimName?: string;
  oidcClaimBirthdate?: string;
  oidcClaimAcr?: string;
}): ClaimNames {
  return {
    citizenId: config.oidcClaimCitizenId ?? defaultClaimNames.citizenId,
    name: config.oidcClaimName ?? defaultClaimNames.name,
    birthdate: config.oidcClaimBirthdate ?? defaultClaimNames.birthdate,
    acr: config.oidcClaimAcr ?? defaultClaimNames.acr,
  };
}
