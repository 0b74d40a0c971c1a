/**
 * Removes personal data from a feedback item or an answer before it is published (issue #17: "answers are published
 * when the submitter agrees, with personal data removed"). Pure and total: any text in, a text out in which
 * - no e-mail address is left,
 * - no run of 9 or more digits is left, even written with spaces, dots or dashes between them — this covers mobile
 *   and landline numbers (10–11 digits, +84 too), CCCD numbers (12 digits) and the old CMND (9 digits),
 * - none of the given names (the submitter's, the officer's) is left, whatever their letter case.
 * Each removed piece becomes `MASK`, which holds no letter, digit or `@`, so a replacement can never join its
 * neighbours into a new match.
 */

export const MASK = "***";

/**
 * An e-mail address: a local part (anything but spaces and `@`, as RFC 5322 allows many symbols), `@`, a domain with
 * at least one dot and a top-level label of letters. Over-masking a glued word is the safe side.
 */
export const EMAIL_PATTERN = /[^\s@]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/** Nine or more digits, single spaces, dots or dashes allowed between them (phone, CCCD, CMND numbers). */
export const LONG_NUMBER_PATTERN = /\d(?:[ .-]?\d){8,}/g;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Names as they may be written: NFC, inner spaces collapsed; blank ones and single letters ignored. */
function nameVariants(names: readonly string[]): string[] {
  const cleaned = names
    .map((name) => name.normalize("NFC").replace(/\s+/g, " ").trim())
    .filter((name) => [...name].length >= 2);
  // Longest first, so "Nguyễn Văn An" goes before a shorter "Văn An".
  return [...new Set(cleaned)].sort((a, b) => b.length - a.length);
}

/** The text with e-mails, long numbers and the given names replaced by MASK. */
export function anonymise(text: string, names: readonly string[] = []): string {
  let result = text.normalize("NFC").replace(EMAIL_PATTERN, MASK).replace(LONG_NUMBER_PATTERN, MASK);
  for (const name of nameVariants(names)) {
    const pattern = escapeRegExp(name).replace(/ /g, "\\s+");
    result = result.replace(new RegExp(pattern, "giu"), MASK);
  }
  return result;
}
