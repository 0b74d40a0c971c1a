import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import rateLimit from "@fastify/rate-limit";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { type App, buildApp } from "../../../src/http/app.ts";
import {
  fastifyRateLimitStore,
  openRateLimitStore,
  postgresCounterStore,
  redisCounterStore,
  type SharedCounterStore,
} from "../../../src/http/plugins/sharedRateLimitStore.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

// Issue #21 "More than one process": the rate limits of several processes count in one store (Redis, or PostgreSQL
// as the fallback), and the 429 stays the one of issue #20 (Vietnamese message, Retry-After).

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Whether a Redis server answers at `url` (this machine kind runs one on 127.0.0.1:6379; CI runs on the same). */
async function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}
const redisAvailable = await redisAnswers(redisUrl);
if (!redisAvailable)
  console.warn(
    `Redis store tests skipped: no Redis server answers at ${redisUrl} (set REDIS_URL to run them)`,
  );

async function appOn(database: DatabaseHandle, store: SharedCounterStore): Promise<App> {
  const app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    config: {
      ...loadConfig({}),
      logLevel: "silent",
      publicUrl: "http://127.0.0.1:3000",
      adminMfaRequired: false,
      lookupRateLimitPerMinute: 3,
      publicRateLimitPerMinute: 1_000_000,
    },
    rateLimitStore: store,
  });
  await app.ready();
  return app;
}

function expectLimited(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(response.statusCode).toBe(429);
  const retryAfter = Number(response.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect((response.json() as { error: unknown }).error).toEqual({
    code: "RATE_LIMITED",
    message: `Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau ${retryAfter} giây`,
  });
}

/** Two small Fastify apps with @fastify/rate-limit over the same shared store: a route limited at 2 per minute. */
async function pluginApps(stores: [SharedCounterStore, SharedCounterStore]) {
  return Promise.all(
    stores.map(async (store) => {
      const app = Fastify();
      await app.register(rateLimit, { global: false, store: fastifyRateLimitStore(store) });
      app.get("/limited", { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => ({
        ok: true,
      }));
      app.get("/other", { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => ({
        ok: true,
      }));
      await app.ready();
      return app;
    }),
  );
}

describe("PostgreSQL rate-limit store (issue #21)", () => {
  let database: DatabaseHandle;
  let stores: SharedCounterStore[];
  let apps: App[];

  beforeAll(async () => {
    database = await createTestDatabase({ seeded: true });
    // Two app instances on one database, as two worker processes: each with its own store object.
    stores = [postgresCounterStore(database.db), postgresCounterStore(database.db)];
    apps = [await appOn(database, stores[0]!), await appOn(database, stores[1]!)];
  }, 60_000);
  afterAll(async () => {
    for (const app of apps ?? []) await app.close();
    for (const store of stores ?? []) await store.close();
    await database?.close();
  });

  it("a route class's counter is shared: the 4th lookup across the two apps is refused, in Vietnamese", async () => {
    const [a, b] = apps as [App, App];
    const lookup = (app: App) =>
      app.inject({ method: "GET", url: "/api/public/lookup/KHONG-CO", remoteAddress: "10.21.0.1" });
    expect((await lookup(a)).statusCode).toBe(404);
    expect((await lookup(b)).statusCode).toBe(404);
    expect((await lookup(a)).statusCode).toBe(404);
    expectLimited(await lookup(b));
    expectLimited(await lookup(a));
    // Another client has its own counter.
    expect(
      (await b.inject({ method: "GET", url: "/api/public/lookup/KHONG-CO", remoteAddress: "10.21.0.2" }))
        .statusCode,
    ).toBe(404);
    const rows = await database.db
      .selectFrom("rate_limit_counters" as never)
      .select(["key" as never, "count" as never])
      .execute();
    expect(rows).toContainEqual({ key: "class|lookup|10.21.0.1", count: 5 });
  });

  it("@fastify/rate-limit's route limits count in the shared store too, each route on its own counter", async () => {
    const [a, b] = await pluginApps([stores[0]!, stores[1]!]);
    try {
      expect((await a!.inject({ url: "/limited" })).statusCode).toBe(200);
      expect((await b!.inject({ url: "/limited" })).statusCode).toBe(200);
      const refused = await a!.inject({ url: "/limited" });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect((await b!.inject({ url: "/other" })).statusCode).toBe(200);
    } finally {
      await a!.close();
      await b!.close();
    }
  });

  it("past windows are deleted", async () => {
    let now = Date.now();
    const store = postgresCounterStore(database.db, { cleanupMs: 20, now: () => now });
    try {
      await store.hit("cleanup|probe", 1_000);
      expect((await store.read("cleanup|probe", 1_000)).count).toBe(1);
      now += 125_000;
      await new Promise((resolve) => setTimeout(resolve, 100));
      const rows = await database.db
        .selectFrom("rate_limit_counters" as never)
        .select("key" as never)
        .where("key" as never, "=", "cleanup|probe" as never)
        .execute();
      expect(rows).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("the store is chosen by the settings: memory for one process and always on PGlite", () => {
    const choose = (rateLimitStore: "auto" | "memory" | "postgres", workers: number) =>
      openRateLimitStore({ rateLimitStore, redisUrl: undefined }, database, workers);
    const shared = choose("postgres", 1);
    if (database.kind === "pglite") {
      expect(shared).toBeUndefined();
      expect(choose("auto", 4)).toBeUndefined();
    } else {
      expect(shared?.kind).toBe("postgres");
      expect(choose("auto", 1)).toBeUndefined();
      expect(choose("auto", 2)?.kind).toBe("postgres");
      expect(choose("memory", 2)).toBeUndefined();
    }
    void shared?.close();
  });
});

describe.skipIf(!redisAvailable)("Redis rate-limit store (issue #21, REDIS_URL)", () => {
  const prefix = `onestop:test:${randomBytes(6).toString("hex")}:`;
  let stores: SharedCounterStore[];

  beforeAll(() => {
    stores = [redisCounterStore(redisUrl, { prefix }), redisCounterStore(redisUrl, { prefix })];
  });
  afterAll(async () => {
    for (const store of stores ?? []) await store.close();
  });

  it("two clients share one counter and its window", async () => {
    const [a, b] = stores as [SharedCounterStore, SharedCounterStore];
    expect((await a.hit("k", 60_000)).count).toBe(1);
    expect((await b.hit("k", 60_000)).count).toBe(2);
    const third = await a.hit("k", 60_000);
    expect(third.count).toBe(3);
    expect(third.ttlMs).toBeGreaterThan(0);
    expect(third.ttlMs).toBeLessThanOrEqual(60_000);
    expect((await b.read("k", 60_000)).count).toBe(3);
  });

  it("@fastify/rate-limit over Redis: the 3rd request across two apps is refused", async () => {
    const [a, b] = await pluginApps([stores[0]!, stores[1]!]);
    try {
      expect((await a!.inject({ url: "/limited" })).statusCode).toBe(200);
      expect((await b!.inject({ url: "/limited" })).statusCode).toBe(200);
      expect((await b!.inject({ url: "/limited" })).statusCode).toBe(429);
    } finally {
      await a!.close();
      await b!.close();
    }
  });

  it("the app's route classes over Redis keep the Vietnamese 429", async () => {
    const database = await createTestDatabase({ seeded: true });
    const apps = [await appOn(database, stores[0]!), await appOn(database, stores[1]!)];
    try {
      for (let i = 0; i < 3; i++)
        expect(
          (
            await apps[i % 2]!.inject({
              method: "GET",
              url: "/api/public/lookup/KHONG-CO",
              remoteAddress: "10.21.1.1",
            })
          ).statusCode,
        ).toBe(404);
      expectLimited(
        await apps[1]!.inject({
          method: "GET",
          url: "/api/public/lookup/KHONG-CO",
          remoteAddress: "10.21.1.1",
        }),
      );
    } finally {
      for (const app of apps) await app.close();
      await database.close();
    }
  }, 60_000);
});
