/**
 * What a scan must be to count as digitised (R-DIG-2, TT 01/2023 Điều 8 k2; practical parameters of the 2025 guide,
 * E5): at least 300 dpi, 200 dpi for ordinary short-lived administrative papers; a PDF or a lossless/photographic
 * image; as many pages as the paper, in order; a PDF/A master where the document is kept (declared and detected,
 * and required only where the caller says so).
 */
export type ScanFormat = "pdf" | "jpeg" | "png";

/** `shortLived`: ordinary administrative papers kept briefly (200 dpi is enough); `standard` otherwise. */
export type RetentionKind = "standard" | "shortLived";

export const MINIMUM_DPI: Readonly<Record<RetentionKind, number>> = { standard: 300, shortLived: 200 };

export const ACCEPTED_MEDIA_TYPES: Readonly<Record<string, ScanFormat>> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpeg",
  "image/png": "png",
};

export interface ScanFacts {
  mediaType: string;
  /** The lowest resolution found among the page images; null when the file has no raster image (born digital). */
  dpi: number | null;
  /** Pages in the file. */
  pages: number;
  /** The file declares PDF/A conformance (XMP pdfaid). */
  pdfA: boolean;
}

export interface ScanExpectation {
  retention: RetentionKind;
  /** Pages of the paper, as the officer counted them. */
  sourcePages: number;
  pdfARequired: boolean;
}

export type ScanProblem =
  | { code: "FORMAT_NOT_ACCEPTED"; mediaType: string }
  | { code: "RESOLUTION_TOO_LOW"; dpi: number; minimum: number }
  | { code: "PAGE_COUNT_MISMATCH"; pages: number; sourcePages: number }
  | { code: "PDFA_REQUIRED" };

/** Every way the scan falls short of the requirements; empty when it meets them all. */
export function checkScan(facts: ScanFacts, expected: ScanExpectation): ScanProblem[] {
  const problems: ScanProblem[] = [];
  const format = ACCEPTED_MEDIA_TYPES[facts.mediaType];
  if (!format) return [{ code: "FORMAT_NOT_ACCEPTED", mediaType: facts.mediaType }];
  const minimum = MINIMUM_DPI[expected.retention];
  // A born-digital PDF has no raster to measure; an image always has one.
  if (facts.dpi !== null && facts.dpi < minimum)
    problems.push({ code: "RESOLUTION_TOO_LOW", dpi: facts.dpi, minimum });
  if (facts.pages !== expected.sourcePages)
    problems.push({ code: "PAGE_COUNT_MISMATCH", pages: facts.pages, sourcePages: expected.sourcePages });
  if (expected.pdfARequired && !(format === "pdf" && facts.pdfA)) problems.push({ code: "PDFA_REQUIRED" });
  return problems;
}

/**
 * The resolution of an image placed on a page: its pixels over the inches it covers, rounded down (a 2480-pixel-wide
 * image across an A4 page's 595.28 points is 300 dpi). The lower of the two axes, as a scanner's is the same on both.
 */
export function placedDpi(
  pixels: { width: number; height: number },
  points: { width: number; height: number },
): number {
  const horizontal = pixels.width / (points.width / 72);
  const vertical = pixels.height / (points.height / 72);
  return Math.floor(Math.min(horizontal, vertical) + 1e-6);
}
