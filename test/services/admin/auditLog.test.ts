import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { findActor } from "../../../src/services/accounts/actor.ts";
import { adminScopeOf } from "../../../src/services/admin/adminScope.ts";
import { listAdminAudit, recordAdminChange } from "../../../src/services/admin/auditLog.ts";
import { createOfficer, listAdminUsers } from "../../../src/services/admin/users.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

let database: DatabaseHandle;
const now = new Date("2026-11-23T02:00:00Z");

const idOf = async (table: "users" | "agencies", column: "username" | "code", value: string) =>
  (
    await database.db
      .selectFrom(table as "users")
      .select("id")
      .where(column as "username", "=", value)
      .executeTakeFirstOrThrow()
  ).id;

beforeAll(async () => {
  database = await createTestDatabase({ seeded: true });
});
afterAll(async () => database?.close());

describe("the admin audit log", () => {
  it("is written in the change's transaction: a change that fails leaves no audit row", async () => {
    const admin = (await findActor(database.db, await idOf("users", "username", "quantri.hethong")))!;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await recordAdminChange(trx, admin, now, {
          agencyId: null,
          action: "test.change",
          entity: "test",
          entityId: "1",
          summary: "",
          before: null,
          after: { x: 1 },
        });
        throw new Error("the change itself failed");
      }),
    ).rejects.toThrow("the change itself failed");
    const rows = await database.db
      .selectFrom("admin_audit")
      .selectAll()
      .where("action", "=", "test.change")
      .execute();
    expect(rows).toEqual([]);
  });

  it("shows each administrator only what their scope covers, and officers' grants only in scope", async () => {
    const system = (await findActor(database.db, await idOf("users", "username", "quantri.hethong")))!;
    const agencyAdmin = (await findActor(database.db, await idOf("users", "username", "quantri.trungtam")))!;
    const own = await idOf("agencies", "code", "000.20.01.H99");
    const other = await idOf("agencies", "code", "000.00.13.H99");
    // A system administrator creates an officer working in both agencies.
    const { id } = await createOfficer(
      database.db,
      system,
      adminScopeOf(system),
      {
        username: "hai.coquan",
        fullName: "Cán bộ hai cơ quan",
        password: "HaiCoQuan2026x",
        grants: [
          { role: "specialist", agencyId: other },
          { role: "specialist", agencyId: own },
        ],
      },
      now,
    );
    const seen = (await listAdminUsers(database.db, adminScopeOf(agencyAdmin))).find((u) => u.id === id)!;
    expect(seen.grants.map((g) => g.agencyId)).toEqual([own]);
    const all = (await listAdminUsers(database.db, adminScopeOf(system))).find((u) => u.id === id)!;
    expect(all.grants).toHaveLength(2);
    // The creation is logged under the first granted agency: Sở Tài chính, outside the agency admin's scope.
    const agencyView = await listAdminAudit(database.db, adminScopeOf(agencyAdmin), {
      page: 1,
      pageSize: 50,
    });
    expect(agencyView.items.map((i) => i.entityId)).not.toContain(id);
    const systemView = await listAdminAudit(database.db, adminScopeOf(system), {
      page: 1,
      pageSize: 50,
      entity: "user",
    });
    expect(systemView.items.map((i) => i.entityId)).toContain(id);
    const nobody = await listAdminAudit(
      database.db,
      { all: false, agencyIds: [] },
      { page: 1, pageSize: 50 },
    );
    expect(nobody).toEqual({ total: 0, items: [] });
  });
});
