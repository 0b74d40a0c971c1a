import { type Kysely, NoResultError, type QueryNode } from "kysely";
import { bindSlots, compiledOnce, slotted } from "../../db/compiledOnce.ts";
import type { Database } from "../../db/schema.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import { DOSSIER_FILE_CHECK, receiveFile } from "./receiveFile.ts";

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
 * Stores one uploaded file for its owner, to be attached to a dossier later (issue #4 §3). The content is a stream
 * (the upload route's multipart part: never held whole in memory, issue #21) or bytes. It takes the path every
 * received file takes ({@link receiveFile}): its type checked by content (R-DIG-2), early from its first bytes, then
 * on the whole stored copy before it takes its key; its size while it streams. The row is inserted only once the
 * store holds the bytes durably (issue #20 order), so a refused or failed write leaves no row.
 */
export async function storeUpload(
  db: Kysely<Database>,
  storage: FileStorage,
  input: {
    ownerUserId: string;
    fileName: string;
    content: Uint8Array | AsyncIterable<Uint8Array>;
    now: Date;
    limits: FileLimits;
  },
): Promise<Upload> {
  const { stored, mediaType } = await receiveFile(storage, input.content, {
    maxBytes: input.limits.maxFileBytes,
    check: DOSSIER_FILE_CHECK,
  });
  // Issue #21: built and compiled once per process (compiledOnce), run with this upload's values.
  const bound: Record<string, unknown> = {};
  const written = slotted(
    "",
    {
      owner_user_id: input.ownerUserId,
      storage_key: stored.key,
      sha256: stored.sha256,
      file_name: cleanFileName(input.fileName),
      media_type: mediaType,
      size_bytes: stored.size,
      created_at: input.now,
    },
    bound,
  );
  const query = compiledOnce(`storeUpload:${written.shape}`, db, (db) =>
    db
      .insertInto("uploads")
      .values(written.slots)
      .returning(["id", "file_name", "media_type", "size_bytes", "sha256", "created_at"]),
  );
  const row = (await db.executeQuery(bindSlots(query, bound))).rows[0];
  if (!row) throw new NoResultError(query.query as QueryNode);
  return {
    id: row.id,
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    createdAt: row.created_at,
  };
}
