/**
 * The verification code of an issued electronic result (R-RES-1, R-RES-2): what a person types on the verify page
 * when they hold a printed result without a camera. 14 random characters of Crockford's base32 (70 bits: the code
 * space cannot be walked) and one check character (Luhn mod 32), shown as three groups of five: `7KQ2M-XW4PA-9HDT3`.
 *
 * Crockford's alphabet has no I, L, O or U, so a code read aloud or copied by hand has no look-alikes; reading
 * forgives them anyway (O → 0, I and L → 1), as well as lower case, spaces and hyphens. The check character catches
 * every single wrong character and most swaps of two neighbours before the database is asked.
 */
export const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_DATA_LENGTH = 14;
const GROUP = 5;

function characterValue(character: string): number {
  return CODE_ALPHABET.indexOf(character);
}

/** Luhn mod N over the alphabet (N = 32): doubles every second value from the right, folded into base 32. */
export function checkCharacter(data: string): string {
  const n = CODE_ALPHABET.length;
  let sum = 0;
  let double = true;
  for (let index = data.length - 1; index >= 0; index--) {
    const value = characterValue(data[index]!);
    const addend = double ? value * 2 : value;
    sum += Math.floor(addend / n) + (addend % n);
    double = !double;
  }
  return CODE_ALPHABET[(n - (sum % n)) % n]!;
}

function grouped(compact: string): string {
  const groups: string[] = [];
  for (let start = 0; start < compact.length; start += GROUP)
    groups.push(compact.slice(start, start + GROUP));
  return groups.join("-");
}

/**
 * A new code from random bytes the caller drew (the domain does not draw them): one character per byte, its low five
 * bits (256 is a multiple of 32, so each character is uniform).
 */
export function verificationCodeFrom(random: Uint8Array): string {
  if (random.length < CODE_DATA_LENGTH)
    throw new RangeError(`verificationCodeFrom needs ${CODE_DATA_LENGTH} random bytes`);
  let data = "";
  for (let index = 0; index < CODE_DATA_LENGTH; index++) data += CODE_ALPHABET[random[index]! & 31];
  return grouped(data + checkCharacter(data));
}

/**
 * The code in its canonical form (upper case, grouped), or undefined when the text cannot be a code: wrong length,
 * a character outside the alphabet, or a wrong check character. Callers answer a malformed code exactly as an
 * unknown one, so the answer never tells which codes exist.
 */
export function parseVerificationCode(text: string): string | undefined {
  if (text.length > 40) return undefined;
  const compact = text.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (compact.length !== CODE_DATA_LENGTH + 1) return undefined;
  if ([...compact].some((character) => characterValue(character) < 0)) return undefined;
  const data = compact.slice(0, CODE_DATA_LENGTH);
  return checkCharacter(data) === compact[CODE_DATA_LENGTH] ? grouped(compact) : undefined;
}
