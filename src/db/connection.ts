import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { acquireDataDirLock } from "./dataDirLock.ts";
import type { Database } from "./schema.ts";

// Same value shapes on both databases: dates stay `YYYY-MM-DD` strings (a JS Date would shift them by the zone),
// bigint counts and amounts become numbers (all of ours fit in 2^53), numeric becomes a number.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export type DatabaseKind = "postgres" | "pglite";

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** Embedded only: the whole data folder as a tarball (tests start from a migrated snapshot). */
  dumpDataDir?: () => Promise<Blob>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; `memory://` keeps it in memory. */
  pgliteDataDir?: string;
  /** A PGlite data dump (from `dumpDataDir`) to start from: the test harness's migrated snapshot. */
  pgliteLoadDataDir?: Blob | File;
  poolMax?: number;
  /** Told when an idle pooled connection fails (the pool has already discarded it). */
  onIdleError?: (error: Error) => void;
}

export const pgliteExtensions = { pg_trgm };

/**
 * Opens the database: PostgreSQL through `pg` when a URL is given, else embedded PGlite through its node-postgres
 * shim. PGlite is a single session, so its pool has exactly one connection: transactions then serialize instead
 * of interleaving (DESIGN §5).
 */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolMax ?? 10 });
    // An idle connection the server closes (restart, failover, idle timeout) is dropped and replaced by the pool;
    // without a listener its "error" event would crash the process.
    pool.on("error", (error) => options.onIdleError?.(error));
    // Fail at boot, not at the first request, when the server is unreachable.
    const client = await pool.connect();
    client.release();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", close: () => db.destroy() };
  }

  const dataDir = options.pgliteDataDir ?? "memory://";
  let releaseLock = () => {};
  if (!dataDir.startsWith("memory://")) {
    mkdirSync(dataDir, { recursive: true });
    // PGlite does not guard its folder: a second process opening it would corrupt the database.
    releaseLock = acquireDataDirLock(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir, {
      extensions: pgliteExtensions,
      ...(options.pgliteLoadDataDir ? { loadDataDir: options.pgliteLoadDataDir } : {}),
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: "pglite",
    dumpDataDir: () => pglite.dumpDataDir("none"),
    close: async () => {
      await db.destroy();
      await pglite.close();
      releaseLock();
    },
  };
}
