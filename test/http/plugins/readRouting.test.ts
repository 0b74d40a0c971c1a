import cookie from "@fastify/cookie";
import Fastify from "fastify";
import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { primaryOnly, type ReadRouter } from "../../../src/db/readReplica.ts";
import type { Database } from "../../../src/db/schema.ts";
import { registerReadRouting, WROTE_COOKIE } from "../../../src/http/plugins/readRouting.ts";

/** Issue #21 item 4: a client that writes is marked, and its reads carry the time of its write to the router. */
describe("read routing over HTTP", () => {
  const primary = {} as Kysely<Database>;

  async function appWith(router: ReadRouter, now = () => 42_000) {
    const app = Fastify();
    await app.register(cookie);
    const readFor = registerReadRouting(app, router, { secureCookies: false, now });
    app.get("/read", async (request) => readFor(request, async () => "ok"));
    app.post("/write", async () => ({ written: true }));
    return app;
  }

  it("marks every write answer with the time, and passes it back to the router on reads", async () => {
    const hints: unknown[] = [];
    const router: ReadRouter = {
      ...primaryOnly(primary),
      configured: true,
      maxLagMs: 5_000,
      read: (hint, work) => {
        hints.push(hint);
        return work(primary);
      },
    };
    const app = await appWith(router);
    const write = await app.inject({ method: "POST", url: "/write", payload: {} });
    const mark = write.cookies.find((c) => c.name === WROTE_COOKIE);
    expect(mark).toMatchObject({ value: "42000", maxAge: 6, httpOnly: true, path: "/" });
    const read = await app.inject({ method: "GET", url: "/read", cookies: { [WROTE_COOKIE]: "42000" } });
    expect(read.cookies.find((c) => c.name === WROTE_COOKIE)).toBeUndefined();
    await app.inject({ method: "GET", url: "/read" });
    await app.inject({ method: "GET", url: "/read", cookies: { [WROTE_COOKIE]: "not a time" } });
    expect(hints).toEqual([{ wroteAt: 42_000 }, { wroteAt: undefined }, { wroteAt: undefined }]);
    await app.close();
  });

  it("without a replica nothing is marked", async () => {
    const app = await appWith(primaryOnly(primary));
    const write = await app.inject({ method: "POST", url: "/write", payload: {} });
    expect(write.cookies).toEqual([]);
    expect((await app.inject({ method: "GET", url: "/read" })).body).toBe("ok");
    await app.close();
  });
});
