import { isRealCivilDate } from "./provinceDate.ts";

/**
 * Codes of dossiers from central (nation-wide) procedure systems, from 25/01/2026 (R-CODE-2):
 * `MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX`, AA = two digits from the identifier of the agency owning the central system,
 * XXXX = daily sequence of at least 4 digits. OneStop stores such codes unchanged; parsing is for display and checks.
 */
export interface CentralDossierCodeParts {
  /** `MX1X2.Y1Y2Y3.Z1Z2`, the owning agency in the newer identifier form. */
  systemAgencyId: string;
  receptionDate: { year: number; month: number; day: number };
  /** `AA` */
  ownerDigits: string;
  /** `XXXX…` */
  sequence: number;
}

// Letters are allowed in the X/Y/Z groups: QĐ 20/2020 identifiers are not all digits (e.g. `G09.20`) [M].
const CENTRAL_DOSSIER_CODE =
  /^([A-Z][0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{2})-(\d{2})(\d{2})(\d{2})-(\d{2})(\d{4,})$/;

type SevenStrings = [string, string, string, string, string, string, string];

export function parseCentralDossierCode(code: string): CentralDossierCodeParts | undefined {
  const match = CENTRAL_DOSSIER_CODE.exec(code);
  if (!match) return undefined;
  const [, systemAgencyId, yy, mm, dd, ownerDigits, digits] = match as unknown as SevenStrings;
  const receptionDate = { year: 2000 + Number(yy), month: Number(mm), day: Number(dd) };
  if (!isRealCivilDate(receptionDate)) return undefined;
  const sequence = Number(digits);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return undefined;
  return { systemAgencyId, receptionDate, ownerDigits, sequence };
}

export function isValidCentralDossierCode(code: string): boolean {
  return parseCentralDossierCode(code) !== undefined;
}
