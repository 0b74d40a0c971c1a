import type { FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import { Redis } from "ioredis";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * Rate-limit counters shared by every process that serves one province (issue #21 "More than one process"): with
 * `--workers N` or several servers behind one proxy, a client spreading its requests over the processes must meet
 * the same limit as with one. Two stores, chosen in `openRateLimitStore` (RATE_LIMIT_STORE, REDIS_URL):
 * - Redis (REDIS_URL): INCR and PEXPIRE in one script, the window starting at the key's first hit (as in memory);
 * - PostgreSQL (the fallback, table `rate_limit_counters`, migration 0038): one upsert per hit in a fixed window
 *   aligned on the clock (`floor(now / window)`), old windows deleted every minute.
 * The in-process counters stay the default for one process (and always on the embedded PGlite, which is one process).
 */
export interface SharedCounterStore {
  readonly kind: "postgres" | "redis";
  /** Counts one hit of `key` in its window of `windowMs`: the hits so far in that window and the milliseconds left. */
  hit(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }>;
  /** The same without counting (0 hits when the window has not started). */
  read(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }>;
  close(): Promise<void>;
}

/** PostgreSQL counters: an upsert per hit on an UNLOGGED table, cleanup of past windows every `cleanupMs`. */
export function postgresCounterStore(
  db: Kysely<Database>,
  options: { cleanupMs?: number; now?: () => number } = {},
): SharedCounterStore {
  const now = options.now ?? Date.now;
  let longestWindowMs = 60_000;
  const windowOf = (windowMs: number) => {
    longestWindowMs = Math.max(longestWindowMs, windowMs);
    const at = now();
    const start = Math.floor(at / windowMs) * windowMs;
    return { start: new Date(start), ttlMs: start + windowMs - at };
  };
  // Every process deletes the windows that ended (a delete done twice deletes nothing the second time).
  const cleanup = setInterval(() => {
    void sql`delete from rate_limit_counters where window_start < ${new Date(now() - longestWindowMs)}`
      .execute(db)
      .catch(() => {});
  }, options.cleanupMs ?? 60_000);
  cleanup.unref();
  return {
    kind: "postgres",
    async hit(key, windowMs) {
      const window = windowOf(windowMs);
      const { rows } = await sql<{ count: number }>`
        insert into rate_limit_counters (key, window_start, count) values (${key}, ${window.start}, 1)
        on conflict (key, window_start) do update set count = rate_limit_counters.count + 1
        returning count`.execute(db);
      return { count: Number(rows[0]?.count ?? 1), ttlMs: window.ttlMs };
    },
    async read(key, windowMs) {
      const window = windowOf(windowMs);
      const { rows } = await sql<{ count: number }>`
        select count from rate_limit_counters where key = ${key} and window_start = ${window.start}`.execute(
        db,
      );
      const count = Number(rows[0]?.count ?? 0);
      return { count, ttlMs: count > 0 ? window.ttlMs : 0 };
    },
    async close() {
      clearInterval(cleanup);
    },
  };
}

const HIT_SCRIPT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {current, ttl}`;

/** Redis counters (REDIS_URL): the window starts at a key's first hit and expires with the key. */
export function redisCounterStore(url: string, options: { prefix?: string } = {}): SharedCounterStore {
  // A rate limit must not hold requests long while Redis is away: one retry, then the limiter lets the request
  // through (registerRateLimitClasses, and skipOnError in app.ts). Commands sent while connecting wait for it.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 2_000 });
  redis.on("error", () => {});
  const prefix = options.prefix ?? "onestop:rate-limit:";
  return {
    kind: "redis",
    async hit(key, windowMs) {
      const [count, ttlMs] = (await redis.eval(HIT_SCRIPT, 1, prefix + key, String(windowMs))) as [
        number,
        number,
      ];
      return { count: Number(count), ttlMs: Number(ttlMs) };
    },
    async read(key) {
      const [count, ttlMs] = await Promise.all([redis.get(prefix + key), redis.pttl(prefix + key)]);
      return { count: Number(count ?? 0), ttlMs: Math.max(0, ttlMs) };
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

type StoreCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * The store class @fastify/rate-limit instantiates (`store` option) over a shared counter store. Each limiter (a
 * route's `config.rateLimit`, each `app.rateLimit(...)`) is a child with its own key prefix, as the in-memory store
 * gives each its own counters: the route and the child's rank, which is the same in every process (same code, same
 * registration order).
 */
export function fastifyRateLimitStore(shared: SharedCounterStore): FastifyRateLimitStoreCtor {
  let children = 0;
  return class SharedRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = "global|",
    ) {}
    incr(key: string, callback: StoreCallback, timeWindow: number) {
      shared.hit(this.prefix + key, timeWindow).then(
        ({ count, ttlMs }) => callback(null, { current: count, ttl: ttlMs }),
        (error: Error) => callback(error),
      );
    }
    read(key: string, callback: StoreCallback, timeWindow: number) {
      shared.read(this.prefix + key, timeWindow).then(
        ({ count, ttlMs }) => callback(null, { current: count, ttl: ttlMs }),
        (error: Error) => callback(error),
      );
    }
    // At run time the plugin passes the limiter's merged options, whose `routeInfo` is the route (empty for a
    // limiter made with app.rateLimit).
    child(routeOptions: object) {
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {};
      children++;
      return new SharedRateLimitStore(
        undefined,
        `${String(route.method ?? "")}${String(route.url ?? "")}#${children}|`,
      );
    }
  };
}

/** RATE_LIMIT_STORE: `auto` (default), or one store forced. */
export type RateLimitStoreChoice = "auto" | "memory" | "postgres" | "redis";

/**
 * The counters of this process (issue #21): `auto` is Redis when REDIS_URL is set, else PostgreSQL when this process is
 * one of several workers on a PostgreSQL server, else in memory (undefined). One process keeps its counters in memory
 * because nothing needs sharing and the upsert costs a round trip per limited request; RATE_LIMIT_STORE=postgres
 * shares them anyway, for several single-worker servers behind one proxy. The embedded PGlite is one process: memory.
 */
export function openRateLimitStore(
  settings: { rateLimitStore: RateLimitStoreChoice; redisUrl: string | undefined },
  database: { db: Kysely<Database>; kind: "pglite" | "postgres" },
  workers: number,
): SharedCounterStore | undefined {
  const choice = settings.rateLimitStore;
  if (choice === "memory" || (database.kind === "pglite" && choice !== "redis")) return undefined;
  if (choice === "redis" || (choice === "auto" && settings.redisUrl)) {
    if (!settings.redisUrl) throw new Error("RATE_LIMIT_STORE=redis cần REDIS_URL");
    return redisCounterStore(settings.redisUrl);
  }
  if (choice === "postgres" || workers > 1) return postgresCounterStore(database.db);
  return undefined;
}
