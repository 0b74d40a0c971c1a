import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * The embedded typeface: Tinos (npm `@expo-google-fonts/tinos`, the full Google Fonts files, SIL Open Font Licence),
 * metric-compatible with Times New Roman, the face administrative documents are typed in (issue #19 "Printed
 * documents"): a slip lays out as officers expect, line for line. It covers every precomposed Vietnamese letter
 * (ấ ầ ẩ ẫ ậ ư ơ đ… and ₫), so forms never fall back to a PDF standard font without those glyphs.
 */
export const FONT_FILES = {
  regular: require.resolve("@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf"),
  italic: require.resolve("@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf"),
} as const;

export type FontStyle = keyof typeof FONT_FILES;

let loaded: Record<FontStyle, Buffer> | undefined;

/** The font files, read once per process (each form embeds the subset it uses). */
export function fontData(): Record<FontStyle, Buffer> {
  loaded ??= {
    regular: readFileSync(FONT_FILES.regular),
    bold: readFileSync(FONT_FILES.bold),
    italic: readFileSync(FONT_FILES.italic),
  };
  return loaded;
}
