/**
 * The embedded database's thread (issue #21). PGlite is PostgreSQL compiled to WebAssembly: a statement runs
 * synchronously on the thread that calls it, so on the HTTP thread one long report stalled every request. Here it
 * runs on a worker thread of its own; the HTTP thread (src/db/pgliteWorker.ts) only sends protocol bytes and parses
 * the answers. Plain JavaScript importing only JavaScript: the worker starts without tsx (several times faster, and
 * every test file opens a database), both under `bin/onestop.js` and under Vitest.
 *
 * Messages from the HTTP thread, each answered with the same `id`:
 * - `{ id, type: "exec", bytes }`: frontend protocol bytes; the answer is the raw backend bytes, transferred;
 * - `{ id, type: "dump" }`: the data folder as an uncompressed tarball, transferred;
 * - `{ id, type: "fsyncCount" }`: fsyncs done so far (0 when the database is not durable);
 * - `{ id, type: "close" }`: closes PGlite (checkpoint), after which the thread ends.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { FsyncingNodeFS, pgliteDurabilityOptions } from "./durablePglite.mjs";

if (!parentPort) throw new Error("pgliteWorkerThread.mjs runs only as a worker thread");
const port = parentPort;

/** @type {{ dataDir: string; durability: "fsync" | "relaxed"; loadDataDir?: ArrayBuffer }} */
const options = workerData;

/** An error as plain data: PGlite's own errors never cross as DatabaseErrors (those are parsed from bytes). */
const serializeError = (/** @type {unknown} */ error) => ({
  message: error instanceof Error ? error.message : String(error),
  code: /** @type {{ code?: unknown }} */ (error)?.code,
});

/** @type {PGlite} */
let pglite;
/** @type {{ fsyncCount: number } | undefined} */
let durableFs;
try {
  // Issue #20: fsync on a folder on disk unless PGLITE_DURABILITY=relaxed (durablePglite.mjs).
  const durability = pgliteDurabilityOptions(options.dataDir, options.durability);
  if (durability.fs instanceof FsyncingNodeFS) durableFs = durability.fs;
  pglite = await PGlite.create({
    ...durability,
    extensions: { pg_trgm },
    ...(options.loadDataDir ? { loadDataDir: new Blob([options.loadDataDir]) } : {}),
  });
} catch (error) {
  port.postMessage({ type: "failed", error: serializeError(error) });
  // Nothing else to do: ending the thread tells the HTTP thread too.
  process.exit(1);
}
port.postMessage({ type: "ready" });

// One message at a time, in order: PGlite is one session, and a statement's answer must not overtake the one before.
let queue = Promise.resolve();
port.on("message", (/** @type {{ id: number; type: string; bytes?: Uint8Array }} */ message) => {
  queue = queue.then(() => handle(message));
});

/** @param {{ id: number; type: string; bytes?: Uint8Array }} message */
async function handle({ id, type, bytes }) {
  try {
    if (type === "exec") {
      // syncToFs as in PGlite's own execProtocolStream (its default: true).
      const answer = await pglite.execProtocolRaw(/** @type {Uint8Array} */ (bytes));
      // execProtocolRaw returns a fresh copy of exactly the answer, so its buffer can move without a copy.
      port.postMessage({ id, bytes: answer }, [answer.buffer]);
    } else if (type === "dump") {
      const dump = await (await pglite.dumpDataDir("none")).arrayBuffer();
      port.postMessage({ id, bytes: dump }, [dump]);
    } else if (type === "fsyncCount") {
      port.postMessage({ id, value: durableFs?.fsyncCount ?? 0 });
    } else if (type === "close") {
      await pglite.close();
      port.postMessage({ id });
      port.close();
    } else {
      throw new Error(`unknown message ${type}`);
    }
  } catch (error) {
    port.postMessage({ id, error: serializeError(error) });
  }
}
