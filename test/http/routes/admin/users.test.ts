import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import {
  AGENCY_ADMIN,
  agencyId,
  auditCount,
  caller,
  expectAdminsOnly,
  expectFieldError,
  loginAll,
  NON_ADMINS,
  OTHER_AGENCY,
  OWN_AGENCY,
  SYSTEM_ADMIN,
} from "./adminTestKit.ts";

let t: AuthTestApp;
let sessions: Record<string, TestSession>;
let call: ReturnType<typeof caller>;
let own: string;
let other: string;
let newUserId: string;

const PASSWORD = "TamThoi2026abc";

beforeAll(async () => {
  t = await createAuthTestApp();
  sessions = await loginAll(t, [AGENCY_ADMIN, SYSTEM_ADMIN, ...NON_ADMINS]);
  call = caller(t, sessions);
  own = await agencyId(t, OWN_AGENCY);
  other = await agencyId(t, OTHER_AGENCY);
});
afterAll(async () => t?.close());

const userId = async (username: string) =>
  (
    await t.database.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", username)
      .executeTakeFirstOrThrow()
  ).id;
const newUser = (username: string, grants: unknown[]) => ({
  username,
  fullName: "Phạm Văn Mới",
  email: "moi@trungtam.demo.gov.vn",
  password: PASSWORD,
  grants,
});

describe("POST /api/admin/users", () => {
  it("creates an officer with a temporary password to change at first login (R-ACC-2), audited without the password", async () => {
    const response = await call(
      "POST",
      "/api/admin/users",
      AGENCY_ADMIN,
      newUser("Moi.TrungTam", [{ role: "specialist", agencyId: own }]),
    );
    expect(response.statusCode, response.body).toBe(201);
    newUserId = (response.json() as { id: string }).id;
    const row = await t.database.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", newUserId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      username: "moi.trungtam",
      must_change_password: true,
      is_active: true,
      kind: "officer",
    });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const login = await loginAs(t.app, "moi.trungtam", PASSWORD);
    expect(login.body.mustChangePassword).toBe(true);
    const audit = await t.database.db
      .selectFrom("admin_audit")
      .selectAll()
      .where("entity_id", "=", newUserId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: "user.create",
      agency_id: own,
      actor_username: AGENCY_ADMIN,
      before: null,
    });
    expect(JSON.stringify(audit.after)).not.toContain(PASSWORD);
    expect(JSON.stringify(audit.after)).not.toContain("argon2");
    const listed = (await call("GET", "/api/admin/users", AGENCY_ADMIN)).json() as { username: string }[];
    expect(listed.map((u) => u.username)).toContain("moi.trungtam");
    expect(listed.map((u) => u.username)).not.toContain("motcua.sotaichinh");
  });

  it("refuses each invalid field in Vietnamese and English, creating nothing", async () => {
    const before = await auditCount(t);
    const grant = [{ role: "specialist", agencyId: own }];
    await expectFieldError(call, "POST", "/api/admin/users", AGENCY_ADMIN, newUser("a b", grant), "username");
    await expectFieldError(
      call,
      "POST",
      "/api/admin/users",
      AGENCY_ADMIN,
      { ...newUser("ok.user", grant), password: "short1" },
      "password",
    );
    await expectFieldError(
      call,
      "POST",
      "/api/admin/users",
      AGENCY_ADMIN,
      { ...newUser("ok.user", grant), email: "not-mail" },
      "email",
    );
    await expectFieldError(call, "POST", "/api/admin/users", AGENCY_ADMIN, newUser("ok.user", []), "grants");
    await expectFieldError(
      call,
      "POST",
      "/api/admin/users",
      AGENCY_ADMIN,
      newUser("ok.user", [{ role: "citizen", agencyId: own }]),
      "grants.0.role",
    );
    await expectFieldError(
      call,
      "POST",
      "/api/admin/users",
      SYSTEM_ADMIN,
      newUser("ok.user", [{ role: "specialist", agencyId: null }]),
      "grants.0.agencyId",
    );
    await expectFieldError(
      call,
      "POST",
      "/api/admin/users",
      AGENCY_ADMIN,
      { ...newUser("ok.user", grant), fullName: "" },
      "fullName",
    );
    const otherUnit = await t.database.db
      .selectFrom("units")
      .select("id")
      .where("agency_id", "=", other)
      .executeTakeFirstOrThrow();
    await expectFieldError(
      call,
      "POST",
      "/api/admin/users",
      AGENCY_ADMIN,
      newUser("ok.user", [{ role: "specialist", agencyId: own, unitId: otherUnit.id }]),
      "grants.0.unitId",
    );
    expect(await auditCount(t)).toBe(before);
    expect(
      await t.database.db.selectFrom("users").select("id").where("username", "=", "ok.user").execute(),
    ).toEqual([]);
  });

  it("refuses a taken username (409), a role in another agency (404), the system role from an agency admin (403)", async () => {
    const before = await auditCount(t);
    const taken = await call(
      "POST",
      "/api/admin/users",
      AGENCY_ADMIN,
      newUser("motcua.trungtam", [{ role: "specialist", agencyId: own }]),
      "en",
    );
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe("USERNAME_TAKEN");
    expect(
      (
        await call(
          "POST",
          "/api/admin/users",
          AGENCY_ADMIN,
          newUser("x.other", [{ role: "specialist", agencyId: other }]),
        )
      ).statusCode,
    ).toBe(404);
    const system = await call(
      "POST",
      "/api/admin/users",
      AGENCY_ADMIN,
      newUser("x.system", [{ role: "system_admin", agencyId: null }]),
    );
    expect(system.statusCode).toBe(403);
    await expectAdminsOnly(
      t,
      call,
      "POST",
      "/api/admin/users",
      newUser("x.any", [{ role: "specialist", agencyId: own }]),
    );
    await expectAdminsOnly(t, call, "GET", "/api/admin/users");
    expect(await auditCount(t)).toBe(before);
  });
});

describe("grants", () => {
  it("grants a role in a unit of the own agency and revokes it", async () => {
    const unit = await t.database.db
      .selectFrom("units")
      .select("id")
      .where("agency_id", "=", own)
      .where("code", "=", "PVHXH")
      .executeTakeFirstOrThrow();
    const granted = await call("POST", `/api/admin/users/${newUserId}/grants`, AGENCY_ADMIN, {
      role: "unit_head",
      agencyId: own,
      unitId: unit.id,
    });
    expect(granted.statusCode, granted.body).toBe(201);
    const { id } = granted.json() as { id: string };
    const again = await call("POST", `/api/admin/users/${newUserId}/grants`, AGENCY_ADMIN, {
      role: "unit_head",
      agencyId: own,
      unitId: unit.id,
    });
    expect(again.statusCode).toBe(409);
    const revoked = await call("DELETE", `/api/admin/users/${newUserId}/grants/${id}`, AGENCY_ADMIN);
    expect(revoked.statusCode).toBe(204);
    const actions = await t.database.db
      .selectFrom("admin_audit")
      .select("action")
      .where("entity_id", "=", newUserId)
      .orderBy("at")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["user.create", "grant.create", "grant.revoke"]);
  });

  it("answers 404 for another agency's officer and grant, and refuses revoking one's own admin role (409)", async () => {
    const before = await auditCount(t);
    const stranger = await userId("motcua.sotaichinh");
    expect(
      (
        await call("POST", `/api/admin/users/${stranger}/grants`, AGENCY_ADMIN, {
          role: "specialist",
          agencyId: own,
        })
      ).statusCode,
    ).toBe(404);
    const strangerGrant = await t.database.db
      .selectFrom("role_grants")
      .select("id")
      .where("user_id", "=", stranger)
      .executeTakeFirstOrThrow();
    expect(
      (await call("DELETE", `/api/admin/users/${stranger}/grants/${strangerGrant.id}`, AGENCY_ADMIN))
        .statusCode,
    ).toBe(404);
    const self = await userId(AGENCY_ADMIN);
    const selfGrant = await t.database.db
      .selectFrom("role_grants")
      .select("id")
      .where("user_id", "=", self)
      .executeTakeFirstOrThrow();
    expect(
      (await call("DELETE", `/api/admin/users/${self}/grants/${selfGrant.id}`, AGENCY_ADMIN)).statusCode,
    ).toBe(409);
    await expectAdminsOnly(t, call, "POST", `/api/admin/users/${newUserId}/grants`, {
      role: "specialist",
      agencyId: own,
    });
    expect(await auditCount(t)).toBe(before);
  });
});

describe("reset password, deactivate, activate", () => {
  it("resets the password: sessions end, the next login must change it", async () => {
    const session = await loginAs(t.app, "moi.trungtam", PASSWORD);
    const response = await call("POST", `/api/admin/users/${newUserId}/reset-password`, AGENCY_ADMIN, {
      password: "MatKhauMoi2026xyz",
    });
    expect(response.statusCode, response.body).toBe(204);
    const old = await t.app.inject({ method: "GET", url: "/api/auth/session", headers: session.headers });
    expect(old.statusCode).toBe(401);
    const again = await loginAs(t.app, "moi.trungtam", "MatKhauMoi2026xyz");
    expect(again.body.mustChangePassword).toBe(true);
    await expectFieldError(
      call,
      "POST",
      `/api/admin/users/${newUserId}/reset-password`,
      AGENCY_ADMIN,
      { password: "moi.trungtam" },
      "password",
    );
  });

  it("deactivates (no more login) and reactivates an officer of the own agency", async () => {
    expect((await call("POST", `/api/admin/users/${newUserId}/deactivate`, AGENCY_ADMIN)).statusCode).toBe(
      204,
    );
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "moi.trungtam", password: "MatKhauMoi2026xyz" },
    });
    expect(refused.statusCode).toBe(401);
    expect((await call("POST", `/api/admin/users/${newUserId}/activate`, AGENCY_ADMIN)).statusCode).toBe(204);
    await loginAs(t.app, "moi.trungtam", "MatKhauMoi2026xyz");
  });

  it("answers 404 for another agency's officer, 409 for oneself, 403 for an account shared with another agency", async () => {
    const before = await auditCount(t);
    const stranger = await userId("motcua.sotaichinh");
    expect((await call("POST", `/api/admin/users/${stranger}/deactivate`, AGENCY_ADMIN)).statusCode).toBe(
      404,
    );
    expect(
      (
        await call("POST", `/api/admin/users/${stranger}/reset-password`, AGENCY_ADMIN, {
          password: PASSWORD,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await call("POST", `/api/admin/users/${await userId(AGENCY_ADMIN)}/deactivate`, AGENCY_ADMIN))
        .statusCode,
    ).toBe(409);
    // An officer who also works at Sở Tài chính: the agency administrator may not close the account.
    const granted = await call("POST", `/api/admin/users/${newUserId}/grants`, SYSTEM_ADMIN, {
      role: "specialist",
      agencyId: other,
    });
    expect(granted.statusCode).toBe(201);
    const before2 = await auditCount(t);
    const shared = await call("POST", `/api/admin/users/${newUserId}/deactivate`, AGENCY_ADMIN);
    expect(shared.statusCode).toBe(403);
    expect(shared.json().error.code).toBe("ACCOUNT_SHARED");
    await expectAdminsOnly(t, call, "POST", `/api/admin/users/${newUserId}/deactivate`);
    await expectAdminsOnly(t, call, "POST", `/api/admin/users/${newUserId}/reset-password`, {
      password: PASSWORD,
    });
    expect(await auditCount(t)).toBe(before2);
    expect(before2).toBe(before + 1);
    const row = await t.database.db
      .selectFrom("users")
      .select("is_active")
      .where("id", "=", stranger)
      .executeTakeFirstOrThrow();
    expect(row.is_active).toBe(true);
  });
});
