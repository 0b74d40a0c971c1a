import { createHash } from "node:crypto";
import { open, rm } from "node:fs/promises";
import { StoredFileTooLargeError } from "./fileStorage.ts";

/**
 * Writes a stream to a new file chunk by chunk (never the whole content in memory: issue #21), hashing (sha256) and
 * counting on the way, and flushes it to the disk before returning. Past `maxBytes` it stops reading and throws
 * {@link StoredFileTooLargeError}; on any failure the file is removed.
 */
export async function spoolToFile(
  source: AsyncIterable<Uint8Array>,
  path: string,
  maxBytes: number,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  try {
    const handle = await open(path, "wx");
    try {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new StoredFileTooLargeError(maxBytes);
        hash.update(chunk);
        for (let offset = 0; offset < chunk.byteLength; ) {
          offset += (await handle.write(chunk, offset)).bytesWritten;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { sha256: hash.digest("hex"), size };
}
