import type { Readable } from "node:stream";
import { fileTypeFromBuffer, fileTypeFromStream } from "file-type";

/**
 * The types a dossier file may have, recognised from the content's own signature (never from the name or the
 * declared type): scans and photos (PDF, JPEG, PNG, TIFF: R-DIG-2), office documents (DOCX, XLSX, ODT, ODS).
 */
export const ACCEPTED_MEDIA_TYPES: ReadonlyMap<string, string> = new Map([
  ["application/pdf", "PDF"],
  ["image/jpeg", "JPEG"],
  ["image/png", "PNG"],
  ["image/tiff", "TIFF"],
  ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"],
  ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"],
  ["application/vnd.oasis.opendocument.text", "ODT"],
  ["application/vnd.oasis.opendocument.spreadsheet", "ODS"],
]);

/** The accepted media type of this content, or undefined. */
export async function sniffAcceptedMediaType(content: Uint8Array): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(content);
  return detected && ACCEPTED_MEDIA_TYPES.has(detected.mime) ? detected.mime : undefined;
}

/** How many first bytes the early check reads: file-type's own sample size (its signatures sit within it). */
export const SNIFF_HEAD_BYTES = 4100;

/**
 * The early check on a stream's first bytes (issue #21): false when they already rule the file out, so an upload of
 * another type is refused before the rest is stored. The office formats (DOCX, XLSX, ODT, ODS) are ZIP containers
 * whose kind may only show further in: a ZIP head passes here, and {@link sniffAcceptedMediaTypeOfStream} decides.
 */
export async function headMayBeAccepted(head: Uint8Array): Promise<boolean> {
  const detected = await fileTypeFromBuffer(head);
  if (!detected) return false;
  return ACCEPTED_MEDIA_TYPES.has(detected.mime) || detected.mime === "application/zip";
}

/** The accepted media type of a whole content read as a stream (only as far as needed), or undefined. */
export async function sniffAcceptedMediaTypeOfStream(content: Readable): Promise<string | undefined> {
  try {
    const detected = await fileTypeFromStream(content);
    return detected && ACCEPTED_MEDIA_TYPES.has(detected.mime) ? detected.mime : undefined;
  } finally {
    content.destroy();
  }
}
