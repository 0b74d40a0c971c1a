import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthTestApp, createAuthTestApp, type TestSession } from "../../../support/authSession.ts";
import { AGENCY_ADMIN, caller, loginAll, OWN_AGENCY, SYSTEM_ADMIN } from "./adminTestKit.ts";

/** Issue #20 "Self-granted monitor role": an agency administrator cannot give a province-wide role, even to self. */
let t: AuthTestApp;
let sessions: Record<string, TestSession>;
let call: ReturnType<typeof caller>;
beforeAll(async () => {
  t = await createAuthTestApp();
  sessions = await loginAll(t, [AGENCY_ADMIN, SYSTEM_ADMIN]);
  call = caller(t, sessions);
});
afterAll(async () => t?.close());

const grantsOf = async (username: string) =>
  t.database.db
    .selectFrom("role_grants")
    .innerJoin("users", "users.id", "role_grants.user_id")
    .select("role_grants.role")
    .where("users.username", "=", username)
    .execute();

describe("POST /api/admin/users/:id/grants — province-wide roles", () => {
  it("an agency administrator granting themselves service_center_monitor → 403 in Vietnamese, nothing granted", async () => {
    const me = await t.database.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", AGENCY_ADMIN)
      .executeTakeFirstOrThrow();
    const agency = await t.database.db
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", OWN_AGENCY)
      .executeTakeFirstOrThrow();
    const before = await grantsOf(AGENCY_ADMIN);
    for (const role of ["service_center_monitor", "system_admin"]) {
      const response = await call("POST", `/api/admin/users/${me.id}/grants`, AGENCY_ADMIN, {
        role,
        agencyId: role === "system_admin" ? null : agency.id,
      });
      expect(response.statusCode, role).toBe(403);
      expect(response.json().error.message, role).toMatch(/quản trị hệ thống/);
    }
    expect(await grantsOf(AGENCY_ADMIN)).toEqual(before);
  });

  it("the system administrator may grant service_center_monitor", async () => {
    const target = await t.database.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", "motcua.trungtam")
      .executeTakeFirstOrThrow();
    const agency = await t.database.db
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", OWN_AGENCY)
      .executeTakeFirstOrThrow();
    const response = await call("POST", `/api/admin/users/${target.id}/grants`, SYSTEM_ADMIN, {
      role: "service_center_monitor",
      agencyId: agency.id,
    });
    expect(response.statusCode).toBe(201);
  });
});
