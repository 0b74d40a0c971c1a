import { fsyncSync } from "node:fs";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
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
 */
export type PgliteDurability = "fsync" | "relaxed";

/** The start parameters PGlite uses, without `-F` (fsync off), with fsync on and a WAL sync method that works. */
export function durableStartParams(): string[] {
  const defaults = (PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams;
  return [...defaults.filter((param) => param !== "-F"), "-c", "fsync=on", "-c", "wal_sync_method=fsync"];
}

interface EmscriptenModule {
  NODEFS: { stream_ops: { fsync?: (stream: { nfd: number }) => number } };
}

/** PGlite's Node filesystem whose fsync reaches the disk. Counts the fsyncs (the benchmark and tests read it). */
export class FsyncingNodeFS extends NodeFS {
  fsyncCount = 0;

  override async init(...args: Parameters<NodeFS["init"]>): ReturnType<NodeFS["init"]> {
    const result = await super.init(...args);
    const opts = result.emscriptenOpts as { preRun?: Array<(module: EmscriptenModule) => void> };
    opts.preRun = [
      (module) => {
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

/** PGlite options for a folder on disk with the chosen durability (`memory://` has nothing to make durable). */
export function pgliteDurabilityOptions(
  dataDir: string,
  durability: PgliteDurability,
): Pick<PGliteOptions, "fs" | "startParams" | "dataDir"> {
  if (durability === "relaxed" || dataDir.startsWith("memory://")) return { dataDir };
  const folder = dataDir.startsWith("file://") ? dataDir.slice("file://".length) : dataDir;
  return { fs: new FsyncingNodeFS(folder), startParams: durableStartParams() };
}
