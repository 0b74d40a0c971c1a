import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWorkingCalendar } from "../../../../src/services/calendar/loadCalendar.ts";
import { type AuthTestApp, createAuthTestApp, type TestSession } from "../../../support/authSession.ts";
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

beforeAll(async () => {
  t = await createAuthTestApp();
  sessions = await loginAll(t, [AGENCY_ADMIN, SYSTEM_ADMIN, ...NON_ADMINS]);
  call = caller(t, sessions);
  own = await agencyId(t, OWN_AGENCY);
  other = await agencyId(t, OTHER_AGENCY);
});
afterAll(async () => t?.close());

const contact = { name: "Ủy ban nhân dân phường Trung Tâm", phone: "0123 456 789" };

describe("GET /api/admin/agencies", () => {
  it("gives the agency administrator their agency with its units, and the system administrator every agency", async () => {
    const mine = (await call("GET", "/api/admin/agencies", AGENCY_ADMIN)).json() as {
      id: string;
      units: unknown[];
      parentId: string | null;
    }[];
    expect(mine.map((a) => a.id)).toEqual([own]);
    expect(mine[0]!.units.length).toBeGreaterThan(0);
    expect(mine[0]!.parentId).toBeNull();
    const all = (await call("GET", "/api/admin/agencies", SYSTEM_ADMIN)).json() as { id: string }[];
    expect(all.length).toBe(14);
    expect(all.map((a) => a.id)).toContain(other);
  });

  it("refuses anonymous callers and every other role", async () => {
    await expectAdminsOnly(t, call, "GET", "/api/admin/agencies");
  });
});

describe("PUT /api/admin/agencies/:id", () => {
  it("sets the agency's own working hours (R-CAL-4), audited with before and after, used by new deadlines", async () => {
    const response = await call("PUT", `/api/admin/agencies/${own}`, AGENCY_ADMIN, {
      ...contact,
      workingIntervals: [
        { start: "07:30", end: "11:30" },
        { start: "13:00", end: "17:00" },
      ],
    });
    expect(response.statusCode, response.body).toBe(204);
    const calendar = await loadWorkingCalendar(t.database.db, { id: own });
    expect(calendar.config.workingIntervals[0]).toEqual({ start: "07:30", end: "11:30" });
    const audit = await t.database.db
      .selectFrom("admin_audit")
      .selectAll()
      .where("entity_id", "=", own)
      .where("action", "=", "agency.update")
      .executeTakeFirstOrThrow();
    expect(audit.actor_username).toBe(AGENCY_ADMIN);
    expect(audit.agency_id).toBe(own);
    expect((audit.before as { working_intervals: unknown }).working_intervals).toBeNull();
    expect((audit.after as { working_intervals: unknown[] }).working_intervals).toHaveLength(2);
  });

  it("refuses overlapping or malformed hours in Vietnamese and English, changing nothing", async () => {
    const before = await auditCount(t);
    const overlapping = {
      ...contact,
      workingIntervals: [
        { start: "07:00", end: "12:00" },
        { start: "11:00", end: "17:00" },
      ],
    };
    await expectFieldError(
      call,
      "PUT",
      `/api/admin/agencies/${own}`,
      AGENCY_ADMIN,
      overlapping,
      "workingIntervals.1",
    );
    await expectFieldError(
      call,
      "PUT",
      `/api/admin/agencies/${own}`,
      AGENCY_ADMIN,
      { ...contact, workingIntervals: [{ start: "7h", end: "11:00" }] },
      "workingIntervals.0.start",
    );
    await expectFieldError(
      call,
      "PUT",
      `/api/admin/agencies/${own}`,
      AGENCY_ADMIN,
      { ...contact, name: " " },
      "name",
    );
    expect(await auditCount(t)).toBe(before);
    const calendar = await loadWorkingCalendar(t.database.db, { id: own });
    expect(calendar.config.workingIntervals[0]).toEqual({ start: "07:30", end: "11:30" });
  });

  it("answers 404 for another agency or an unknown one, and the other roles 401/403", async () => {
    const before = await auditCount(t);
    expect((await call("PUT", `/api/admin/agencies/${other}`, AGENCY_ADMIN, contact)).statusCode).toBe(404);
    expect(
      (await call("PUT", `/api/admin/agencies/${crypto.randomUUID()}`, SYSTEM_ADMIN, contact)).statusCode,
    ).toBe(404);
    await expectAdminsOnly(t, call, "PUT", `/api/admin/agencies/${own}`, contact);
    expect(await auditCount(t)).toBe(before);
    const row = await t.database.db
      .selectFrom("agencies")
      .select("phone")
      .where("id", "=", other)
      .executeTakeFirstOrThrow();
    expect(row.phone).not.toBe(contact.phone);
  });
});

describe("POST /api/admin/agencies", () => {
  const agency = { code: "000.20.05.H99", name: "Ủy ban nhân dân xã Mới", level: "commune" };

  it("is the system administrator's: an agency administrator gets 403", async () => {
    const response = await call("POST", "/api/admin/agencies", AGENCY_ADMIN, agency);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("SYSTEM_ADMIN_ONLY");
    await expectAdminsOnly(t, call, "POST", "/api/admin/agencies", agency);
  });

  it("creates an agency, then refuses its code again (409) and a bad level (400 vi/en)", async () => {
    const created = await call("POST", "/api/admin/agencies", SYSTEM_ADMIN, agency);
    expect(created.statusCode, created.body).toBe(201);
    const again = await call("POST", "/api/admin/agencies", SYSTEM_ADMIN, agency, "en");
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain("already used");
    await expectFieldError(
      call,
      "POST",
      "/api/admin/agencies",
      SYSTEM_ADMIN,
      { ...agency, code: "X1", level: "district" },
      "level",
    );
    await expectFieldError(
      call,
      "POST",
      "/api/admin/agencies",
      SYSTEM_ADMIN,
      { ...agency, code: "X2", parentId: crypto.randomUUID() },
      "parentId",
    );
    expect(
      await t.database.db.selectFrom("agencies").select("id").where("code", "in", ["X1", "X2"]).execute(),
    ).toEqual([]);
  });
});

describe("units", () => {
  it("adds a unit to the own agency, renames it, and refuses a repeated code (409)", async () => {
    const created = await call("POST", `/api/admin/agencies/${own}/units`, AGENCY_ADMIN, {
      code: "TCD",
      name: "Tổ công nghệ số",
      kind: "professional",
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json() as { id: string };
    const renamed = await call("PUT", `/api/admin/units/${id}`, AGENCY_ADMIN, {
      name: "Tổ chuyển đổi số",
      kind: "other",
    });
    expect(renamed.statusCode).toBe(204);
    const unit = await t.database.db
      .selectFrom("units")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(unit).toMatchObject({ name: "Tổ chuyển đổi số", kind: "other" });
    const again = await call("POST", `/api/admin/agencies/${own}/units`, AGENCY_ADMIN, {
      code: "TCD",
      name: "X",
      kind: "other",
    });
    expect(again.statusCode).toBe(409);
    const actions = await t.database.db
      .selectFrom("admin_audit")
      .select("action")
      .where("entity_id", "=", id)
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(["unit.create", "unit.update"]);
  });

  it("answers 404 for another agency's units, 400 for a bad kind, and 401/403 to the others", async () => {
    const otherUnit = await t.database.db
      .selectFrom("units")
      .select("id")
      .where("agency_id", "=", other)
      .executeTakeFirstOrThrow();
    const before = await auditCount(t);
    expect(
      (
        await call("POST", `/api/admin/agencies/${other}/units`, AGENCY_ADMIN, {
          code: "Z",
          name: "Z",
          kind: "other",
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await call("PUT", `/api/admin/units/${otherUnit.id}`, AGENCY_ADMIN, { name: "Z", kind: "other" }))
        .statusCode,
    ).toBe(404);
    await expectFieldError(
      call,
      "POST",
      `/api/admin/agencies/${own}/units`,
      AGENCY_ADMIN,
      { code: "Y", name: "Y", kind: "team" },
      "kind",
    );
    await expectAdminsOnly(t, call, "POST", `/api/admin/agencies/${own}/units`, {
      code: "Y",
      name: "Y",
      kind: "other",
    });
    await expectAdminsOnly(t, call, "PUT", `/api/admin/units/${otherUnit.id}`, { name: "Y", kind: "other" });
    expect(await auditCount(t)).toBe(before);
  });
});
