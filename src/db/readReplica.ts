import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { type DatabaseTimeouts, defaultDatabaseTimeouts } from "./connection.ts";
import { isDatabaseUnavailable } from "./databaseErrors.ts";
import type { Database } from "./schema.ts";

/**
 * Issue #21 item 4: a streaming replica (DATABASE_READ_URL) serves the read-only routes that tolerate a bounded
 * staleness: dashboards, reports, public statistics and lookups. Each read goes to the replica only when
 *
 * - the replica is known to hold everything the primary had committed `maxLagMs` ago (its staleness bound), and
 * - the reader has not written within the last `maxLagMs` (a write is always read back from the primary);
 *
 * otherwise, and whenever the replica cannot be reached or refuses a statement, to the primary: never an error to
 * the user because of the replica.
 *
 * Staleness is measured with WAL positions, not with `now() - pg_last_xact_replay_timestamp()` (which grows without
 * bound on an idle primary although the replica is up to date). About once a second (lazily, when reads come) the
 * router samples the primary's `pg_current_wal_lsn()` with the time the sample was asked for, and the replica's
 * `pg_last_wal_replay_lsn()`. Every transaction acknowledged before a sample's time ends at or before its LSN, so a
 * replica that has replayed up to R holds everything committed before the time of the latest sample whose LSN is
 * ≤ R; the staleness is the time elapsed since then. It is conservative: it only grows between samples, and an idle
 * primary (whose LSN stops moving) gives 0 at every sample.
 */

/** One sample of the primary's WAL position: `at` is when it was asked for (ms since the epoch). */
export interface LsnSample {
  at: number;
  lsn: bigint;
}

/** `16/B374D848` → its 64-bit position. */
export function parseLsn(text: string): bigint {
  const [high = "", low = ""] = text.split("/");
  if (!/^[0-9A-Fa-f]{1,8}$/.test(high) || !/^[0-9A-Fa-f]{1,8}$/.test(low))
    throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/**
 * How stale (ms) a replica that has replayed up to `replayLsn` is at `now`: the time since the latest sample it has
 * reached. Infinity when it has reached none of the samples kept (unknown, so treated as too stale).
 */
export function stalenessMs(samples: readonly LsnSample[], replayLsn: bigint | null, now: number): number {
  if (replayLsn === null) return Number.POSITIVE_INFINITY;
  let reached: number | undefined;
  for (const sample of samples)
    if (sample.lsn <= replayLsn && (reached === undefined || sample.at > reached)) reached = sample.at;
  return reached === undefined ? Number.POSITIVE_INFINITY : Math.max(0, now - reached);
}

export interface ReadDecisionInput {
  /** A replica is configured (DATABASE_READ_URL, PostgreSQL only). */
  configured: boolean;
  /** Its last probe answered. */
  reachable: boolean;
  stalenessMs: number;
  maxLagMs: number;
  /** When this reader last wrote (ms since the epoch), if known. */
  wroteAt?: number | undefined;
  now: number;
}

/**
 * Where one read goes. The recent-write rule is exact: a write acknowledged at `wroteAt` is on a replica whose
 * staleness is ≤ maxLagMs as soon as `now - maxLagMs ≥ wroteAt`.
 */
export function readTarget(input: ReadDecisionInput): "replica" | "primary" {
  if (!input.configured || !input.reachable) return "primary";
  if (input.wroteAt !== undefined && input.now - input.wroteAt < input.maxLagMs) return "primary";
  return input.stalenessMs <= input.maxLagMs ? "replica" : "primary";
}

/** A failure on the replica that the primary answers instead: unreachable, a read-only refusal, a recovery conflict. */
export function isReplicaFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // 25006 read_only_sql_transaction; 40001 "canceling statement due to conflict with recovery".
  if (code === "25006" || code === "40001") return true;
  // A statement that timed out on the replica would time out again on the primary: not retried.
  if (code === "57014" || /Query read timeout/i.test(error.message)) return false;
  return isDatabaseUnavailable(error);
}

export interface ReplicaState {
  configured: boolean;
  reachable: boolean;
  /** null while unknown (not probed yet, replica unreachable, or behind every sample kept). */
  stalenessMs: number | null;
  maxLagMs: number;
  /** Reads served by each side since start. */
  reads: { replica: number; primary: number; fallbacks: number };
}

export interface ReadRouter {
  readonly configured: boolean;
  readonly maxLagMs: number;
  /** Runs a read-only `work` on the replica when allowed, else (or when the replica fails) on the primary. */
  read<T>(hint: { wroteAt?: number | undefined }, work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Where a read with this hint would go now (after a probe when the last one is old). */
  choose(hint: { wroteAt?: number | undefined }): Promise<"replica" | "primary">;
  state(): ReplicaState;
  close(): Promise<void>;
}

/** Without a replica (no DATABASE_READ_URL, or the embedded database): every read on the primary. */
export function primaryOnly(primary: Kysely<Database>): ReadRouter {
  const reads = { replica: 0, primary: 0, fallbacks: 0 };
  return {
    configured: false,
    maxLagMs: 0,
    read: (_hint, work) => {
      reads.primary++;
      return work(primary);
    },
    choose: async () => "primary",
    state: () => ({ configured: false, reachable: false, stalenessMs: null, maxLagMs: 0, reads }),
    close: async () => {},
  };
}

export interface ReadReplicaOptions {
  primary: Kysely<Database>;
  readUrl: string;
  maxLagMs: number;
  poolMax?: number;
  timeouts?: Partial<DatabaseTimeouts>;
  /** How old a probe may be before a read asks for a new one (default 1 s). */
  probeIntervalMs?: number;
  /** How long a read waits for that probe before deciding with what it knows (default 250 ms). */
  probeWaitMs?: number;
  onError?: (error: Error) => void;
  now?: () => number;
  /** Tests: run the probe's two queries on these instead. */
  probe?: { primaryLsn(): Promise<string>; replayLsn(): Promise<string | null> };
}

/**
 * Opens the replica's pool (lazily: nothing is connected until the first read, so a replica that is down at boot
 * never stops the server) and returns the router.
 */
export function openReadReplica(options: ReadReplicaOptions): ReadRouter {
  const now = options.now ?? Date.now;
  const intervalMs = options.probeIntervalMs ?? 1_000;
  const waitMs = options.probeWaitMs ?? 250;
  const timeouts = { ...defaultDatabaseTimeouts, ...options.timeouts };
  const pool = new pg.Pool({
    connectionString: options.readUrl,
    max: options.poolMax ?? 10,
    // A replica that does not answer is given up on quickly: its reads go to the primary.
    connectionTimeoutMillis: Math.min(timeouts.connectMs, 1_000),
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    query_timeout: timeouts.statementMs + 5_000,
    keepAlive: true,
  });
  const onError = (error: Error) => options.onError?.(error);
  // A replica that stays down is reported once a minute, not at every probe.
  let reportedAt = Number.NEGATIVE_INFINITY;
  const report = (error: Error) => {
    if (now() - reportedAt < 60_000) return;
    reportedAt = now();
    onError(error);
  };
  pool.on("error", onError);
  pool.on("connect", (client) => client.on("error", onError));
  const replica = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const probeQueries = options.probe ?? {
    primaryLsn: async () =>
      (await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(options.primary)).rows[0]
        ?.lsn ?? "",
    replayLsn: async () =>
      (await sql<{ lsn: string | null }>`select pg_last_wal_replay_lsn()::text as lsn`.execute(replica))
        .rows[0]?.lsn ?? null,
  };

  let samples: LsnSample[] = [];
  let replayLsn: bigint | null = null;
  let reachable = false;
  let probedAt = Number.NEGATIVE_INFINITY;
  let probing: Promise<void> | undefined;
  const reads = { replica: 0, primary: 0, fallbacks: 0 };

  const probe = async () => {
    const at = now();
    try {
      const [primaryText, replayText] = await Promise.all([
        probeQueries.primaryLsn(),
        probeQueries.replayLsn(),
      ]);
      samples.push({ at, lsn: parseLsn(primaryText) });
      // Null: the server at DATABASE_READ_URL is not in recovery (not a replica); never read from it.
      replayLsn = replayText === null ? null : parseLsn(replayText);
      reachable = replayLsn !== null;
    } catch (error) {
      reachable = false;
      report(error as Error);
    } finally {
      probedAt = at;
      // Samples older than the bound can no longer make a read allowed; the newest one the replica has reached is
      // kept all the same, so that the staleness reported in /metrics goes on growing while replay is stuck.
      const horizon = now() - options.maxLagMs - 2 * intervalMs;
      const reached = samples.filter((sample) => replayLsn !== null && sample.lsn <= replayLsn).at(-1);
      samples = samples.filter((sample) => sample.at >= horizon || sample === reached).slice(-4_000);
    }
  };

  const refresh = async () => {
    if (now() - probedAt < intervalMs) return;
    probing ??= probe().finally(() => {
      probing = undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([probing, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  };

  const choose = async (hint: { wroteAt?: number | undefined }) => {
    // A reader who has just written goes to the primary without waiting for a probe.
    if (hint.wroteAt !== undefined && now() - hint.wroteAt < options.maxLagMs) return "primary" as const;
    await refresh();
    const at = now();
    return readTarget({
      configured: true,
      reachable,
      stalenessMs: stalenessMs(samples, replayLsn, at),
      maxLagMs: options.maxLagMs,
      wroteAt: hint.wroteAt,
      now: at,
    });
  };

  return {
    configured: true,
    maxLagMs: options.maxLagMs,
    choose,
    async read(hint, work) {
      if ((await choose(hint)) === "primary") {
        reads.primary++;
        return work(options.primary);
      }
      try {
        const result = await work(replica);
        reads.replica++;
        return result;
      } catch (error) {
        if (!isReplicaFailure(error)) throw error;
        // The replica failed under this read: the primary answers, and no read goes back before the next probe.
        reachable = false;
        probedAt = now();
        reads.fallbacks++;
        report(error as Error);
        return work(options.primary);
      }
    },
    state() {
      const staleness = stalenessMs(samples, replayLsn, now());
      return {
        configured: true,
        reachable,
        stalenessMs: reachable && Number.isFinite(staleness) ? staleness : null,
        maxLagMs: options.maxLagMs,
        reads,
      };
    },
    close: async () => {
      await probing?.catch(() => {});
      await replica.destroy();
    },
  };
}
