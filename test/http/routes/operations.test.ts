import { type AddressInfo, createServer } from "node:net";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/schema.ts";
import { buildTestApp, createTestApp, type TestApp } from "../../support/testApp.ts";

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Health {
  status: string;
  database: { kind: string; ok: boolean; latencyMs: number };
}

let t: TestApp;
beforeAll(async () => {
  // Operations routes need no data: an empty, migrated database.
  t = await createTestApp({ seed: false });
});
afterAll(async () => {
  await t?.close();
});

describe("GET /health (issue #2 §8)", () => {
  it("answers 200 with the database kind when the database answers", async () => {
    const response = await t.app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    const body = response.json<Health>();
    expect(body.status).toBe("ok");
    expect(body.database.kind).toBe(t.database.kind);
    expect(["pglite", "postgres"]).toContain(body.database.kind);
    expect(body.database.ok).toBe(true);
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("answers 503 `unavailable` when the database server does not answer", async () => {
    // A pool towards a port nothing listens on: every query fails as with a server that went away. (Closing an
    // embedded PGlite under a live pool is not a state production reaches: it only exists with a server.)
    const port = await unusedPort();
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ host: "127.0.0.1", port, user: "nobody", connectionTimeoutMillis: 2_000 }),
      }),
    });
    const app = await buildTestApp({ db, kind: t.database.kind, close: () => db.destroy() });
    try {
      const response = await app.inject({ method: "GET", url: "/health" });
      expect(response.statusCode).toBe(503);
      const body = response.json<Health>();
      expect(body.status).toBe("unavailable");
      expect(body.database.ok).toBe(false);
      expect(body.database.kind).toBe(t.database.kind);
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});

describe("GET /metrics (issue #2 §8)", () => {
  it("serves Prometheus text with request durations labelled by route pattern, never by raw URL", async () => {
    await t.app.inject({ method: "GET", url: "/health" });
    await t.app.inject({ method: "GET", url: "/api/public/procedures/1.001193" });
    const response = await t.app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toContain("# TYPE onestop_http_request_duration_seconds histogram");
    expect(text).toMatch(
      /onestop_http_request_duration_seconds_count\{[^}]*route="\/health"[^}]*status="200"/,
    );
    expect(text).toMatch(
      /onestop_http_request_duration_seconds_count\{[^}]*route="\/api\/public\/procedures\/:code"[^}]*status="404"/,
    );
    expect(text).not.toContain("1.001193");
    // Process defaults carry the same prefix.
    expect(text).toContain("onestop_process_cpu_seconds_total");
  });
});

describe("GET /docs (OpenAPI, DESIGN §2)", () => {
  it("serves the Swagger UI page", async () => {
    let response = await t.app.inject({ method: "GET", url: "/docs" });
    if (response.statusCode >= 300 && response.statusCode < 400) {
      response = await t.app.inject({ method: "GET", url: String(response.headers.location) });
    }
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/html/);
    expect(response.body).toMatch(/swagger/i);
  });

  it("/docs/json is an OpenAPI 3 document listing the public routes, with /metrics hidden", async () => {
    const response = await t.app.inject({ method: "GET", url: "/docs/json" });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(document.openapi).toMatch(/^3\./);
    for (const path of [
      "/api/public/procedures",
      "/api/public/procedures/{code}",
      "/api/public/sectors",
      "/api/public/agencies",
      "/api/public/agencies/{code}",
      "/health",
    ]) {
      expect(document.paths, path).toHaveProperty([path, "get"]);
    }
    expect(document.paths).not.toHaveProperty(["/metrics"]);
    const search = document.paths["/api/public/procedures"]?.get as {
      parameters: { name: string; in: string }[];
      responses: Record<string, unknown>;
    };
    expect(search.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        "q",
        "agency",
        "level",
        "sector",
        "field",
        "onlineLevel",
        "subject",
        "page",
        "pageSize",
      ]),
    );
    expect(Object.keys(search.responses)).toEqual(expect.arrayContaining(["200", "400", "429"]));
  });
});

describe("unknown routes and headers", () => {
  it("an unknown route → 404 ROUTE_NOT_FOUND in Vietnamese, and in English with Accept-Language: en", async () => {
    const vi = await t.app.inject({ method: "GET", url: "/khong-co" });
    expect(vi.statusCode).toBe(404);
    expect(vi.headers["content-type"]).toMatch(/application\/json/);
    expect(vi.json()).toEqual({
      error: { code: "ROUTE_NOT_FOUND", message: "Không tìm thấy địa chỉ yêu cầu" },
    });
    const en = await t.app.inject({
      method: "POST",
      url: "/api/public/nothing",
      headers: { "accept-language": "en" },
    });
    expect(en.statusCode).toBe(404);
    expect(en.json()).toEqual({ error: { code: "ROUTE_NOT_FOUND", message: "No such address" } });
  });

  it("sets the security headers of helmet", async () => {
    const response = await t.app.inject({ method: "GET", url: "/health" });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
  });
});
