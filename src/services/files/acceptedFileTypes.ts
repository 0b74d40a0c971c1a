import { fileTypeFromBuffer } from "file-type";

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
