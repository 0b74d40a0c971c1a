import { fsyncSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/**
 * The embedded database made as durable as PGlite can be (issue #20).
 *
 * PGlite starts PostgreSQL with `-F` (fsync off), and its Node filesystem (Emscripten's NODEFS) has no `fsync`
 * operation: every fsync PostgreSQL asks for is a silent no-op and `fdatasync` never reaches the disk either. So:
 * - start without `-F` and with `fsync=on`, so that PostgreSQL asks for its fsyncs (WAL at commit, data files and
 *   folders at checkpoints, exactly as on a server);
 * - `wal_sync_method=fsync`, because Emscripten drops `fdatasync` (and `open_sync` aborts the WebAssembly build),
 *   while `fsync` reaches the filesystem's operation;
 * - give NODEFS that operation: a real `fsync(2)` of the host file.
 *
 * A commit is acknowledged only after its WAL record is on disk, as on PostgreSQL with default settings. What stays
 * weaker than a server: one process, no replicas, and PGlite is still a beta build of PostgreSQL (bench:
 * `npm run bench pgliteDurability` measures the cost).
 *
 * Plain JavaScript (types in durablePglite.d.mts) because the embedded database runs in a worker thread
 * (src/db/pgliteWorkerThread.mjs, issue #21) that imports it without tsx: a worker that registers tsx starts
 * several times slower, and every test file opens a database.
 */

/** The start parameters PGlite uses, without `-F` (fsync off), with fsync on and a WAL sync method that works. */
export function durableStartParams() {
  /** @type {string[]} */
  const defaults = /** @type {any} */ (PGlite).defaultStartParams;
  return [...defaults.filter((param) => param !== "-F"), "-c", "fsync=on", "-c", "wal_sync_method=fsync"];
}

/** PGlite's Node filesystem whose fsync reaches the disk. Counts the fsyncs (the benchmark and tests read it). */
export class FsyncingNodeFS extends NodeFS {
  fsyncCount = 0;

  /** @param {Parameters<NodeFS["init"]>} args */
  async init(...args) {
    const result = await super.init(...args);
    const opts = result.emscriptenOpts;
    opts.preRun = [
      (/** @type {{ NODEFS: { stream_ops: { fsync?: (stream: { nfd: number }) => number } } }} */ module) => {
        // Before the folder is mounted: NODEFS streams share this operations table.
        module.NODEFS.stream_ops.fsync = (stream) => {
          this.fsyncCount += 1;
          fsyncSync(stream.nfd);
          return 0;
        };
      },
      ...(opts.preRun ?? []),
    ];
    return result;
  }
}

/**
 * PGlite options for a folder on disk with the chosen durability (`memory://` has nothing to make durable).
 * @param {string} dataDir
 * @param {"fsync" | "relaxed"} durability
 */
export function pgliteDurabilityOptions(dataDir, durability) {
  if (durability === "relaxed" || dataDir.startsWith("memory://")) return { dataDir };
  const folder = dataDir.startsWith("file://") ? dataDir.slice("file://".length) : dataDir;
  return { fs: new FsyncingNodeFS(folder), startParams: durableStartParams() };
}
