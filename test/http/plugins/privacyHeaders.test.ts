import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthTestApp, createAuthTestApp, loginAs } from "../../support/authSession.ts";

/** Issue #20 "Privileges and privacy", smaller points: no-store, /metrics access, no inline scripts, TRUST_PROXY. */
let t: AuthTestApp;
beforeAll(async () => {
  t = await createAuthTestApp({
    config: {
      metricsToken: "metrics-token-of-the-test-0123",
      metricsAllow: ["127.0.0.0/8", "10.1.0.0/16"],
      trustProxy: ["10.9.9.9"],
      loginRateLimitPerMinute: 3,
    },
  });
});
afterAll(async () => t?.close());

describe("Cache-Control: no-store on personal JSON", () => {
  it("the session, a citizen's dossiers and a failed login are no-store; the public catalog is not", async () => {
    const citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
    for (const url of ["/api/auth/session", "/api/citizen/dossiers"]) {
      const response = await t.app.inject({ method: "GET", url, headers: citizen.headers });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers["cache-control"], url).toBe("no-store");
    }
    const catalog = await t.app.inject({ method: "GET", url: "/api/public/sectors" });
    expect(catalog.headers["cache-control"]).not.toBe("no-store");
  });
});

describe("/metrics behind a token or an internal address", () => {
  it("loopback and the allowed range read it; another address needs the token", async () => {
    expect((await t.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: "GET", url: "/metrics", remoteAddress: "10.1.2.3" })).statusCode,
    ).toBe(200);
    const outside = await t.app.inject({ method: "GET", url: "/metrics", remoteAddress: "203.0.113.9" });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.message).toMatch(/quyền/);
    const wrong = await t.app.inject({
      method: "GET",
      url: "/metrics",
      remoteAddress: "203.0.113.9",
      headers: { authorization: "Bearer nope" },
    });
    expect(wrong.statusCode).toBe(403);
    const withToken = await t.app.inject({
      method: "GET",
      url: "/metrics",
      remoteAddress: "203.0.113.9",
      headers: { authorization: "Bearer metrics-token-of-the-test-0123" },
    });
    expect(withToken.statusCode).toBe(200);
  });
});

describe("Content-Security-Policy", () => {
  it("script-src has no 'unsafe-inline'", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/public/sectors" });
    const csp = String(response.headers["content-security-policy"]);
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"));
    expect(scriptSrc).toBeDefined();
    expect(scriptSrc).not.toContain("unsafe-inline");
  });
});

describe("TRUST_PROXY: limits keyed by the real client behind the proxy", () => {
  it("one client behind the proxy is limited; another client behind the same proxy is not", async () => {
    const attempt = (client: string, remoteAddress = "10.9.9.9") =>
      t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        remoteAddress,
        headers: { "x-forwarded-for": client },
        payload: { username: "khong.co.ai", password: "sai-mat-khau-123" },
      });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt("198.51.100.1")).statusCode);
    expect(statuses.at(-1)).toBe(429);
    expect((await attempt("198.51.100.2")).statusCode).not.toBe(429);
    // An untrusted sender cannot pick its address with the header: it is keyed by its own.
    const spoofed = [];
    for (let i = 0; i < 4; i++)
      spoofed.push((await attempt(`198.51.100.${10 + i}`, "203.0.113.50")).statusCode);
    expect(spoofed.at(-1)).toBe(429);
  });
});
