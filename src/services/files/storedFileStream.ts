import type { Readable } from "node:stream";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";

/** A stored object opened for a download: its bytes as a stream, never read whole (issue #21 item 5), and their size. */
export interface StoredFileStream {
  body: Readable;
  size: number;
}

/**
 * Opens the stored bytes of `key` for a download through the store's streaming read (`getStream`: a file handle, or
 * the S3 GET's body), or throws `missing()` when the bytes are gone, before anything was sent, so the request answers
 * as for an unknown file (404) and never fails mid-stream for that reason.
 */
export async function openStoredFile(
  storage: FileStorage,
  key: string,
  missing: () => Error,
): Promise<StoredFileStream> {
  const file = await storage.getStream(key);
  if (!file) throw missing();
  return file;
}

/**
 * Runs `step` (the access log: R-KHO-1) while `file` is open and not yet sent; if it fails, the stream is closed
 * before the error goes on, so no file handle or S3 connection is left open behind a refused download.
 */
export async function whileOpen<T>(file: StoredFileStream, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    file.body.destroy();
    throw error;
  }
}
