import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import {
  type FileStorage,
  type StoredFile,
  StoredFileTooLargeError,
} from "../../integrations/storage/fileStorage.ts";
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "../errors.ts";
import {
  ACCEPTED_MEDIA_TYPES,
  headMayBeAccepted,
  SNIFF_HEAD_BYTES,
  sniffAcceptedMediaTypeOfStream,
} from "./acceptedFileTypes.ts";

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

const tooLarge = (maxBytes: number) =>
  new PayloadTooLargeError({
    vi: `Tệp quá lớn, tối đa ${megabytes(maxBytes)} MB`,
    en: `The file is too large, at most ${megabytes(maxBytes)} MB`,
  });

const unsupported = () => {
  const accepted = [...ACCEPTED_MEDIA_TYPES.values()].join(", ");
  return new UnsupportedMediaTypeError({
    vi: `Loại tệp không được chấp nhận; chỉ nhận: ${accepted}`,
    en: `This type of file is not accepted; accepted: ${accepted}`,
  });
};

/**
 * Passes a stream on unchanged once its first bytes show a type that may be accepted (R-DIG-2, issue #21): a file of
 * another type is refused at its first chunks, before the rest is stored; an empty one is refused at its end.
 */
async function* checkedHead(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let checked = false;
  for await (const chunk of source) {
    if (checked) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.byteLength;
    if (headBytes >= SNIFF_HEAD_BYTES) {
      if (!(await headMayBeAccepted(Buffer.concat(head)))) throw unsupported();
      checked = true;
      yield* head.splice(0);
    }
  }
  if (checked) return;
  if (headBytes === 0) {
    throw new ValidationError([{ field: "file", message: { vi: "Tệp rỗng", en: "The file is empty" } }]);
  }
  if (!(await headMayBeAccepted(Buffer.concat(head)))) throw unsupported();
  yield* head;
}

/**
 * Stores one uploaded file for its owner, to be attached to a dossier later (issue #4 §3). The content is a stream
 * (the upload route's multipart part: never held whole in memory, issue #21) or bytes. Its type is checked by content
 * (R-DIG-2): early from its first bytes, then on the whole stored copy before it takes its key; its size while it
 * streams. The row is inserted only once the store holds the bytes durably (issue #20 order), so a refused or failed
 * write leaves no row.
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
  const content = input.content;
  if (content instanceof Uint8Array && content.byteLength > input.limits.maxFileBytes)
    throw tooLarge(input.limits.maxFileBytes);
  const source =
    content instanceof Uint8Array
      ? (async function* () {
          yield content;
        })()
      : content;
  let mediaType: string | undefined;
  let stored: StoredFile;
  try {
    stored = await storage.putStream(checkedHead(source), {
      maxBytes: input.limits.maxFileBytes,
      verify: async (read) => {
        mediaType = await sniffAcceptedMediaTypeOfStream(read());
        if (!mediaType) throw unsupported();
      },
    });
  } catch (error) {
    if (error instanceof StoredFileTooLargeError) throw tooLarge(input.limits.maxFileBytes);
    throw error;
  }
  if (!mediaType) throw unsupported();
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
