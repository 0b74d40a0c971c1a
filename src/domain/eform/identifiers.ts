/**
 * Vietnamese identifiers an e-form asks for, as JSON Schema patterns (the same patterns the portal's default
 * declaration and registration use).
 */

/**
 * Số định danh cá nhân / CCCD: 12 digits; the first three are the province of birth registration (001–096), so the
 * number starts with 0 (Thông tư 59/2021/TT-BCA).
 */
export const CCCD_PATTERN = "^0[0-9]{11}$";
/** Mã số thuế: 10 digits, or 10-3 for a dependent unit (Thông tư 86/2024/TT-BTC). */
export const TAX_CODE_PATTERN = "^[0-9]{10}(-[0-9]{3})?$";

/** Patterns already in published forms that mean the same identifiers (the seed's forms use the looser CCCD one). */
const KNOWN: Record<string, "cccd" | "taxCode"> = {
  [CCCD_PATTERN]: "cccd",
  "^[0-9]{12}$": "cccd",
  [TAX_CODE_PATTERN]: "taxCode",
};

export function patternOfIdKind(kind: "cccd" | "taxCode"): string {
  return kind === "cccd" ? CCCD_PATTERN : TAX_CODE_PATTERN;
}

/** The identifier a pattern checks, if it is one we know. */
export function idKindOfPattern(pattern: string): "cccd" | "taxCode" | undefined {
  return KNOWN[pattern];
}

export function isCccd(value: string): boolean {
  return new RegExp(CCCD_PATTERN).test(value);
}

export function isTaxCode(value: string): boolean {
  return new RegExp(TAX_CODE_PATTERN).test(value);
}
