import {
  decodePDFRawStream,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  type PDFStream,
} from "pdf-lib";
import { placedDpi, type ScanFacts } from "../../domain/digitisation/scanRequirements.ts";

/** An A4 page in points: where an image with no declared density is assumed to be printed. */
const A4 = { width: 595.28, height: 841.89 };

function imageDpi(pixels: { width: number; height: number }, declaredDpi: number | null): number {
  if (declaredDpi !== null && declaredDpi > 0) return Math.floor(declaredDpi);
  // No declared density: as if the scan were of an A4 sheet, in whichever orientation the image has.
  const page = pixels.width > pixels.height ? { width: A4.height, height: A4.width } : A4;
  return placedDpi(pixels, page);
}

/** PNG: IHDR size and the pHYs density (pixels per metre), when present. */
function pngFacts(bytes: Buffer): { width: number; height: number; dpi: number | null } {
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  let dpi: number | null = null;
  for (let offset = 8; offset + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    if (type === "pHYs" && bytes[offset + 16] === 1) dpi = bytes.readUInt32BE(offset + 8) * 0.0254;
    if (type === "IDAT" || type === "IEND") break;
    offset += 12 + length;
  }
  return { width, height, dpi };
}

/** JPEG: the frame size (SOFn) and the JFIF density, when in dots per inch or per centimetre. */
function jpegFacts(bytes: Buffer): { width: number; height: number; dpi: number | null } {
  let width = 0;
  let height = 0;
  let dpi: number | null = null;
  for (let offset = 2; offset + 4 <= bytes.length; ) {
    if (bytes[offset] !== 0xff) break;
    const marker = bytes[offset + 1]!;
    const length = bytes.readUInt16BE(offset + 2);
    if (marker === 0xe0 && bytes.toString("latin1", offset + 4, offset + 9) === "JFIF\0") {
      const units = bytes[offset + 11];
      const x = bytes.readUInt16BE(offset + 12);
      if (units === 1) dpi = x;
      else if (units === 2) dpi = x * 2.54;
    }
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      height = bytes.readUInt16BE(offset + 5);
      width = bytes.readUInt16BE(offset + 7);
      break;
    }
    offset += 2 + length;
  }
  return { width, height, dpi };
}

/** The lowest resolution of the raster images drawn on a page, assuming each covers the page (a scanner's output). */
function pageImageDpi(doc: PDFDocument, page: ReturnType<PDFDocument["getPages"]>[number]): number | null {
  const resources = page.node.Resources();
  const xObjects = resources?.lookupMaybe(PDFName.of("XObject"), PDFDict);
  if (!xObjects) return null;
  let lowest: number | null = null;
  for (const [, value] of xObjects.entries()) {
    const object = value instanceof PDFRef ? doc.context.lookup(value) : value;
    const dict = (object as PDFStream | undefined)?.dict;
    if (!dict) continue;
    if (dict.lookupMaybe(PDFName.of("Subtype"), PDFName)?.asString() !== "/Image") continue;
    const width = dict.lookupMaybe(PDFName.of("Width"), PDFNumber)?.asNumber() ?? 0;
    const height = dict.lookupMaybe(PDFName.of("Height"), PDFNumber)?.asNumber() ?? 0;
    if (width === 0 || height === 0) continue;
    const { width: pageWidth, height: pageHeight } = page.getSize();
    const dpi = placedDpi({ width, height }, { width: pageWidth, height: pageHeight });
    lowest = lowest === null ? dpi : Math.min(lowest, dpi);
  }
  return lowest;
}

/** Whether the catalog's XMP metadata declares PDF/A conformance (pdfaid:part). */
function declaresPdfA(doc: PDFDocument): boolean {
  const metadata = doc.catalog.lookup(PDFName.of("Metadata"));
  if (!(metadata instanceof PDFRawStream)) return false;
  const xmp = Buffer.from(decodePDFRawStream(metadata).decode()).toString("utf8");
  return /pdfaid:part\s*(=\s*["']?|>)\s*[123]/.test(xmp);
}

/**
 * What a scan check needs to know of a file (R-DIG-2): pages, the lowest image resolution and the PDF/A
 * declaration. Unreadable content answers `undefined` (the caller refuses it).
 */
export async function analyseScan(content: Uint8Array, mediaType: string): Promise<ScanFacts | undefined> {
  const bytes = Buffer.from(content);
  try {
    if (mediaType === "image/png") {
      const facts = pngFacts(bytes);
      return { mediaType, pages: 1, dpi: imageDpi(facts, facts.dpi), pdfA: false };
    }
    if (mediaType === "image/jpeg") {
      const facts = jpegFacts(bytes);
      if (facts.width === 0) return undefined;
      return { mediaType, pages: 1, dpi: imageDpi(facts, facts.dpi), pdfA: false };
    }
    if (mediaType === "application/pdf") {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: false });
      const pages = doc.getPages();
      const dpis = pages.map((page) => pageImageDpi(doc, page)).filter((dpi): dpi is number => dpi !== null);
      return {
        mediaType,
        pages: pages.length,
        dpi: dpis.length > 0 ? Math.min(...dpis) : null,
        pdfA: declaresPdfA(doc),
      };
    }
    return { mediaType, pages: 0, dpi: null, pdfA: false };
  } catch {
    return undefined;
  }
}
