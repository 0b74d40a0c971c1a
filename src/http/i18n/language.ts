import type { LocalizedText } from "../../services/validation/messages.ts";

export type Language = "vi" | "en";

/**
 * Vietnamese unless the client's first preferred language is English (`Accept-Language: en`, `en-US,en;q=0.9`).
 * Quality values are honoured: `vi;q=0.9, en;q=0.8` stays Vietnamese.
 */
export function negotiateLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return "vi";
  let best: { language: Language; quality: number } | undefined;
  for (const part of acceptLanguage.split(",")) {
    const [tag = "", ...params] = part.trim().split(";");
    const qualityParam = params.find((param) => param.trim().startsWith("q="));
    const quality = qualityParam ? Number(qualityParam.trim().slice(2)) : 1;
    const primary = tag.trim().toLowerCase().split("-")[0];
    if (primary !== "vi" && primary !== "en") continue;
    if (Number.isNaN(quality) || quality <= 0) continue;
    if (!best || quality > best.quality) best = { language: primary, quality };
  }
  return best?.language ?? "vi";
}

export function localize(text: LocalizedText, language: Language): string {
  return text[language];
}
