import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeClassOf } from "../../../src/http/plugins/rateLimitClasses.ts";
import { type AuthTestApp, createAuthTestApp } from "../../support/authSession.ts";

// Issue #20 "Rate-limit every route class": one limit per class, a shared counter per class and client, 429 in
// Vietnamese (English on request) with Retry-After.
describe("routeClassOf", () => {
  it.each([
    ["GET", "/api/public/lookup/:code", "lookup"],
    ["GET", "/api/public/lookup", "lookup"],
    ["POST", "/api/public/results/:code/check-file", "lookup"],
    ["GET", "/api/public/receipts/:code", "lookup"],
    ["GET", "/api/public/procedures", "catalog"],
    ["GET", "/api/public/lookups-elsewhere", "catalog"],
    ["GET", "/.well-known/jwks.json", "catalog"],
    ["POST", "/api/auth/login", "auth"],
    ["POST", "/api/auth/register/citizen", "auth"],
    ["GET", "/api/auth/session", "api"],
    ["POST", "/api/uploads", "uploads"],
    ["POST", "/api/integration/payments/callback", "integration"],
    ["GET", "/api/office/inbox", "api"],
    ["POST", "/api/admin/users", "api"],
    ["GET", "/health/ready", undefined],
    ["GET", "/metrics", undefined],
    ["GET", "/docs/json", undefined],
    ["GET", "/tra-cuu/*", undefined],
  ])("%s %s → %s", (method, url, expected) => {
    expect(routeClassOf(method, url)).toBe(expected);
  });
});

describe("rate limits per route class (issue #20)", () => {
  let t: AuthTestApp;
  const officerCookies: string[] = [];

  beforeAll(async () => {
    t = await createAuthTestApp({
      config: {
        lookupRateLimitPerMinute: 2,
        publicRateLimitPerMinute: 2,
        loginRateLimitPerMinute: 2,
        uploadRateLimitPerMinute: 2,
        integrationRateLimitPerMinute: 2,
        apiRateLimitPerMinute: 2,
      },
    });
    // Two officers signing in from two addresses (the sign-in itself is of the auth class).
    for (const [username, password, ip] of [
      ["motcua.trungtam", "Demo@2026!MotCuaTT", "10.9.0.1"],
      ["chuyenvien.trungtam", "Demo@2026!ChuyenVienTT", "10.9.0.2"],
    ] as const) {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username, password },
        remoteAddress: ip,
      });
      if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === "onestop_session")!;
      officerCookies.push(`onestop_session=${cookie.value}`);
    }
  });
  afterAll(async () => t.close());

  const send = (method: "GET" | "POST", url: string, ip: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, remoteAddress: ip, headers, ...(method === "POST" ? { payload: {} } : {}) });

  function expectLimited(response: Awaited<ReturnType<typeof send>>, lang: "vi" | "en" = "vi") {
    expect(response.statusCode).toBe(429);
    const retryAfter = Number(response.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(response.json().error).toEqual({
      code: "RATE_LIMITED",
      message:
        lang === "vi"
          ? `Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau ${retryAfter} giây`
          : `Too many requests, please retry in ${retryAfter} seconds`,
    });
  }

  it("the catalog: the routes of the class share one counter per client; another client is not concerned", async () => {
    expect((await send("GET", "/api/public/procedures", "10.1.0.1")).statusCode).toBe(200);
    expect((await send("GET", "/api/public/sectors", "10.1.0.1")).statusCode).toBe(200);
    expectLimited(await send("GET", "/api/public/agencies", "10.1.0.1"));
    expectLimited(await send("GET", "/api/public/procedures", "10.1.0.1", { "accept-language": "en" }), "en");
    expect((await send("GET", "/api/public/agencies", "10.1.0.2")).statusCode).toBe(200);
    // The lookup is another class: its own counter.
    expect((await send("GET", "/api/public/lookup/KHONG-CO", "10.1.0.1")).statusCode).toBe(404);
  });

  it("the lookup, at its own number", async () => {
    for (let i = 0; i < 2; i++)
      expect((await send("GET", "/api/public/lookup/KHONG-CO", "10.2.0.1")).statusCode).toBe(404);
    expectLimited(await send("GET", "/api/public/lookup/KHONG-CO", "10.2.0.1"));
    for (let i = 0; i < 2; i++)
      expect((await send("GET", "/api/public/receipts/KHONG-CO", "10.2.0.2")).statusCode).not.toBe(429);
    expectLimited(await send("GET", "/api/public/receipts/KHONG-CO", "10.2.0.2"));
  });

  it("sign-in and registration (auth): before any password is checked", async () => {
    for (let i = 0; i < 2; i++)
      expect((await send("POST", "/api/auth/login", "10.3.0.1")).statusCode).toBe(400);
    expectLimited(await send("POST", "/api/auth/register/citizen", "10.3.0.1"));
  });

  it("uploads: even anonymous senders are counted, before anything is read", async () => {
    for (let i = 0; i < 2; i++) expect((await send("POST", "/api/uploads", "10.4.0.1")).statusCode).toBe(401);
    expectLimited(await send("POST", "/api/uploads", "10.4.0.1"));
  });

  it("integration webhooks", async () => {
    for (let i = 0; i < 2; i++)
      expect(
        (await send("POST", "/api/integration/national-portal/dossiers", "10.5.0.1")).statusCode,
      ).not.toBe(429);
    expectLimited(await send("POST", "/api/integration/national-portal/messages/rating", "10.5.0.1"));
  });

  it("the officer API is counted per account: two officers behind one office address each have their own", async () => {
    const [first, second] = officerCookies as [string, string];
    for (let i = 0; i < 2; i++)
      expect((await send("GET", "/api/office/inbox", "10.6.0.1", { cookie: first })).statusCode).toBe(200);
    expectLimited(await send("GET", "/api/auth/session", "10.6.0.1", { cookie: first }));
    expect((await send("GET", "/api/office/inbox", "10.6.0.1", { cookie: second })).statusCode).toBe(200);
  });

  it("health and metrics are never limited (the proxy and the monitoring poll them)", async () => {
    for (let i = 0; i < 5; i++) expect((await send("GET", "/health/live", "10.7.0.1")).statusCode).toBe(200);
  });
});
