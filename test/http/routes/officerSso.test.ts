import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  demoOfficerAccounts,
  provinceSsoDirectory,
} from "../../../src/integrations/provinceSso/demoOfficers.ts";
import { createOidcRelyingParty } from "../../../src/integrations/vneid/oidcRelyingParty.ts";
import {
  type IdentitySimulator,
  startIdentitySimulator,
} from "../../../src/integrations/vneid/simulator/identitySimulator.ts";
import { totpCodeAt } from "../../../src/services/mfa/totp.ts";
import { type AuthTestApp, createAuthTestApp, loginAs } from "../../support/authSession.ts";
import { ProviderBrowser } from "../../support/simulatedVneid.ts";

const base = "http://127.0.0.1:3000";
const callback = `${base}/api/auth/officer-sso/callback`;
const secret = "province-sso-secret-0123456789";
let simulator: IdentitySimulator;
let t: AuthTestApp;

const subjectOf = (username: string) =>
  demoOfficerAccounts.find((account) => account.claims.preferred_username === username)!.id;

beforeAll(async () => {
  simulator = await startIdentitySimulator({
    clients: [
      {
        clientId: "onestop-mot-cua",
        clientSecret: secret,
        redirectUris: [callback],
        postLogoutRedirectUris: [`${base}/dang-nhap`],
        name: "OneStop — Một cửa điện tử",
      },
    ],
    directory: provinceSsoDirectory,
  });
  const officer = createOidcRelyingParty({
    issuer: simulator.issuer,
    clientId: "onestop-mot-cua",
    clientSecret: secret,
    redirectUri: callback,
    postLogoutRedirectUri: `${base}/dang-nhap`,
    scope: "openid profile email",
  });
  // ID tokens are checked against the real time: the app's clock follows it.
  t = await createAuthTestApp({ start: new Date() });
  await t.app.close();
  const { buildApp } = await import("../../../src/http/app.ts");
  t.app = await buildApp({
    db: t.database.db,
    databaseKind: t.database.kind,
    clock: () => new Date(),
    identity: { officer },
    config: {
      logLevel: "silent",
      publicRateLimitPerMinute: 1_000_000,
      publicUrl: base,
      loginRateLimitPerMinute: 1_000_000,
      adminMfaRequired: true,
    },
  });
  await t.app.ready();
}, 180_000);
afterAll(async () => {
  await t.close();
  await simulator.close();
});

/** Starts a sign-in at the app, signs in at the simulated SSO as `username`, returns the callback's path. */
async function throughSso(username: string, returnTo?: string): Promise<string> {
  const start = await t.app.inject({
    method: "GET",
    url: `/api/auth/officer-sso/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ""}`,
  });
  expect(start.statusCode, start.body).toBe(302);
  const back = await new ProviderBrowser().signIn(
    start.headers.location as string,
    subjectOf(username),
    callback,
    "account",
  );
  const url = new URL(back);
  return `${url.pathname}${url.search}`;
}

const callbackWith = (path: string) => t.app.inject({ method: "GET", url: path });
const cookieOf = (response: { cookies: { name: string; value: string }[] }, name: string) => {
  const cookie = response.cookies.find((c) => c.name === name);
  return cookie ? `${name}=${cookie.value}` : undefined;
};

describe("officers through the province SSO (issue #14, R-ACC-2)", () => {
  it("asks with PKCE, state and nonce, and opens a session with OneStop's own roles", async () => {
    const start = await t.app.inject({ method: "GET", url: "/api/auth/officer-sso/login" });
    const url = new URL(start.headers.location as string);
    expect(url.origin).toBe(simulator.issuer);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("nonce")).toBeTruthy();
    expect(url.searchParams.get("redirect_uri")).toBe(callback);
    const response = await callbackWith(await throughSso("motcua.trungtam", "/van-phong/ho-so"));
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe("/van-phong/ho-so");
    const session = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: cookieOf(response, "onestop_session")! },
    });
    expect(session.json()).toMatchObject({
      actor: { username: "motcua.trungtam" },
      roles: ["counter_officer"],
    });
    const oidc = await t.database.db.selectFrom("oidc_sessions").select("provider").execute();
    expect(oidc.map((row) => row.provider)).toContain("officer");
  });

  it("refuses an official the SSO knows but OneStop does not: no account is created", async () => {
    const before = await t.database.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const response = await callbackWith(await throughSso("chuyenvien.ngoaidanhsach"));
    expect(response.headers.location).toMatch(/^\/dang-nhap\?loi=sso_unknown/);
    expect(cookieOf(response, "onestop_session")).toBeUndefined();
    const after = await t.database.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("refuses a deactivated officer", async () => {
    await t.database.db
      .updateTable("users")
      .set({ is_active: false })
      .where("username", "=", "motcua.sotaichinh")
      .execute();
    const response = await callbackWith(await throughSso("motcua.sotaichinh"));
    expect(response.headers.location).toMatch(/^\/dang-nhap\?loi=sso_disabled/);
  });

  it("refuses a replayed callback (state and code used once)", async () => {
    const path = await throughSso("chuyenvien.trungtam");
    expect(cookieOf(await callbackWith(path), "onestop_session")).toBeDefined();
    const replay = await callbackWith(path);
    expect(replay.headers.location).toMatch(/^\/dang-nhap\?loi=sso_rejected/);
    expect(cookieOf(replay, "onestop_session")).toBeUndefined();
  });

  it.each([
    ["a token from another issuer", { issuer: "https://sso-gia-mao.example" }],
    ["a token for another client", { audience: "another-client" }],
    ["a token without its nonce", { dropNonce: true }],
    ["an expired token", { expired: true }],
    ["a token signed with another key", { foreignKey: true }],
  ])("refuses %s", async (_label, fault) => {
    simulator.setFaults({ idToken: fault });
    try {
      const response = await callbackWith(await throughSso("truongphong.trungtam"));
      expect(response.headers.location).toMatch(/^\/dang-nhap\?loi=sso_rejected/);
      expect(cookieOf(response, "onestop_session")).toBeUndefined();
    } finally {
      simulator.setFaults({});
    }
  });

  it("says when the SSO is down", async () => {
    simulator.setFaults({ unavailable: true });
    try {
      // Discovery was done earlier: the token request is what fails.
      const start = await t.app.inject({ method: "GET", url: "/api/auth/officer-sso/login" });
      expect(start.statusCode).toBe(302);
    } finally {
      simulator.setFaults({});
    }
  });

  it("asks an officer with a second factor for the code before the session", async () => {
    const password = await loginAs(t.app, "lanhdao.trungtam", "Demo@2026!LanhDaoTT");
    const started = await t.app.inject({
      method: "POST",
      url: "/api/account/mfa/enrolment",
      headers: password.headers,
    });
    const { secret: totp } = started.json() as { secret: string };
    // The current step's code confirms; the sign-in below uses the next step's (one step ahead is accepted, and a
    // step already used is refused). A code from the previous step would be refused whenever the confirmation's
    // request crossed into the next 30-second step on a busy machine: two steps away.
    const confirmed = await t.app.inject({
      method: "POST",
      url: "/api/account/mfa/confirmation",
      headers: password.headers,
      payload: { code: totpCodeAt(totp, new Date()) },
    });
    expect(confirmed.statusCode, confirmed.body).toBeLessThan(300);
    const response = await callbackWith(await throughSso("lanhdao.trungtam", "/van-phong"));
    expect(response.headers.location).toBe("/dang-nhap/ma-xac-thuc?next=%2Fvan-phong");
    expect(cookieOf(response, "onestop_session")).toBeUndefined();
    const verified = await t.app.inject({
      method: "POST",
      url: "/api/auth/mfa/verify",
      headers: { cookie: cookieOf(response, "onestop_mfa")! },
      payload: { code: totpCodeAt(totp, new Date(Date.now() + 30_000)) },
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toEqual({ returnTo: "/van-phong", mustChangePassword: false });
    const session = cookieOf(verified, "onestop_session")!;
    const logout = await t.app.inject({
      method: "POST",
      url: "/api/auth/oidc/logout",
      headers: {
        cookie: session,
        "x-csrf-token": (
          (
            await t.app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie: session } })
          ).json() as {
            csrfToken: string;
          }
        ).csrfToken,
      },
    });
    // RP-initiated logout at the SSO, with the ID token as hint.
    expect(logout.json().redirectTo).toMatch(
      new RegExp(`^${simulator.issuer}/session/end\\?.*id_token_hint=`),
    );
  });

  it("takes an administrator without a second factor to enrolment", async () => {
    const response = await callbackWith(await throughSso("quantri.trungtam", "/quan-tri"));
    expect(response.headers.location).toBe("/tai-khoan/bao-mat?next=%2Fquan-tri");
  });

  it("answers 404 when the SSO is not configured", async () => {
    // The same database, an app built without the SSO.
    const { buildApp } = await import("../../../src/http/app.ts");
    const bare = await buildApp({
      db: t.database.db,
      databaseKind: t.database.kind,
      config: { logLevel: "silent", publicRateLimitPerMinute: 1_000_000, publicUrl: base },
    });
    try {
      expect((await bare.inject({ method: "GET", url: "/api/auth/officer-sso/login" })).statusCode).toBe(404);
      expect((await bare.inject({ method: "GET", url: "/api/auth/officer-sso/callback" })).statusCode).toBe(
        404,
      );
    } finally {
      await bare.close();
    }
  });
});
