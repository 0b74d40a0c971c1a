import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { createFirstAdministrator } from "../../../src/services/accounts/firstAdministrator.ts";
import { verifyPassword } from "../../../src/services/accounts/passwords.ts";
import { loadDemoData, seedDemoProvince } from "../../../src/services/seed/seedDemoProvince.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

const now = new Date("2026-11-23T09:00:00+07:00");
const demoUsernames = loadDemoData().users.map((user) => user.username.toLowerCase());

/** Issue #20 "First install": `onestop init` makes the first system administrator of a real installation. */
describe("createFirstAdministrator", () => {
  let empty: DatabaseHandle;
  let demo: DatabaseHandle;
  beforeAll(async () => {
    [empty, demo] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await seedDemoProvince(demo.db);
  });
  afterAll(async () => Promise.all([empty.close(), demo.close()]));

  it("creates a system administrator whose one-time password works once and must be changed (R-ACC-2)", async () => {
    const created = await createFirstAdministrator(empty.db, {
      username: " QTHT.Tinh ",
      fullName: "Nguyễn Quản Trị",
      now,
      demoMode: false,
      demoUsernames,
    });
    expect(created.username).toBe("qtht.tinh");
    expect(created.oneTimePassword).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const user = await empty.db
      .selectFrom("users")
      .innerJoin("role_grants", "role_grants.user_id", "users.id")
      .select([
        "users.kind",
        "users.must_change_password",
        "users.password_hash",
        "role_grants.role",
        "role_grants.agency_id",
      ])
      .where("users.username", "=", "qtht.tinh")
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      kind: "officer",
      must_change_password: true,
      role: "system_admin",
      agency_id: null,
    });
    expect(await verifyPassword(user.password_hash!, created.oneTimePassword)).toBe(true);
  });

  it("is done once: a second run is refused and writes nothing", async () => {
    await expect(
      createFirstAdministrator(empty.db, {
        username: "khac",
        fullName: "Người Khác",
        now,
        demoMode: false,
        demoUsernames,
      }),
    ).rejects.toMatchObject({ code: "ALREADY_INITIALISED" });
    expect(await empty.db.selectFrom("users").select("username").execute()).toEqual([
      { username: "qtht.tinh" },
    ]);
  });

  it("refuses a database with the demo accounts outside demo mode, and names one", async () => {
    await expect(
      createFirstAdministrator(demo.db, {
        username: "qtht.tinh",
        fullName: "Nguyễn Quản Trị",
        now,
        demoMode: false,
        demoUsernames,
      }),
    ).rejects.toMatchObject({ code: "DEMO_ACCOUNTS_PRESENT" });
  });

  it("refuses a bad username or name with field errors", async () => {
    await expect(
      createFirstAdministrator(empty.db, {
        username: "Q",
        fullName: "",
        now,
        demoMode: false,
        demoUsernames,
      }),
    ).rejects.toMatchObject({ fields: [{ field: "admin" }, { field: "name" }] });
  });

  it("demo data is for the embedded database unless asked for (DEMO_MODE, SEED_ON_EMPTY)", () => {
    expect(loadConfig({})).toMatchObject({ demoMode: true, seedOnEmpty: true });
    const server = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/onestop" };
    expect(loadConfig(server)).toMatchObject({ demoMode: false, seedOnEmpty: false });
    expect(loadConfig({ ...server, DEMO_MODE: "true" })).toMatchObject({ demoMode: true, seedOnEmpty: true });
    expect(loadConfig({ ...server, SEED_ON_EMPTY: "true" })).toMatchObject({
      demoMode: false,
      seedOnEmpty: true,
    });
    expect(loadConfig({ SEED_ON_EMPTY: "false" })).toMatchObject({ demoMode: true, seedOnEmpty: false });
  });
});
