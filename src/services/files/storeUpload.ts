import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "../errors.ts";
import { ACCEPTED_MEDIA_TYPES, sniffAcceptedMediaType } from "./acceptedFileTypes.ts";

export interface FileLimits {
  maxFileBytes: number;
  maxDossierBytes: number;
}

export interface Upload {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
}

const megabytes = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

/**
 * A file name safe to show and to send back in Content-Disposition: no path, no control characters, and no
 * bidirectional controls (issue #20): a right-to-left override (U+202E) makes `hoadon<RLO>fdp.exe` read as `hoadonexe.pdf`.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f"]/g, "")
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .trim();
  return cleaned.slice(0, 200) || "tep-dinh-kem";
}

/**
 * Stores one uploaded file for its owner, to be attached to a dossier later (issue #4 §3). Checks the size and the
 * type by content before anything is written.
 */
export async function storeUpload(
  db: Kysely<Database>,
  storage: FileStorage,
  input: { ownerUserId: string; fileName: string; content: Uint8Array; now: Date; limits: FileLimits },
): Promise<Upload> {
  if (input.content.byteLength === 0) {
    throw new ValidationError([{ field: "file", message: { vi: "Tệp rỗng", en: "The file is empty" } }]);
  }
  if (input.content.byteLength > input.limits.maxFileBytes) {
    throw new PayloadTooLargeError({
      vi: `Tệp quá lớn: ${megabytes(input.content.byteLength)} MB, tối đa ${megabytes(input.limits.maxFileBytes)} MB`,
      en: `The file is too large: ${megabytes(input.content.byteLength)} MB, at most ${megabytes(input.limits.maxFileBytes)} MB`,
    });
  }
  const mediaType = await sniffAcceptedMediaType(input.content);
  if (!mediaType) {
    const accepted = [...ACCEPTED_MEDIA_TYPES.values()].join(", ");
    throw new UnsupportedMediaTypeError({
      vi: `Loại tệp không được chấp nhận; chỉ nhận: ${accepted}`,
      en: `This type of file is not accepted; accepted: ${accepted}`,
    });
  }
  const stored = await storage.put(input.content);
  const row = await db
    .insertInto("uploads")
    .values({
      owner_user_id: input.ownerUserId,
      storage_key: stored.key,
      sha256: stored.sha256,
      file_name: cleanFileName(input.fileName),
      media_type: mediaType,
      size_bytes: stored.size,
      created_at: input.now,
    })
    .returning(["id", "file_name", "media_type", "size_bytes", "sha256", "created_at"])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    createdAt: row.created_at,
  };
}
