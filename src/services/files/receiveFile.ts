import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import {
  type FileStorage,
  type StoredFile,
  StoredFileTooLargeError,
} from "../../integrations/storage/fileStorage.ts";
import { spoolToFile } from "../../integrations/storage/spoolToFile.ts";
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "../errors.ts";
import {
  ACCEPTED_MEDIA_TYPES,
  headMayBeAccepted,
  SNIFF_HEAD_BYTES,
  sniffAcceptedMediaTypeOfStream,
} from "./acceptedFileTypes.ts";

/**
 * How a received file is checked by its content (R-DIG-2), never by its name or declared type: early on its first
 * bytes, then on the whole received copy before it is kept; and what each refusal says.
 */
export interface FileCheck<T extends string = string> {
  /** False when the first bytes (up to {@link SNIFF_HEAD_BYTES}) already rule the file out: refused before the rest is read. */
  head(head: Uint8Array): Promise<boolean>;
  /** The type decided on the whole received copy (re-readable as often as needed), or undefined to refuse it. */
  whole(read: () => Readable): Promise<T | undefined>;
  /** A file of a type not accepted (415). */
  unsupported(): Error;
  /** A file past the limit (413). */
  tooLarge(maxBytes: number): Error;
  /** An empty file: by default 400 "Tệp rỗng" on the field `file`. */
  empty?(): Error;
}

const megabytes = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

/**
 * The 413 of a file past `maxBytes` in whole megabytes, as the routes that take a file (uploads, feedback attachments,
 * the result check) have always answered it; the store's own count below answers to a tenth of a megabyte.
 */
export const fileTooLarge = (maxBytes: number): PayloadTooLargeError => {
  const limit = Math.round(maxBytes / 1_048_576);
  return new PayloadTooLargeError({
    vi: `Tệp quá lớn, tối đa ${limit} MB`,
    en: `The file is too large, at most ${limit} MB`,
  });
};

/** The check of a file a dossier may hold (uploads, feedback attachments, a result checked against its hash). */
export const DOSSIER_FILE_CHECK: FileCheck = {
  head: headMayBeAccepted,
  whole: (read) => sniffAcceptedMediaTypeOfStream(read()),
  unsupported: () => {
    const accepted = [...ACCEPTED_MEDIA_TYPES.values()].join(", ");
    return new UnsupportedMediaTypeError({
      vi: `Loại tệp không được chấp nhận; chỉ nhận: ${accepted}`,
      en: `This type of file is not accepted; accepted: ${accepted}`,
    });
  },
  tooLarge: (maxBytes) =>
    new PayloadTooLargeError({
      vi: `Tệp quá lớn, tối đa ${megabytes(maxBytes)} MB`,
      en: `The file is too large, at most ${megabytes(maxBytes)} MB`,
    }),
};

const emptyFile = () =>
  new ValidationError([{ field: "file", message: { vi: "Tệp rỗng", en: "The file is empty" } }]);

/**
 * Passes a stream on unchanged once its first bytes show a type that may be accepted (R-DIG-2, issue #21): a file of
 * another type is refused at its first chunks, before the rest is stored; an empty one is refused at its end.
 */
async function* checkedHead(source: AsyncIterable<Uint8Array>, check: FileCheck): AsyncGenerator<Uint8Array> {
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
      if (!(await check.head(Buffer.concat(head)))) throw check.unsupported();
      checked = true;
      yield* head.splice(0);
    }
  }
  if (checked) return;
  if (headBytes === 0) throw (check.empty ?? emptyFile)();
  if (!(await check.head(Buffer.concat(head)))) throw check.unsupported();
  yield* head;
}

/** Where a received file goes: a file store (`FileStorage.putStream`), or {@link KEEP_NOTHING}. */
export type FileSink = Pick<FileStorage, "putStream">;

/**
 * A sink that keeps nothing: the file is streamed to a temporary file (hashed and counted on the way, bounded by the
 * limit), checked there, and removed. For a file that is only compared (a result checked against its SHA-256).
 */
export const KEEP_NOTHING: FileSink = {
  async putStream(source, options) {
    const temporary = join(tmpdir(), `onestop-check-${randomBytes(8).toString("hex")}.tmp`);
    try {
      const { sha256, size } = await spoolToFile(source, temporary, options.maxBytes);
      const received = { key: sha256, sha256, size };
      await options.verify?.(() => createReadStream(temporary), received);
      return received;
    } finally {
      await rm(temporary, { force: true });
    }
  },
};

/**
 * Receives one file through the streaming path every upload takes (issue #21 item 5: never the whole file in
 * memory): its first bytes checked by signature (415 before the rest is read), every chunk counted (past `maxBytes`
 * the write stops: 413) and hashed while it is written to a temporary file, its type decided on that whole copy
 * (R-DIG-2), then `accept` (a last check that needs the type: the count of a sender's files), and only then is the
 * content given its key in `into` — durable before this resolves, so the caller writes the row that references it
 * afterwards (issue #20 order). Any refusal leaves nothing in the store and no temporary file.
 */
export async function receiveFile<T extends string>(
  into: FileSink,
  content: Uint8Array | AsyncIterable<Uint8Array>,
  options: { maxBytes: number; check: FileCheck<T>; accept?: (mediaType: T) => Promise<void> },
): Promise<{ stored: StoredFile; mediaType: T }> {
  const { maxBytes, check } = options;
  if (content instanceof Uint8Array && content.byteLength > maxBytes) throw check.tooLarge(maxBytes);
  const source =
    content instanceof Uint8Array
      ? (async function* () {
          yield content;
        })()
      : content;
  let mediaType: T | undefined;
  let stored: StoredFile;
  try {
    stored = await into.putStream(checkedHead(source, check), {
      maxBytes,
      verify: async (read) => {
        mediaType = await check.whole(read);
        if (!mediaType) throw check.unsupported();
        await options.accept?.(mediaType);
      },
    });
  } catch (error) {
    if (error instanceof StoredFileTooLargeError) throw check.tooLarge(maxBytes);
    throw error;
  }
  if (!mediaType) throw check.unsupported();
  return { stored, mediaType };
}
