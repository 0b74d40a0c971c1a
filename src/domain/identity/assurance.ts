/**
 * Assurance levels of the national e-ID (NĐ 69/2024: level 1 and level 2 accounts; R-ACC-1). Pure rules (issue #14).
 */
export type AssuranceLevel = 1 | 2;

/**
 * The level an `acr` value states: its last character, "1" or "2" (`urn:vneid:loa:2`, `2`, `vneid-level-1`…).
 * Anything else states no level we know, and the sign-in is refused rather than guessed.
 */
export function assuranceLevelFromAcr(acr: unknown): AssuranceLevel | undefined {
  if (typeof acr !== "string" || acr.length === 0 || acr.length > 200) return undefined;
  const last = acr.at(-1);
  if (last === "1" && !/\d1$/.test(acr.slice(-2))) return 1;
  if (last === "2" && !/\d2$/.test(acr.slice(-2))) return 2;
  return undefined;
}

/**
 * May an account submit online to an offering that asks for `required` (issue #14)? `required` undefined is the
 * rules' default: no e-ID level asked (R-ACC-1 lets a province keep local accounts and the DVCQG account beside
 * VNeID; NĐ 69/2024 lets a level-1 account use online public services). `accountLevel` undefined: not verified
 * with VNeID (a local password account).
 */
export function meetsAssurance(
  accountLevel: AssuranceLevel | undefined,
  required: AssuranceLevel | undefined,
): boolean {
  if (required === undefined) return true;
  return accountLevel !== undefined && accountLevel >= required;
}

/** A Vietnamese personal identification number (số định danh cá nhân): 12 digits. */
export function isPersonalIdNumber(value: unknown): value is string {
  return typeof value === "string" && /^\d{12}$/.test(value);
}
