import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * The embedded typeface: DejaVu Serif (npm `dejavu-fonts-ttf`, free licence) covers every precomposed Vietnamese
 * letter (ấ ầ ẩ ẫ ậ ư ơ đ…), so forms never fall back to a PDF standard font without those glyphs. A serif face
 * is the closest free match to the Times New Roman that administrative documents use.
 */
export const FONT_FILES = {
  regular: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSerif.ttf"),
  bold: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf"),
  italic: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSerif-Italic.ttf"),
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
