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

/**
 * Characters that are each one grapheme on their own, whatever follows them in the word: printable Basic Latin,
 * Latin-1, Latin Extended-A and -B, and Latin Extended Additional (every precomposed Vietnamese letter after NFC).
 * None is a combining mark, a joiner or a surrogate. A word of only these is masked by counting its characters,
 * without the segmenter (issue #21: the segmenter was ~15 µs a name, the most of the lookup's own CPU).
 */
const ONE_GRAPHEME_EACH = /^[\u0021-\u007e\u00a1-\u024f\u1e00-\u1eff]*$/;

function maskWord(word: string): string {
  if (ONE_GRAPHEME_EACH.test(word)) return word.length === 0 ? "" : word[0] + "*".repeat(word.length - 1);
  const letters = [...segmenter.segment(word)].map((part) => part.segment);
  return letters.length === 0 ? "" : letters[0] + "*".repeat(letters.length - 1);
}

export function maskName(name: string): string {
  const words = name.normalize("NFC").trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return "";
  if (words.length === 1) return maskWord(words[0]!);
  return [words[0]!, ...words.slice(1).map(maskWord)].join(" ");
}
