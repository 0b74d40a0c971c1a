/**
 * Vietnamese telephone numbers in one form everywhere (issue #12 §7): the national form, digits only — `0987654321`
 * for a mobile, `02993821004` for a landline. Everything that takes a number (registration, accounts, dossiers,
 * counter intake, the SMS gateway) stores this form, so one person is one number whatever they typed.
 *
 * Accepted on entry: the international prefix `+84`, `84` or `0084` (with or without the trunk 0 after it), and
 * spaces, dots, dashes and brackets between the digits. A number is valid when its national form is 10 digits
 * (mobiles and other 10-digit numbers, `0` then a non-zero digit) or 11 digits starting `02` (landlines, area code
 * then 7–8 digits, since the 2017 renumbering).
 */

/** Separators people type inside a number; nothing else is ignored. */
const SEPARATORS = /[\s.\-()]/gu;

const NATIONAL_FORM = /^(?:0[1-9]\d{8}|02\d{9})$/;

/** The national form of `raw`, or `undefined` when it is not a Vietnamese telephone number. */
export function normalizePhone(raw: string): string | undefined {
  const compact = raw.normalize("NFKC").trim().replace(SEPARATORS, "");
  if (!/^\+?\d+$/.test(compact)) return undefined;
  let national: string;
  if (compact.startsWith("+84")) national = `0${compact.slice(3).replace(/^0/, "")}`;
  else if (compact.startsWith("0084")) national = `0${compact.slice(4).replace(/^0/, "")}`;
  else if (compact.startsWith("+")) return undefined;
  else if (compact.startsWith("0")) national = compact;
  // "84…" without a plus: only when what follows is a whole national number without its 0 (9 or 10 digits), so a
  // national number is never mistaken for an international one.
  else if (compact.startsWith("84") && (compact.length === 11 || compact.length === 12))
    national = `0${compact.slice(2)}`;
  else return undefined;
  return NATIONAL_FORM.test(national) ? national : undefined;
}

export function isValidPhone(raw: string): boolean {
  return normalizePhone(raw) !== undefined;
}

/** The one message for a number that is not valid, shown next to the field. */
export const INVALID_PHONE_MESSAGE = Object.freeze({
  vi: "Số điện thoại không hợp lệ: cần 10 chữ số bắt đầu bằng 0 (số cố định 11 chữ số bắt đầu bằng 02), có thể viết +84",
  en: "The phone number is not valid: it needs 10 digits starting with 0 (landlines 11 digits starting with 02); +84 may be used",
});
