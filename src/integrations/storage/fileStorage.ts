/**
 * The file storage port (DESIGN §2 integrations): bytes by content address. The filesystem adapter is the default;
 * an S3-compatible one can implement the same port. Keys are the sha256 of the content, so storing the same file
 * twice keeps one copy and a key always names the same bytes. `put` resolves only once the bytes are durable: the
 * database row that references them is committed after it (issue #20).
 */
export interface FileStorage {
  /** Stores the bytes and returns their key (sha256, hex). */
  put(content: Uint8Array): Promise<{ key: string; sha256: string; size: number }>;
  /** The bytes of a key, or undefined when absent. */
  get(key: string): Promise<Uint8Array | undefined>;
  has(key: string): Promise<boolean>;
  /** Readiness: proves the store can take a write now (throws when it cannot); stores without one are assumed ready. */
  probe?(): Promise<void>;
}
