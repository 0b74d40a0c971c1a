import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOidcRelyingParty } from "../../../src/integrations/vneid/oidcRelyingParty.ts";
import {
  type IdentitySimulator,
  startIdentitySimulator,
} from "../../../src/integrations/vneid/simulator/identitySimulator.ts";
import { isVneidVerified } from "../../../src/services/identity/vneidVerification.ts";
import { type AuthTestApp, createAuthTestApp, loginAs } from "../../support/authSession.ts";
import { ProviderBrowser } from "../../support/simulatedVneid.ts";

const base = "http://127.0.0.1:3000";
const callback = `${base}/api/auth/oidc/callback`;
const secret = "simulator-secret-0123456789";
let simulator: IdentitySimulator;
let t: AuthTestApp;

beforeAll(async () => {
  simulator = await startIdentitySimulator({
    clients: [
      {
        clientId: "onestop",
        clientSecret: secret,
        redirectUris: [callback],
        postLogoutRedirectUris: [`${base}/`],
        name: "OneStop",
      },
    ],
  });
  const citizen = createOidcRelyingParty({
    issuer: simulator.issuer,
    clientId: "onestop",
    clientSecret: secret,
    redirectUri: callback,
    postLogoutRedirectUri: `${base}/`,
    scope: "openid profile phone",
    acrValues: "urn:vneid:loa:1 urn:vneid:loa:2",
  });
  // ID tokens are checked against the real time: the app's clock follows it.
  t = await createAuthTestApp({ start: new Date() });
  // createAuthTestApp builds the app without identity: rebuild with the provider on the same database.
  await t.app.close();
  const { buildApp } = await import("../../../src/http/app.ts");
  t.app = await buildApp({
    db: t.database.db,
    databaseKind: t.database.kind,
    clock: () => new Date(),
    identity: { citizen },
    config: {
      logLevel: "silent",
      publicRateLimitPerMinute: 1_000_000,
      publicUrl: base,
      loginRateLimitPerMinute: 1_000_000,
    },
  });
  await t.app.ready();
});
afterAll(async () => {
  await t.close();
  await simulator.close();
});

/** Starts a sign-in at the app, passes the simulated VNeID as `citizenId`, and returns the callback's path. */
async function throughProvider(citizenId: string, returnTo?: string): Promise<string> {
  const start = await t.app.inject({
    method: "GET",
    url: `/api/auth/oidc/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ""}`,
  });
  expect(start.statusCode).toBe(302);
  const back = await new ProviderBrowser().signIn(start.headers.location as string, citizenId, callback);
  return back.slice(base.length);
}

async function callbackWith(path: string, cookie?: string) {
  return t.app.inject({ method: "GET", url: path, headers: cookie ? { cookie } : {} });
}

const sessionCookie = (response: { cookies: { name: string; value: string }[] }) =>
  response.cookies.find((c) => c.name === "onestop_session")?.value;

async function sessionOf(token: string) {
  return t.app.inject({
    method: "GET",
    url: "/api/auth/session",
    headers: { cookie: `onestop_session=${token}` },
  });
}

describe("VNeID sign-in routes (issue #14, R-ACC-1)", () => {
  it("GET /api/auth/oidc/login answers 302 to the provider with PKCE, state and nonce", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/auth/oidc/login?returnTo=/ho-so-cua-toi",
    });
    expect(response.statusCode).toBe(302);
    const url = new URL(response.headers.location as string);
    expect(url.origin).toBe(simulator.issuer);
    expect(url.searchParams.get("redirect_uri")).toBe(callback);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("nonce")).toBeTruthy();
  });

  it("a first sign-in creates the account and a session at once; the missing phone is asked afterwards", async () => {
    const path = await throughProvider("099195004321", "/thu-tuc/1.001193");
    const response = await callbackWith(path);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(
      `/tai-khoan/bo-sung?next=${encodeURIComponent("/thu-tuc/1.001193")}`,
    );
    const token = sessionCookie(response)!;
    const session = await sessionOf(token);
    expect(session.statusCode).toBe(200);
    expect(session.json().actor).toMatchObject({
      username: "099195004321",
      kind: "citizen",
      fullName: "Lê Thị Hoa",
    });
    const headers = { cookie: `onestop_session=${token}`, "x-csrf-token": session.json().csrfToken };
    const identity = await t.app.inject({ method: "GET", url: "/api/account/identity", headers });
    expect(identity.json()).toMatchObject({ vneid: { verified: true, level: 2 }, missing: ["phone"] });
    expect(await isVneidVerified(t.database.db, session.json().actor.userId)).toBe(true);

    const bad = await t.app.inject({
      method: "PUT",
      url: "/api/account/phone",
      headers,
      payload: { phone: "12" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe("phone");
    const saved = await t.app.inject({
      method: "PUT",
      url: "/api/account/phone",
      headers,
      payload: { phone: "+84 912 345 678" },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ phone: "0912345678", missing: [] });

    // The second sign-in finds the same account, and goes straight where the person wanted.
    const again = await callbackWith(await throughProvider("099195004321", "/ho-so-cua-toi"));
    expect(again.headers.location).toBe("/ho-so-cua-toi");
    expect((await sessionOf(sessionCookie(again)!)).json().actor.userId).toBe(session.json().actor.userId);
  });

  it("re-keys the session: the session the browser came with is ended", async () => {
    const before = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
    const response = await callbackWith(await throughProvider("099088007777"), before.cookie);
    expect(response.statusCode).toBe(302);
    expect(sessionCookie(response)).toBeTruthy();
    expect(
      (await t.app.inject({ method: "GET", url: "/api/auth/session", headers: before.headers })).statusCode,
    ).toBe(401);
  });

  it("returnTo must be a local path: another origin falls back to the home page", async () => {
    for (const returnTo of ["https://evil.example/x", "//evil.example", "/\\evil.example"]) {
      const response = await callbackWith(await throughProvider("099088007777", returnTo));
      expect(response.headers.location).toBe("/");
    }
  });

  it("refuses a replayed callback (the same code and state twice)", async () => {
    const path = await throughProvider("099088007777");
    expect((await callbackWith(path)).statusCode).toBe(302);
    const replay = await callbackWith(path);
    expect(replay.statusCode).toBe(302);
    expect(replay.headers.location).toMatch(/^\/dang-nhap\?loi=vneid_rejected/);
    expect(sessionCookie(replay)).toBeUndefined();
  });

  it("refuses a forged state", async () => {
    const path = await throughProvider("099088007777");
    const forged = path.replace(/state=[^&]+/, "state=forged");
    const response = await callbackWith(forged);
    expect(response.headers.location).toMatch(/loi=vneid_rejected/);
    expect(sessionCookie(response)).toBeUndefined();
  });

  it.each([
    ["from another issuer", { issuer: "https://vneid-gia-mao.example" }],
    ["for another client", { audience: "another-client" }],
    ["without its nonce", { dropNonce: true }],
    ["signed with another key", { foreignKey: true }],
  ])("refuses an ID token %s: no session, audited", async (_label, fault) => {
    const path = await throughProvider("099088007777");
    simulator.setFaults({ idToken: fault });
    try {
      const response = await callbackWith(path);
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toMatch(/^\/dang-nhap\?loi=vneid_rejected/);
      expect(sessionCookie(response)).toBeUndefined();
    } finally {
      simulator.setFaults({});
    }
    const audit = await t.database.db
      .selectFrom("security_events")
      .select("detail")
      .where("route", "=", "/api/auth/oidc/callback")
      .where("kind", "=", "login_failed")
      .execute();
    expect(audit.some((row) => (row.detail as { reason?: string }).reason === "token")).toBe(true);
  });

  it("a cancelled sign-in at the provider comes back as cancelled", async () => {
    const start = await t.app.inject({ method: "GET", url: "/api/auth/oidc/login" });
    const browser = new ProviderBrowser();
    let url = start.headers.location as string;
    // Follow to the interaction page, then press "Hủy".
    for (;;) {
      const response = await browser.request(url);
      const location = response.headers.get("location");
      if (!location) break;
      url = new URL(location, url).href;
    }
    const abort = await browser.request(`${url}/abort`, { method: "POST" });
    let next = new URL(abort.headers.get("location")!, url).href;
    while (!next.startsWith(callback)) {
      const hop = await browser.request(next);
      next = new URL(hop.headers.get("location")!, next).href;
    }
    const response = await callbackWith(next.slice(base.length));
    expect(response.headers.location).toMatch(/loi=vneid_cancelled/);
  });

  it("an unavailable provider sends the person back to the login page with a message, not an error page", async () => {
    const { buildApp } = await import("../../../src/http/app.ts");
    const down = createOidcRelyingParty({
      issuer: "http://127.0.0.1:9",
      clientId: "x",
      clientSecret: secret,
      redirectUri: callback,
      postLogoutRedirectUri: `${base}/`,
      scope: "openid",
      timeoutSeconds: 2,
    });
    const app = await buildApp({
      db: t.database.db,
      databaseKind: t.database.kind,
      identity: { citizen: down },
      config: { logLevel: "silent", publicRateLimitPerMinute: 1_000_000, publicUrl: base },
    });
    try {
      const response = await app.inject({ method: "GET", url: "/api/auth/oidc/login?returnTo=/x" });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe("/dang-nhap?loi=vneid_unavailable&next=%2Fx");
    } finally {
      await app.close();
    }
  });

  it("answers 404 when VNeID is not configured", async () => {
    const { buildApp } = await import("../../../src/http/app.ts");
    const app = await buildApp({
      db: t.database.db,
      databaseKind: t.database.kind,
      config: { logLevel: "silent", publicRateLimitPerMinute: 1_000_000, publicUrl: base },
    });
    try {
      const response = await app.inject({
        method: "GET",
        url: "/api/auth/oidc/login",
        headers: { "accept-language": "en" },
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toMatch(/not configured/);
    } finally {
      await app.close();
    }
  });
});

describe("linking an existing local account (issue #14)", () => {
  it("links the demo citizen's local account only after its own password; the ID number alone is refused", async () => {
    const response = await callbackWith(await throughProvider("099090001234", "/ho-so-cua-toi"));
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(
      `/dang-nhap/lien-ket?next=${encodeURIComponent("/ho-so-cua-toi")}`,
    );
    expect(sessionCookie(response)).toBeUndefined();
    const link = response.cookies.find((c) => c.name === "onestop_vneid_link")!;
    expect(link.httpOnly).toBe(true);
    const linkCookie = `onestop_vneid_link=${link.value}`;

    const described = await t.app.inject({
      method: "GET",
      url: "/api/auth/oidc/link",
      headers: { cookie: linkCookie },
    });
    expect(described.json()).toMatchObject({ username: "congdan.demo", vneidName: "Nguyễn Văn An" });

    // Takeover attempt: someone with only the ID number, no link from a VNeID sign-in.
    const noLink = await t.app.inject({
      method: "POST",
      url: "/api/auth/oidc/link",
      payload: { password: "099090001234" },
    });
    expect(noLink.statusCode).toBe(401);
    expect(noLink.json().error.code).toBe("VNEID_LINK_EXPIRED");
    // A password login with the ID number as the username does not work either.
    const byNumber = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "099090001234", password: "099090001234" },
    });
    expect(byNumber.statusCode).toBe(401);

    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/auth/oidc/link",
      headers: { cookie: linkCookie },
      payload: { password: "Sai-mat-khau-123" },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("VNEID_LINK_WRONG_PASSWORD");
    const missing = await t.app.inject({
      method: "POST",
      url: "/api/auth/oidc/link",
      headers: { cookie: linkCookie },
      payload: {},
    });
    expect(missing.statusCode).toBe(400);

    const linked = await t.app.inject({
      method: "POST",
      url: "/api/auth/oidc/link",
      headers: { cookie: linkCookie },
      payload: { password: "Demo@2026!CongDan" },
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toEqual({ redirectTo: "/ho-so-cua-toi" });
    const session = await sessionOf(sessionCookie(linked)!);
    expect(session.json().actor.username).toBe("congdan.demo");
    expect(await isVneidVerified(t.database.db, session.json().actor.userId)).toBe(true);

    // Used once: the same link cookie does nothing more.
    const reused = await t.app.inject({
      method: "POST",
      url: "/api/auth/oidc/link",
      headers: { cookie: linkCookie },
      payload: { password: "Demo@2026!CongDan" },
    });
    expect(reused.statusCode).toBe(401);

    // From now on VNeID opens the linked account directly.
    const next = await callbackWith(await throughProvider("099090001234"));
    expect((await sessionOf(sessionCookie(next)!)).json().actor.username).toBe("congdan.demo");
  });

  it("throws a pending link away after 5 wrong passwords", async () => {
    const { hashPassword } = await import("../../../src/services/accounts/passwords.ts");
    const db = t.database.db;
    const user = await db
      .insertInto("users")
      .values({
        username: "099092003333",
        kind: "citizen",
        full_name: "Võ Quốc Huy",
        identification_number: "099092003333",
        email: "huy@example.com",
        phone: null,
        organisation_tax_code: null,
        identity_level: 1,
        password_hash: await hashPassword("Mat-khau-dung-2026"),
        locked_until: null,
        organisation_name: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("role_grants")
      .values({ user_id: user.id, role: "citizen", agency_id: null, unit_id: null })
      .execute();
    const response = await callbackWith(await throughProvider("099092003333"));
    const cookie = `onestop_vneid_link=${response.cookies.find((c) => c.name === "onestop_vneid_link")!.value}`;
    for (let i = 0; i < 5; i++) {
      const wrong = await t.app.inject({
        method: "POST",
        url: "/api/auth/oidc/link",
        headers: { cookie },
        payload: { password: `sai-${i}` },
      });
      expect(wrong.json().error.code).toBe("VNEID_LINK_WRONG_PASSWORD");
    }
    const right = await t.app.inject({
      method: "POST",
      url: "/api/auth/oidc/link",
      headers: { cookie },
      payload: { password: "Mat-khau-dung-2026" },
    });
    expect(right.statusCode).toBe(401);
    expect(right.json().error.code).toBe("VNEID_LINK_EXPIRED");
  });
});

describe("logout reaches the provider (issue #14)", () => {
  it("POST /api/auth/oidc/logout ends the session and answers the provider's end-session address", async () => {
    const response = await callbackWith(await throughProvider("099088007777"));
    const token = sessionCookie(response)!;
    const csrf = (await sessionOf(token)).json().csrfToken;
    const headers = { cookie: `onestop_session=${token}`, "x-csrf-token": csrf };
    const noCsrf = await t.app.inject({
      method: "POST",
      url: "/api/auth/oidc/logout",
      headers: { cookie: `onestop_session=${token}` },
    });
    expect(noCsrf.statusCode).toBe(403);
    const out = await t.app.inject({ method: "POST", url: "/api/auth/oidc/logout", headers });
    expect(out.statusCode).toBe(200);
    const end = new URL(out.json().redirectTo);
    expect(end.origin).toBe(simulator.issuer);
    expect(end.searchParams.get("id_token_hint")).toBeTruthy();
    expect(end.searchParams.get("post_logout_redirect_uri")).toBe(`${base}/`);
    expect((await sessionOf(token)).statusCode).toBe(401);
  });

  it("a password session logs out without a provider address", async () => {
    const session = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
    const out = await t.app.inject({
      method: "POST",
      url: "/api/auth/oidc/logout",
      headers: session.headers,
    });
    expect(out.json()).toEqual({ redirectTo: null });
  });

  it("GET /api/account/identity needs a session", async () => {
    expect((await t.app.inject({ method: "GET", url: "/api/account/identity" })).statusCode).toBe(401);
  });
});
