import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeSigningKey, rotateSigningKey } from "../../../src/services/results/signingKeys.ts";
import { type AuthTestApp, createAuthTestApp } from "../../support/authSession.ts";

let t: AuthTestApp;
beforeAll(async () => {
  t = await createAuthTestApp();
}, 120_000);
afterAll(async () => t.close());

const jwks = () => t.app.inject({ url: "/.well-known/jwks.json" });

describe("GET /.well-known/jwks.json (R-RES-1)", () => {
  it("is empty before the first result; then publishes the active key, public part only, with cache headers", async () => {
    const empty = await jwks();
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ keys: [] });
    const active = await activeSigningKey(t.database.db, t.clock.now());
    const response = await jwks();
    expect(response.headers["content-type"]).toBe("application/jwk-set+json; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("public, max-age=3600");
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    const { keys } = response.json();
    expect(keys).toEqual([
      {
        kty: "EC",
        crv: "P-256",
        x: expect.any(String),
        y: expect.any(String),
        kid: active.kid,
        alg: "ES256",
        use: "sig",
      },
    ]);
    expect(response.body).not.toContain('"d"');
  });

  it("after a rotation: the new key first, the retired one still published for old results", async () => {
    const before = (await jwks()).json().keys.map((key: { kid: string }) => key.kid);
    const rotated = await rotateSigningKey(t.database.db, t.clock.now());
    const after = (await jwks()).json().keys.map((key: { kid: string }) => key.kid);
    expect(after).toEqual([rotated.kid, ...before]);
  });

  it("a key past its expiry is no longer published", async () => {
    const { keys } = (await jwks()).json();
    const retired = keys.at(-1).kid;
    await t.database.db
      .updateTable("result_signing_keys")
      .set({ expires_at: new Date(t.clock.now().getTime() - 1000) })
      .where("kid", "=", retired)
      .execute();
    const now = (await jwks()).json().keys.map((key: { kid: string }) => key.kid);
    expect(now).not.toContain(retired);
    expect(now).toHaveLength(keys.length - 1);
  });
});
