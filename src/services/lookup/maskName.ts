/**
 * Masks a person's name for the public lookup when the province chooses to (LOOKUP_MASK_NAMES, R-LOOK-2: "never show
 * other personal data publicly"). The rule, one word at a time:
 *
 * - the first word (the family name: Nguyễn, Trần, Lê…) is shown whole — it identifies nobody on its own and lets
 *   the applicant recognise their dossier;
 * - every other word keeps its first letter and each of its remaining letters becomes `*`;
 * - a one-word name keeps only its first letter.
 *
 * "Nguyễn Văn An" → "Nguyễn V** A*". Letters are counted as graphemes after NFC normalisation, so a letter typed
 * with combining diacritics ("e" + U+0302 + U+0301) is one letter, like the precomposed "ế".
 */
const segmenter = new Intl.Segmenter("vi", { granularity: "grapheme" });

function maskWord(word: string): string {
  const letters = [...segmenter.segment(word)].map((part) => part.segment);
  return letters.length === 0 ? "" : letters[0] + "*".repeat(letters.length - 1);
}

export function maskName(name: string): string {
  const words = name.normalize("NFC").trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return "";
  if (words.length === 1) return maskWord(words[0]!);
  return [words[0]!, ...words.slice(1).map(maskWord)].join(" ");
}
