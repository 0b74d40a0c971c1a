/**
 * Folds Vietnamese text for searching: lower case, diacritics removed, `đ` → `d`, punctuation → space, spaces
 * collapsed. "Cấp giấy phép XÂY DỰNG" and "cap giay phep xay dung" fold to the same text (issue #2 §5).
 * Folding happens here, not with PostgreSQL's `unaccent`, so PGlite and every server version fold identically.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]+/gu, " ")
    .trim();
}

/** The words of a search query, folded; empty words and lone dots dropped. */
export function searchWords(query: string): string[] {
  return foldVietnamese(query)
    .split(" ")
    .filter((word) => word.length > 0 && word !== ".");
}
