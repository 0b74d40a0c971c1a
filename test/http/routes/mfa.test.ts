import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../../src/services/accounts/actor.ts";
import { demoAdminTotpSecrets, enrolDemoAdministrators } from "../../../src/services/mfa/demoMfa.ts";
import { mfaRequiredFor } from "../../../src/services/mfa/mfaEnrolment.ts";
import { totpCodeAt } from "../../../src/services/mfa/totp.ts";
import { createTestUser } from "../../support/accounts.ts";
import { type AuthTestApp, createAuthTestApp, loginAs } from "../../support/authSession.ts";

const password = "Mat-khau-thu-2026";
let t: AuthTestApp;
const at = (offsetSeconds: number) => new Date(t.clock.current.getTime() + offsetSeconds * 1000);

async function passwordStep(username: string, pass = password) {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { username, password: pass },
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json()).toEqual({ mfaRequired: true });
  expect(response.cookies.find((c) => c.name === "onestop_session")).toBeUndefined();
  const pending = response.cookies.find((c) => c.name === "onestop_mfa");
  expect(pending?.httpOnly).toBe(true);
  return `onestop_mfa=${pending!.value}`;
}

function verify(cookie: string | undefined, code: string, language = "vi") {
  return t.app.inject({
    method: "POST",
    url: "/api/auth/mfa/verify",
    headers: { ...(cookie ? { cookie } : {}), "accept-language": language },
    payload: { code },
  });
}

function sessionOf(response: { cookies: { name: string; value: string }[] }) {
  const cookie = response.cookies.find((c) => c.name === "onestop_session");
  return cookie ? `onestop_session=${cookie.value}` : undefined;
}

/** Enrols `username` through the routes and returns its secret and recovery codes. */
async function enrol(username: string) {
  const session = await loginAs(t.app, username, password);
  const started = await t.app.inject({
    method: "POST",
    url: "/api/account/mfa/enrolment",
    headers: session.headers,
  });
  expect(started.statusCode, started.body).toBe(201);
  const { secret, otpauthUri, qrSvg } = started.json() as {
    secret: string;
    otpauthUri: string;
    qrSvg: string;
  };
  expect(otpauthUri).toContain(`secret=${secret}`);
  expect(qrSvg).toMatch(/^<svg/);
  const confirmed = await t.app.inject({
    method: "POST",
    url: "/api/account/mfa/confirmation",
    headers: session.headers,
    payload: { code: totpCodeAt(secret, t.clock.current) },
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return { secret, recoveryCodes: (confirmed.json() as { recoveryCodes: string[] }).recoveryCodes, session };
}

beforeAll(async () => {
  t = await createAuthTestApp({
    config: { adminMfaRequired: true },
    start: new Date("2026-12-02T02:00:05Z"),
  });
}, 180_000);
afterAll(async () => t.close());

describe("enrolment (issue #14)", () => {
  it("shows the secret once, confirms with a first code and hands out ten recovery codes once", async () => {
    const user = await createTestUser(t.database.db, {
      password,
      role: "specialist",
      agencyCode: "000.20.01.H99",
    });
    const session = await loginAs(t.app, user.username, password);
    const before = await t.app.inject({ method: "GET", url: "/api/account/mfa", headers: session.headers });
    expect(before.json()).toEqual({
      enrolled: false,
      required: false,
      confirmedAt: null,
      recoveryCodesLeft: 0,
    });
    const { recoveryCodes } = await enrol(user.username);
    expect(recoveryCodes).toHaveLength(10);
    const after = await t.app.inject({ method: "GET", url: "/api/account/mfa", headers: session.headers });
    expect(after.json()).toMatchObject({ enrolled: true, required: false, recoveryCodesLeft: 10 });
    // Never again: a second enrolment is refused and nothing returns the secret.
    const again = await t.app.inject({
      method: "POST",
      url: "/api/account/mfa/enrolment",
      headers: session.headers,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("MFA_ALREADY_ENROLLED");
    const stored = await t.database.db
      .selectFrom("officer_mfa_recovery_codes")
      .select("code_hash")
      .where("user_id", "=", user.id)
      .execute();
    expect(stored.map((row) => row.code_hash).some((hash) => recoveryCodes.includes(hash))).toBe(false);
    expect(stored[0]!.code_hash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a wrong first code (Vietnamese, English), a missing or malformed body, and confirmation before start", async () => {
    const user = await createTestUser(t.database.db, {
      password,
      role: "counter_officer",
      agencyCode: "000.20.01.H99",
    });
    const session = await loginAs(t.app, user.username, password);
    const early = await t.app.inject({
      method: "POST",
      url: "/api/account/mfa/confirmation",
      headers: session.headers,
      payload: { code: "123456" },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("MFA_ENROLMENT_NOT_STARTED");
    await t.app.inject({ method: "POST", url: "/api/account/mfa/enrolment", headers: session.headers });
    for (const [language, text] of [
      ["vi", "Mã xác thực không đúng"],
      ["en", "The code is wrong"],
    ] as const) {
      const wrong = await t.app.inject({
        method: "POST",
        url: "/api/account/mfa/confirmation",
        headers: { ...session.headers, "accept-language": language },
        payload: { code: "000000" },
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.message).toContain(text);
    }
    for (const payload of [{}, { code: "" }, { code: "1".repeat(21) }, { code: "123456", extra: 1 }]) {
      const bad = await t.app.inject({
        method: "POST",
        url: "/api/account/mfa/confirmation",
        headers: session.headers,
        payload,
      });
      expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it("is for officers only, and needs a session (and its CSRF token)", async () => {
    const citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/account/mfa/enrolment",
      headers: citizen.headers,
    });
    expect(refused.statusCode).toBe(403);
    expect((await t.app.inject({ method: "POST", url: "/api/account/mfa/enrolment" })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/api/account/mfa" })).statusCode).toBe(401);
    const officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
    const noCsrf = await t.app.inject({
      method: "POST",
      url: "/api/account/mfa/enrolment",
      headers: { cookie: officer.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it("issue #20: support staff, who read citizens' contacts, may protect their account with a second factor", async () => {
    const support = await loginAs(t.app, "hotro.ttpvhcc", "Demo@2026!HoTroHCC");
    const started = await t.app.inject({
      method: "POST",
      url: "/api/account/mfa/enrolment",
      headers: support.headers,
    });
    expect(started.statusCode, started.body).toBe(201);
  });
});

describe("sign-in with a second factor (issue #14)", () => {
  it("opens the session only after the right code; the same code is refused afterwards (replay)", async () => {
    const user = await createTestUser(t.database.db, {
      password,
      role: "unit_head",
      agencyCode: "000.20.01.H99",
    });
    const { secret } = await enrol(user.username);
    t.clock.current = at(30);
    const pending = await passwordStep(user.username);
    const code = totpCodeAt(secret, t.clock.current);
    const ok = await verify(pending, code);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ returnTo: null, mustChangePassword: false });
    const session = sessionOf(ok)!;
    const view = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: session },
    });
    expect(view.json()).toMatchObject({ roles: ["unit_head"], mfaEnrolmentRequired: false });
    // The pending sign-in is spent; a new one with the same code (same 30 s step) is refused.
    expect((await verify(pending, code)).json().error.code).toBe("MFA_CHALLENGE_EXPIRED");
    const replay = await verify(await passwordStep(user.username), code, "en");
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error).toMatchObject({
      code: "INVALID_MFA_CODE",
      message: "The code is wrong or was already used",
    });
    // The previous step's code (still inside the window) is older than the one used: refused too.
    const older = await verify(await passwordStep(user.username), totpCodeAt(secret, at(-30)));
    expect(older.json().error.code).toBe("INVALID_MFA_CODE");
    const events = await t.database.db
      .selectFrom("security_events")
      .select("detail")
      .where("user_id", "=", user.id)
      .where("kind", "=", "login_failed")
      .execute();
    expect(events.some((e) => (e.detail as { reason?: string }).reason === "replay")).toBe(true);
  });

  it("drops the pending sign-in after five wrong codes and locks codes after ten on the account", async () => {
    const user = await createTestUser(t.database.db, {
      password,
      role: "specialist",
      agencyCode: "000.20.01.H99",
    });
    const { secret } = await enrol(user.username);
    t.clock.current = at(30);
    let pending = await passwordStep(user.username);
    for (let i = 0; i < 4; i++)
      expect((await verify(pending, "000000")).json().error.code).toBe("INVALID_MFA_CODE");
    expect((await verify(pending, "000000")).json().error.code).toBe("MFA_CHALLENGE_EXPIRED");
    expect((await verify(pending, totpCodeAt(secret, t.clock.current))).json().error.code).toBe(
      "MFA_CHALLENGE_EXPIRED",
    );
    pending = await passwordStep(user.username);
    for (let i = 0; i < 4; i++) await verify(pending, "000000");
    pending = await passwordStep(user.username);
    const locked = await verify(pending, "000000");
    expect(locked.statusCode).toBe(401);
    expect(locked.json().error.code).toBe("MFA_LOCKED");
    // Even the right code waits for the lock to end.
    expect((await verify(pending, totpCodeAt(secret, t.clock.current))).json().error.code).toBe("MFA_LOCKED");
    t.clock.advanceMinutes(16);
    const later = await verify(await passwordStep(user.username), totpCodeAt(secret, t.clock.current));
    expect(later.statusCode, later.body).toBe(200);
  });

  it("accepts a recovery code once", async () => {
    const user = await createTestUser(t.database.db, {
      password,
      role: "specialist",
      agencyCode: "000.20.01.H99",
    });
    const { recoveryCodes } = await enrol(user.username);
    const used = recoveryCodes[3]!;
    const ok = await verify(await passwordStep(user.username), used.toUpperCase());
    expect(ok.statusCode, ok.body).toBe(200);
    const again = await verify(await passwordStep(user.username), used);
    expect(again.json().error.code).toBe("INVALID_MFA_CODE");
  });

  it("keeps the first-login password change owed after the code (R-ACC-2)", async () => {
    const user = await createTestUser(t.database.db, {
      password,
      role: "specialist",
      agencyCode: "000.20.01.H99",
    });
    const { secret } = await enrol(user.username);
    await t.database.db
      .updateTable("users")
      .set({ must_change_password: true })
      .where("id", "=", user.id)
      .execute();
    t.clock.current = at(30);
    const ok = await verify(await passwordStep(user.username), totpCodeAt(secret, t.clock.current));
    expect(ok.json()).toEqual({ returnTo: null, mustChangePassword: true });
  });

  it("refuses a code without a pending sign-in, and validates the body", async () => {
    expect((await verify(undefined, "123456")).json().error.code).toBe("MFA_CHALLENGE_EXPIRED");
    expect((await verify("onestop_mfa=forged", "123456")).json().error.code).toBe("MFA_CHALLENGE_EXPIRED");
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/auth/mfa/verify",
      payload: { code: "1".repeat(21) },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("VALIDATION_FAILED");
  });
});

describe("administrators must enrol (issue #14, R-ACC-2)", () => {
  it("lets an administrator without a second factor do nothing but enrol, then everything", async () => {
    const admin = await loginAs(t.app, "quantri.trungtam", "Demo@2026!QuanTriTT");
    expect(admin.body).toMatchObject({ mfaEnrolmentRequired: true });
    const blocked = await t.app.inject({ method: "GET", url: "/api/admin/users", headers: admin.headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe("MFA_ENROLMENT_REQUIRED");
    const status = await t.app.inject({ method: "GET", url: "/api/account/mfa", headers: admin.headers });
    expect(status.json()).toMatchObject({ enrolled: false, required: true });
    const started = await t.app.inject({
      method: "POST",
      url: "/api/account/mfa/enrolment",
      headers: admin.headers,
    });
    const { secret } = started.json() as { secret: string };
    const confirmed = await t.app.inject({
      method: "POST",
      url: "/api/account/mfa/confirmation",
      headers: admin.headers,
      payload: { code: totpCodeAt(secret, t.clock.current) },
    });
    expect(confirmed.statusCode).toBe(200);
    const open = await t.app.inject({ method: "GET", url: "/api/admin/users", headers: admin.headers });
    expect(open.statusCode).toBe(200);
  });

  it("does not hold other officers, nor administrators when MFA_REQUIRED_FOR_ADMINS is off", async () => {
    const officer = await loginAs(t.app, "lanhdao.trungtam", "Demo@2026!LanhDaoTT");
    expect(officer.body).toMatchObject({ mfaEnrolmentRequired: false });
    // MFA_REQUIRED_FOR_ADMINS=false (the shared test apps run so): the same administrator is not held.
    const actor = (officer.body as { actor: Actor }).actor;
    const admin: Actor = { ...actor, grants: [{ ...actor.grants[0]!, role: "system_admin" }] };
    expect(mfaRequiredFor(admin, { adminRequired: true })).toBe(true);
    expect(mfaRequiredFor(admin, { adminRequired: false })).toBe(false);
  });

  it("enrols the demo administrators with their published secrets (the demo province)", async () => {
    expect(await enrolDemoAdministrators(t.database.db, t.clock.current, undefined)).toBe(1);
    expect(await enrolDemoAdministrators(t.database.db, t.clock.current, undefined)).toBe(0);
    t.clock.current = at(30);
    const pending = await passwordStep("quantri.hethong", "Demo@2026!QuanTriHT");
    const ok = await verify(pending, totpCodeAt(demoAdminTotpSecrets["quantri.hethong"]!, t.clock.current));
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
