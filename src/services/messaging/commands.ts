import { foldVietnamese } from "../../domain/catalog/foldVietnamese.ts";

/**
 * What a follower's text asks (issue #18): the SMS lookup's syntax (R-LOOK-1, `TRACUU <mã hồ sơ>`), following a
 * dossier with a proof that the person holds more than its code — the last 4 digits of the applicant's phone or
 * identification number, the lookup's second fact (issue #20) — and unfollowing. Keywords in any case, with or
 * without diacritics or spaces inside them; English keywords answer in English.
 */
export type MessagingCommand =
  | { kind: "lookup"; code: string }
  | { kind: "follow"; code: string; proof: string | undefined; language: "vi" | "en" }
  | { kind: "unfollow"; code: string; language: "vi" | "en" }
  | { kind: "unknown" };

const squash = (text: string) => foldVietnamese(text).replace(/[^a-z0-9]/g, "");

/** The words after `keyword` when the text starts with it (spread over up to 3 words), or undefined. */
function after(words: readonly string[], keyword: string): string[] | undefined {
  const wanted = squash(keyword);
  for (let taken = 1; taken <= Math.min(3, words.length); taken++) {
    const head = squash(words.slice(0, taken).join(""));
    if (head === wanted) return words.slice(taken);
    if (!wanted.startsWith(head)) return undefined;
  }
  return undefined;
}

export function parseMessagingCommand(text: string, lookupKeyword: string): MessagingCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const code = (rest: string[] | undefined) => rest?.[0]?.toUpperCase();
  for (const [keyword, language] of [
    ["BO THEO DOI", "vi"],
    ["HUY THEO DOI", "vi"],
    ["UNFOLLOW", "en"],
  ] as const) {
    const rest = after(words, keyword);
    if (rest && code(rest)) return { kind: "unfollow", code: code(rest)!, language };
  }
  for (const [keyword, language] of [
    ["THEO DOI", "vi"],
    ["FOLLOW", "en"],
  ] as const) {
    const rest = after(words, keyword);
    if (rest && code(rest)) return { kind: "follow", code: code(rest)!, proof: rest[1], language };
  }
  for (const keyword of [lookupKeyword, "LOOKUP"]) {
    const rest = after(words, keyword);
    if (rest && code(rest)) return { kind: "lookup", code: code(rest)! };
  }
  return { kind: "unknown" };
}
