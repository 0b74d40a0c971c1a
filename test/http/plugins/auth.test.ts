import type { FastifyRequest, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireActor, requireRole } from "../../../src/http/plugins/auth.ts";
import { createTestUser } from "../../support/accounts.ts";
import { type AuthTestApp, createAuthTestApp, loginAs, type TestSession } from "../../support/authSession.ts";

/** Tiny routes exercising the guards the way real routes declare them. */
let writes = 0;
function registerTestRoutes(app: AuthTestApp["app"]) {
  app.get("/test/officer", { preHandler: requireRole(["counter_officer", "specialist"]) }, async () => ({
    ok: true,
  }));
  app.get(
    "/test/agencies/:agencyCode/units/:unitCode",
    {
      preHandler: requireRole(
        ["counter_officer", "specialist", "agency_admin"],
        (request: FastifyRequest) => {
          const params = request.params as { agencyCode: string; unitCode: string };
          return { agencyCode: params.agencyCode, unitCode: params.unitCode };
        },
      ),
    },
    async () => ({ ok: true }),
  );
  app.post("/test/write", { preHandler: requireActor() }, async () => {
    writes += 1;
    return { writes };
  });
}

const passwords = {
  citizen: ["congdan.demo", "Demo@2026!CongDan"],
  specialist: ["chuyenvien.trungtam", "Demo@2026!ChuyenVienTT"],
  agencyAdmin: ["quantri.trungtam", "Demo@2026!QuanTriTT"],
  systemAdmin: ["quantri.hethong", "Demo@2026!QuanTriHT"],
} as const;
const district = "000.20.01.H99";
const finance = "000.00.13.H99";

let t: AuthTestApp;
const sessions: Partial<Record<keyof typeof passwords, TestSession>> = {};
beforeAll(async () => {
  t = await createAuthTestApp({ register: registerTestRoutes });
  for (const [key, [username, password]] of Object.entries(passwords))
    sessions[key as keyof typeof passwords] = await loginAs(t.app, username, password);
});
afterAll(async () => t.close());

const session = (key: keyof typeof passwords) => sessions[key]!;
const deniedCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom("security_events")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("kind", "=", "access_denied")
        .executeTakeFirstOrThrow()
    ).n,
  );

async function expectDenied(request: InjectOptions, status: number, code: string, userId: string | null) {
  const before = await deniedCount();
  const response = await t.app.inject(request);
  expect(response.statusCode).toBe(status);
  expect(response.json().error.code).toBe(code);
  expect(await deniedCount()).toBe(before + 1);
  const rows = await t.database.db
    .selectFrom("security_events")
    .selectAll()
    .where("kind", "=", "access_denied")
    .execute();
  const row = rows.find((r) => (r.detail as { code?: string }).code === code && r.user_id === userId);
  expect(row).toBeDefined();
  return { response, row: row! };
}

describe("requireActor / requireRole", () => {
  it("no session → 401 UNAUTHENTICATED, audited", async () => {
    const { response, row } = await expectDenied(
      { method: "GET", url: "/test/officer" },
      401,
      "UNAUTHENTICATED",
      null,
    );
    expect(response.json().error.message).toBe("Bạn cần đăng nhập để tiếp tục");
    expect(row.route).toBe("/test/officer");
  });

  it("a citizen on an officer route → 403 FORBIDDEN, audited with the roles asked for", async () => {
    const { row } = await expectDenied(
      { method: "GET", url: "/test/officer", headers: { cookie: session("citizen").cookie } },
      403,
      "FORBIDDEN",
      (session("citizen").body.actor as { userId: string }).userId,
    );
    expect((row.detail as { roles: string[] }).roles).toEqual(["counter_officer", "specialist"]);
  });

  it("an officer with the role passes", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/test/officer",
      headers: { cookie: session("specialist").cookie },
    });
    expect(response.statusCode).toBe(200);
  });

  it("an agency-level grant covers each unit of its agency", async () => {
    for (const unit of ["PVHXH", "TTPVHCC", "LD"]) {
      const response = await t.app.inject({
        method: "GET",
        url: `/test/agencies/${district}/units/${unit}`,
        headers: { cookie: session("agencyAdmin").cookie },
      });
      expect(response.statusCode).toBe(200);
    }
  });

  it("another agency → 403", async () => {
    const admin = session("agencyAdmin");
    const { row } = await expectDenied(
      { method: "GET", url: `/test/agencies/${finance}/units/BPMC`, headers: { cookie: admin.cookie } },
      403,
      "FORBIDDEN",
      (admin.body.actor as { userId: string }).userId,
    );
    expect((row.detail as { scope: unknown }).scope).toEqual({ agencyCode: finance, unitCode: "BPMC" });
  });

  it("a unit-level grant covers its unit only", async () => {
    const specialist = session("specialist");
    const own = await t.app.inject({
      method: "GET",
      url: `/test/agencies/${district}/units/PVHXH`,
      headers: { cookie: specialist.cookie },
    });
    expect(own.statusCode).toBe(200);
    await expectDenied(
      {
        method: "GET",
        url: `/test/agencies/${district}/units/TTPVHCC`,
        headers: { cookie: specialist.cookie },
      },
      403,
      "FORBIDDEN",
      (specialist.body.actor as { userId: string }).userId,
    );
  });

  it("system_admin covers every agency", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: `/test/agencies/${finance}/units/BPMC`,
      headers: { cookie: session("systemAdmin").cookie },
    });
    expect(response.statusCode).toBe(200);
  });

  it("answers in English with Accept-Language: en", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/test/officer",
      headers: { cookie: session("citizen").cookie, "accept-language": "en" },
    });
    expect(response.json().error).toEqual({ code: "FORBIDDEN", message: "You are not allowed to do this" });
  });
});

describe("CSRF", () => {
  it("a POST with the session cookie and no x-csrf-token → 403 CSRF_FAILED; nothing runs", async () => {
    const citizen = session("citizen");
    const before = writes;
    await expectDenied(
      { method: "POST", url: "/test/write", headers: { cookie: citizen.cookie } },
      403,
      "CSRF_FAILED",
      (citizen.body.actor as { userId: string }).userId,
    );
    expect(writes).toBe(before);
  });

  it("a wrong token → 403; nothing runs", async () => {
    const citizen = session("citizen");
    const before = writes;
    await expectDenied(
      { method: "POST", url: "/test/write", headers: { cookie: citizen.cookie, "x-csrf-token": "forged" } },
      403,
      "CSRF_FAILED",
      (citizen.body.actor as { userId: string }).userId,
    );
    // another session's token does not fit either
    const other = await t.app.inject({
      method: "POST",
      url: "/test/write",
      headers: { cookie: citizen.cookie, "x-csrf-token": session("specialist").csrfToken },
    });
    expect(other.statusCode).toBe(403);
    expect(writes).toBe(before);
  });

  it("the session's token passes", async () => {
    const before = writes;
    const response = await t.app.inject({
      method: "POST",
      url: "/test/write",
      headers: session("citizen").headers,
    });
    expect(response.statusCode).toBe(200);
    expect(writes).toBe(before + 1);
  });

  it("GET needs no token; a POST without any session needs none (and meets the guard's 401)", async () => {
    const get = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: session("citizen").cookie },
    });
    expect(get.statusCode).toBe(200);
    const anonymous = await t.app.inject({ method: "POST", url: "/test/write" });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe("R-ACC-2: a restricted first-login session", () => {
  it("may only see the session, change the password and log out; then everything opens", async () => {
    const password = "Tam2026matkhau";
    const user = await createTestUser(t.database.db, {
      password,
      role: "specialist",
      agencyCode: district,
      unitCode: "PVHXH",
      mustChangePassword: true,
    });
    const restricted = await loginAs(t.app, user.username, password);
    expect(restricted.body.mustChangePassword).toBe(true);

    await expectDenied(
      { method: "GET", url: "/test/officer", headers: restricted.headers },
      403,
      "PASSWORD_CHANGE_REQUIRED",
      user.id,
    );
    const before = writes;
    await expectDenied(
      { method: "POST", url: "/test/write", headers: restricted.headers },
      403,
      "PASSWORD_CHANGE_REQUIRED",
      user.id,
    );
    expect(writes).toBe(before);

    const view = await t.app.inject({ method: "GET", url: "/api/auth/session", headers: restricted.headers });
    expect(view.statusCode).toBe(200);
    expect(view.json().mustChangePassword).toBe(true);

    const changed = await t.app.inject({
      method: "POST",
      url: "/api/auth/change-password",
      headers: restricted.headers,
      payload: { currentPassword: password, newPassword: "Moi2026matkhau" },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().mustChangePassword).toBe(false);

    const officer = await t.app.inject({ method: "GET", url: "/test/officer", headers: restricted.headers });
    expect(officer.statusCode).toBe(200);
    const write = await t.app.inject({ method: "POST", url: "/test/write", headers: restricted.headers });
    expect(write.statusCode).toBe(200);
  });
});

describe("cookie and rate limit on an https deployment", () => {
  let secure: AuthTestApp;
  beforeAll(async () => {
    secure = await createAuthTestApp({
      config: { publicUrl: "https://dichvucong.demo.gov.vn", loginRateLimitPerMinute: 3 },
    });
  });
  afterAll(async () => secure.close());

  it("the session cookie is Secure, HttpOnly, SameSite=Lax, Path=/", async () => {
    const response = await secure.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "congdan.demo", password: "Demo@2026!CongDan" },
    });
    expect(response.statusCode).toBe(200);
    const header = String(response.headers["set-cookie"]);
    expect(header).toMatch(/^onestop_session=[A-Za-z0-9_-]{43};/);
    expect(header).toContain("HttpOnly");
    expect(header).toContain("SameSite=Lax");
    expect(header).toContain("Path=/");
    expect(header).toContain("Secure");
  });

  it(`login is rate-limited per client address`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await secure.app.inject({
        method: "POST",
        url: "/api/auth/login",
        remoteAddress: "192.0.2.7",
        payload: { username: "nobody", password: "x" },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const elsewhere = await secure.app.inject({
      method: "POST",
      url: "/api/auth/login",
      remoteAddress: "192.0.2.8",
      payload: { username: "nobody", password: "x" },
    });
    expect(elsewhere.statusCode).toBe(401);
  });
});
