import { mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { isDatabaseUnavailable } from "./databaseErrors.ts";
import { acquireDataDirLock } from "./dataDirLock.ts";
import type { PgliteDurability } from "./durablePglite.mjs";
import { nameStatements, StatementNames } from "./namedStatements.ts";
import { type PgliteConnection, type PgliteWorker, startPgliteWorker } from "./pgliteWorker.ts";
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
  /** Embedded only: fsyncs done so far by the durable filesystem (tests and benches read it; 0 when relaxed). */
  fsyncCount?: () => Promise<number>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; `memory://` keeps it in memory. */
  pgliteDataDir?: string;
  /** A PGlite data dump (from `dumpDataDir`) to start from: the test harness's migrated snapshot. */
  pgliteLoadDataDir?: Blob | File;
  /** Embedded only: `fsync` (default) makes each acknowledged commit durable on disk; `relaxed` is PGlite's own. */
  pgliteDurability?: PgliteDurability;
  poolMax?: number;
  /** Told when a pooled connection fails, idle or checked out (the pool discards it; the query in flight fails). */
  onIdleError?: (error: Error) => void;
  /** PostgreSQL only: the timeouts that keep a hung or slow server from hanging every request (issue #20). */
  timeouts?: Partial<DatabaseTimeouts>;
  /**
   * PostgreSQL only: how long to wait at boot for a server that is not up yet (a container started before its
   * database), retrying with backoff; 0 = try once. Told of each failed attempt through `onWaiting`.
   */
  startupWaitMs?: number;
  onWaiting?: (error: Error, attempt: number) => void;
  /** PostgreSQL only: send repeated statements as named prepared statements (default on; issue #21). */
  namedStatements?: boolean;
}

export interface DatabaseTimeouts {
  /** Opening a connection (DATABASE_CONNECT_TIMEOUT_MS). */
  connectMs: number;
  /** One statement, enforced by the server (DATABASE_STATEMENT_TIMEOUT_MS); the client gives up 5 s later. */
  statementMs: number;
  /** A transaction left open without a statement (DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS). */
  idleInTransactionMs: number;
}

export const defaultDatabaseTimeouts: DatabaseTimeouts = {
  connectMs: 5_000,
  statementMs: 30_000,
  idleInTransactionMs: 60_000,
};

export const pgliteExtensions = { pg_trgm };

/**
 * Opens the database: PostgreSQL through `pg` when a URL is given, else embedded PGlite through its node-postgres
 * shim. PGlite is a single session: its pool's connections share it, and a transaction has it to itself, so
 * transactions serialize instead of interleaving (DESIGN §5; src/db/pgliteWorker.ts). PGlite itself always runs in a worker thread (issue #21, src/db/pgliteWorker.ts): its
 * statements run synchronously, and on this thread a long one stalled every request.
 */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const timeouts = { ...defaultDatabaseTimeouts, ...options.timeouts };
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax ?? 10,
      connectionTimeoutMillis: timeouts.connectMs,
      // Server side: a runaway statement or a forgotten transaction is cut off and its locks freed.
      statement_timeout: timeouts.statementMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      // Client side: a hung server (stopped, network gone) never answers, so statement_timeout cannot fire.
      query_timeout: timeouts.statementMs + 5_000,
      keepAlive: true,
      // Issue #21: named statements are parsed once but still planned for their parameters on every call; a generic
      // plan (PostgreSQL's choice after five calls) made the inbox's statements several times slower.
      ...(options.namedStatements !== false ? { options: "-c plan_cache_mode=force_custom_plan" } : {}),
    });
    const onError = (error: Error) => options.onIdleError?.(error);
    const statementNames = new StatementNames();
    // An idle connection the server closes (restart, failover, idle timeout) is dropped and replaced by the pool;
    // without a listener its "error" event would crash the process.
    pool.on("error", onError);
    // pg-pool listens only while a client is idle: a server that dies under a checked-out client (a query or a
    // transaction in flight) emits "error" on the client with nobody listening, which kills the process (issue #20).
    // The query in flight still fails, the client is no longer queryable and the pool discards it on release.
    pool.on("connect", (client) => {
      client.on("error", onError);
      // Issue #21: the app's repeated statements are prepared once per connection (src/db/namedStatements.ts).
      if (options.namedStatements !== false) nameStatements(client, statementNames);
    });
    try {
      await waitForServer(pool, options.startupWaitMs ?? 0, options.onWaiting);
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: retryingAcquisition(pool) }) });
    return { db, kind: "postgres", close: () => db.destroy() };
  }

  const dataDir = options.pgliteDataDir ?? "memory://";
  let releaseLock = () => {};
  if (!dataDir.startsWith("memory://")) {
    mkdirSync(dataDir, { recursive: true });
    // PGlite does not guard its folder: a second process opening it would corrupt the database.
    releaseLock = acquireDataDirLock(dataDir);
  }
  let pglite: PgliteWorker;
  try {
    // Issue #21: PGlite runs in a worker thread, so a long statement never stalls this thread's requests
    // (src/db/pgliteWorker.ts). It opens there with the durability of issue #20 (src/db/durablePglite.mjs).
    pglite = await startPgliteWorker({
      dataDir,
      durability: options.pgliteDurability ?? "fsync",
      ...(options.pgliteLoadDataDir ? { loadDataDir: options.pgliteLoadDataDir } : {}),
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const pool = pglitePool(pglite, options.onIdleError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: "pglite",
    dumpDataDir: () => pglite.dumpDataDir(),
    fsyncCount: () => pglite.fsyncCount(),
    close: async () => {
      await db.destroy();
      await pglite.close();
      releaseLock();
    },
  };
}

/** Connections of the embedded database's pool (issue #21): requests that can wait on the one session together. */
export const PGLITE_POOL_MAX = 10;

/**
 * The pool over the embedded database's thread, through PGlite's node-postgres shim, which needs of a PGlite only
 * `waitReady` and `execProtocolStream`. Each client gets a connection of its own (`pglite.connection()`): the
 * statements of several requests go to the database's thread without waiting for each other's answers, while a
 * transaction still has the one session to itself (src/db/pgliteWorker.ts, `run`).
 */
export function pglitePool(
  pglite: PgliteWorker,
  onError?: (error: Error) => void,
  max = PGLITE_POOL_MAX,
): pg.Pool {
  class PgliteClient extends pg.Client {
    readonly #connection: PgliteConnection;
    constructor(config?: string | pg.ClientConfig) {
      const connection = pglite.connection();
      super({
        ...(typeof config === "object" ? config : {}),
        ...createPgConfig(connection as unknown as PGlite),
      });
      this.#connection = connection;
    }
    // A client discarded by the pool (released with an error, idle too long) gives up the session it may still own.
    override end(): Promise<void>;
    override end(callback: (error: Error) => void): void;
    override end(callback?: (error: Error) => void): Promise<void> | void {
      this.#connection.end();
      return callback ? super.end(callback) : super.end();
    }
  }
  const pool = new pg.Pool({
    ...createPgConfig(pglite.connection() as unknown as PGlite),
    Client: PgliteClient,
    max,
  });
  // The thread gone, the shim emits "error" on the checked-out client: without a listener it would kill the process.
  // The query in flight fails with it (a connection error: 503), and the pool discards the client.
  const report = (error: Error) => onError?.(error);
  pool.on("error", report);
  pool.on("connect", (client) => client.on("error", report));
  return pool;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fails at boot, not at the first request, when the server stays unreachable; but waits up to `waitMs` for one that
 * is still starting (issue #20: `serve` starts while the database is unavailable and waits for it).
 */
async function waitForServer(
  pool: pg.Pool,
  waitMs: number,
  onWaiting?: (error: Error, attempt: number) => void,
): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const client = await pool.connect();
      client.release();
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() >= deadline) throw error;
      onWaiting?.(error as Error, attempt);
      await sleep(Math.min(250 * 2 ** Math.min(attempt, 5), 5_000, Math.max(deadline - Date.now(), 0)));
    }
  }
}

/**
 * The pool Kysely uses, retrying only what is safe to retry: taking a connection. Nothing has been sent yet, so a
 * second try (after a restart dropped the first socket, or while a failover settles) cannot do anything twice. A
 * statement or transaction cut off midway is never retried here: its outcome is unknown, so the request fails with
 * 503 and the client retries (dossier submissions carry an Idempotency-Key for exactly this).
 */
function retryingAcquisition(pool: pg.Pool): pg.Pool {
  const connect = async () => {
    try {
      return await pool.connect();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      await sleep(100);
      return pool.connect();
    }
  };
  return new Proxy(pool, {
    get(target, property, receiver) {
      if (property === "connect") return connect;
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
