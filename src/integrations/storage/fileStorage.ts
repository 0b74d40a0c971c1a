import type { Readable } from "node:stream";

/**
 * The file storage port (DESIGN §2 integrations): bytes by content address. The filesystem adapter is the default;
 * the S3-compatible one (issue #21) implements the same port. Keys are the sha256 of the content, so storing the same
 * file twice keeps one copy and a key always names the same bytes. `put` and `putStream` resolve only once the bytes
 * are durable: the database row that references them is committed after it (issue #20).
 */
export interface FileStorage {
  /** Stores the bytes and returns their key (sha256, hex). For small contents made in memory (generated PDFs). */
  put(content: Uint8Array): Promise<StoredFile>;
  /**
   * Stores a stream without holding it in memory (issue #21): hashed and counted while it is written to a temporary
   * place, checked by `verify` there, then given its key. Past `maxBytes` it stops reading, removes what it wrote and
   * throws a {@link StoredFileTooLargeError}; a `verify` that throws leaves nothing either.
   */
  putStream(source: AsyncIterable<Uint8Array>, options: PutStreamOptions): Promise<StoredFile>;
  /** The bytes of a key, or undefined when absent. For small files read whole (archives, signing). */
  get(key: string): Promise<Uint8Array | undefined>;
  /** The bytes of a key as a stream with their size (downloads), or undefined when absent. */
  getStream(key: string): Promise<{ body: Readable; size: number } | undefined>;
  has(key: string): Promise<boolean>;
  /** Readiness: proves the store can take a write now (throws when it cannot); stores without one are assumed ready. */
  probe?(): Promise<void>;
  /** Every stored key (backup of a store that is not a folder: S3); the filesystem store is copied as a folder. */
  keys?(): AsyncIterable<string>;
  /** Releases its connections (the S3 client's); the filesystem store has none. */
  close?(): void;
}

export interface StoredFile {
  key: string;
  sha256: string;
  size: number;
}

export interface PutStreamOptions {
  /** The most bytes accepted; one more and the write is abandoned. */
  maxBytes: number;
  /**
   * Called with the complete content (re-readable, from the temporary copy) before it takes its key; throwing
   * abandons the write. Used to check a file's type by its content (R-DIG-2) where the first bytes do not suffice.
   */
  verify?: (content: () => Readable, stored: StoredFile) => Promise<void>;
}

/** A stream longer than `maxBytes`: nothing was kept. */
export class StoredFileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the content exceeds ${maxBytes} bytes`);
    this.name = "StoredFileTooLargeError";
  }
}

/** The file store did not take or give the bytes (an S3 server down or failing): retry later; nothing was kept. */
export class FileStoreUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`the file store failed to ${operation}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = "FileStoreUnavailableError";
  }
}
