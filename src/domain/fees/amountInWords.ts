const DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"] as const;
const SCALES = ["", "nghìn", "triệu"] as const;
const BILLION = 1_000_000_000;

/** Three digits read aloud; `full` reads "không trăm" and "linh" as a group after a higher one does. */
function readGroup(n: number, full: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor(n / 10) % 10;
  const units = n % 10;
  const words: string[] = [];
  if (full || hundreds > 0) words.push(DIGITS[hundreds]!, "trăm");
  if (tens === 0) {
    if (units > 0 && (full || hundreds > 0)) words.push("linh");
  } else if (tens === 1) words.push("mười");
  else words.push(DIGITS[tens]!, "mươi");
  if (units > 0) {
    if (units === 1 && tens >= 2) words.push("mốt");
    else if (units === 5 && tens >= 1) words.push("lăm");
    else words.push(DIGITS[units]!);
  }
  return words;
}

/** Below a billion; `after` says a higher part was read already. */
function readBelowBillion(n: number, after: boolean): string[] {
  const words: string[] = [];
  let leading = !after;
  for (let scale = 2; scale >= 0; scale -= 1) {
    const group = Math.floor(n / 1000 ** scale) % 1000;
    if (group === 0) continue;
    words.push(...readGroup(group, !leading));
    const scaleWord = SCALES[scale];
    if (scaleWord) words.push(scaleWord);
    leading = false;
  }
  return words;
}

function readNumber(n: number): string[] {
  if (n < BILLION) return readBelowBillion(n, false);
  const billions = Math.floor(n / BILLION);
  const rest = n % BILLION;
  return [...readNumber(billions), "tỷ", ...(rest > 0 ? readBelowBillion(rest, true) : [])];
}

/**
 * An amount of đồng in Vietnamese words, as a receipt writes it beside the figures (R-FEE-3):
 * 1_505_000 → "Một triệu năm trăm linh năm nghìn đồng". Whole đồng only, 0 up to 999 999 tỷ.
 */
export function amountInWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw new RangeError("amount must be a whole number of đồng ≥ 0");
  const words = amount === 0 ? ["không"] : readNumber(amount);
  const text = `${words.join(" ")} đồng`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
