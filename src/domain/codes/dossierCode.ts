import { isValidAgencyId } from "./agencyId.ts";
import { isRealCivilDate, pad2, provinceCivilDate } from "./provinceDate.ts";

/**
 * The provincial dossier code `{agencyId}-{YYMMDD}-{NNNN}` (R-CODE-1): receiving agency, reception date in
 * Asia/Ho_Chi_Minh, and the dossier's sequence within that day for that agency, zero-padded to at least 4 digits
 * (10000 and more simply grow longer). Example: `000.00.01.H12-250714-0001`.
 */
export interface DossierCodeParts {
  agencyId: string;
  /** Reception date in the province. */
  receptionDate: { year: number; month: number; day: number };
  /** 1, 2, … restarting each day. */
  sequence: number;
}

export const DOSSIER_SEQUENCE_MIN_DIGITS = 4;

/**
 * Builds the code of a dossier received at `receivedAt`. Throws a RangeError on impossible input (a programming
 * error: the agency id and the sequence come from our own tables).
 */
export function buildDossierCode(input: { agencyId: string; receivedAt: Date; sequence: number }): string {
  if (!isValidAgencyId(input.agencyId))
    throw new RangeError(`invalid agency identifier: "${input.agencyId}"`);
  if (!Number.isSafeInteger(input.sequence) || input.sequence < 1) {
    throw new RangeError(`invalid daily sequence: ${input.sequence}`);
  }
  const { year, month, day } = provinceCivilDate(input.receivedAt);
  const yymmdd = `${pad2(year % 100)}${pad2(month)}${pad2(day)}`;
  return `${input.agencyId}-${yymmdd}-${String(input.sequence).padStart(DOSSIER_SEQUENCE_MIN_DIGITS, "0")}`;
}

// The agency id may itself contain "-", so the date and sequence are read from the right.
const DOSSIER_CODE = /^(.+)-(\d{2})(\d{2})(\d{2})-(\d{4,})$/;

/** Two-digit years are read in 2000–2099: the format was introduced in 2018 (TT 01/2018 Điều 19). */
const CENTURY = 2000;

/** The parts of a provincial dossier code; nothing when the text is not one. */
export function parseDossierCode(code: string): DossierCodeParts | undefined {
  const match = DOSSIER_CODE.exec(code);
  if (!match) return undefined;
  const [, agencyId, yy, mm, dd, digits] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const receptionDate = { year: CENTURY + Number(yy), month: Number(mm), day: Number(dd) };
  const sequence = Number(digits);
  if (!isValidAgencyId(agencyId) || !isRealCivilDate(receptionDate)) return undefined;
  if (!Number.isSafeInteger(sequence) || sequence < 1) return undefined;
  // A longer-than-needed sequence ("00001") is not a code we would build, so it is not ours.
  if (digits.length > DOSSIER_SEQUENCE_MIN_DIGITS && digits.startsWith("0")) return undefined;
  return { agencyId, receptionDate, sequence };
}

export function isValidDossierCode(code: string): boolean {
  return parseDossierCode(code) !== undefined;
}
