import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWorkingCalendar } from "../../../../src/services/calendar/loadCalendar.ts";
import { type AuthTestApp, createAuthTestApp, type TestSession } from "../../../support/authSession.ts";
import {
  AGENCY_ADMIN,
  auditCount,
  caller,
  expectAdminsOnly,
  expectFieldError,
  loginAll,
  NON_ADMINS,
  SYSTEM_ADMIN,
} from "./adminTestKit.ts";

let t: AuthTestApp;
let sessions: Record<string, TestSession>;
let call: ReturnType<typeof caller>;

beforeAll(async () => {
  t = await createAuthTestApp();
  sessions = await loginAll(t, [AGENCY_ADMIN, SYSTEM_ADMIN, ...NON_ADMINS]);
  call = caller(t, sessions);
});
afterAll(async () => t?.close());

interface YearView {
  overridden: boolean;
  holidays: { date: string; name: string }[];
  makeupDays: { date: string; name: string }[];
}

describe("GET /api/admin/calendar/:year", () => {
  it("shows the seeded year and a computed one (R-CAL-8) to both administrators", async () => {
    const seeded = (await call("GET", "/api/admin/calendar/2026", AGENCY_ADMIN)).json() as YearView;
    expect(seeded.overridden).toBe(true);
    expect(seeded.holidays.length).toBeGreaterThan(5);
    const computed = (await call("GET", "/api/admin/calendar/2031", SYSTEM_ADMIN)).json() as YearView;
    expect(computed.overridden).toBe(false);
    expect(computed.holidays.map((d) => d.date)).toContain("2031-01-01");
    expect((await call("GET", "/api/admin/calendar/1800", SYSTEM_ADMIN)).statusCode).toBe(400);
    await expectAdminsOnly(t, call, "GET", "/api/admin/calendar/2026");
  });
});

describe("PUT /api/admin/calendar/:year", () => {
  it("sets a holiday that new deadlines then skip (R-CAL-3), audited with before and after", async () => {
    const current = (await call("GET", "/api/admin/calendar/2026", SYSTEM_ADMIN)).json() as YearView;
    expect((await loadWorkingCalendar(t.database.db)).isWorkingDay("2026-11-24")).toBe(true);
    const response = await call("PUT", "/api/admin/calendar/2026", SYSTEM_ADMIN, {
      note: "Thêm ngày nghỉ thử",
      holidays: [...current.holidays, { date: "2026-11-24", name: "Nghỉ thử" }],
      makeupDays: current.makeupDays,
    });
    expect(response.statusCode, response.body).toBe(204);
    expect((await loadWorkingCalendar(t.database.db)).isWorkingDay("2026-11-24")).toBe(false);
    const audit = await t.database.db
      .selectFrom("admin_audit")
      .selectAll()
      .where("entity", "=", "calendar")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: "calendar.saveYear",
      entity_id: "2026",
      agency_id: null,
      actor_username: SYSTEM_ADMIN,
    });
    expect((audit.after as YearView).holidays).toHaveLength(current.holidays.length + 1);
    expect((audit.before as YearView).holidays).toHaveLength(current.holidays.length);
  });

  it("refuses dates outside the year, repeated, both kinds, or a make-up day already worked (vi/en), changing nothing", async () => {
    const before = await auditCount(t);
    const url = "/api/admin/calendar/2033";
    const body = (holidays: unknown[], makeupDays: unknown[] = []) => ({ note: "", holidays, makeupDays });
    await expectFieldError(
      call,
      "PUT",
      url,
      SYSTEM_ADMIN,
      body([{ date: "2026-05-01", name: "x" }]),
      "holidays.0.date",
    );
    await expectFieldError(
      call,
      "PUT",
      url,
      SYSTEM_ADMIN,
      body([{ date: "2033-02-30", name: "x" }]),
      "holidays.0.date",
    );
    await expectFieldError(
      call,
      "PUT",
      url,
      SYSTEM_ADMIN,
      body([
        { date: "2033-05-03", name: "x" },
        { date: "2033-05-03", name: "y" },
      ]),
      "holidays.0.date",
    );
    await expectFieldError(
      call,
      "PUT",
      url,
      SYSTEM_ADMIN,
      body([{ date: "2033-05-08", name: "x" }], [{ date: "2033-05-08", name: "y" }]),
      "makeupDays.0.date",
    );
    await expectFieldError(
      call,
      "PUT",
      url,
      SYSTEM_ADMIN,
      body([], [{ date: "2033-05-10", name: "thứ Hai" }]),
      "makeupDays.0.date",
    );
    await expectFieldError(
      call,
      "PUT",
      url,
      SYSTEM_ADMIN,
      body([{ date: "2033-05-10", name: " " }]),
      "holidays.0.name",
    );
    expect(await auditCount(t)).toBe(before);
    expect((await call("GET", url, SYSTEM_ADMIN)).json()).toMatchObject({ overridden: false });
  });

  it("is the system administrator's: agency administrators 403, other roles 401/403", async () => {
    const before = await auditCount(t);
    const body = { note: "", holidays: [], makeupDays: [] };
    const response = await call("PUT", "/api/admin/calendar/2033", AGENCY_ADMIN, body, "en");
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toBe("Only the system administrator may do this");
    expect((await call("DELETE", "/api/admin/calendar/2026", AGENCY_ADMIN)).statusCode).toBe(403);
    await expectAdminsOnly(t, call, "PUT", "/api/admin/calendar/2033", body);
    await expectAdminsOnly(t, call, "DELETE", "/api/admin/calendar/2026");
    expect(await auditCount(t)).toBe(before);
  });

  it("removes a year's list so the computed defaults apply again; a year not set is 404", async () => {
    expect((await call("DELETE", "/api/admin/calendar/2026", SYSTEM_ADMIN)).statusCode).toBe(204);
    expect((await loadWorkingCalendar(t.database.db)).isWorkingDay("2026-11-24")).toBe(true);
    expect((await call("DELETE", "/api/admin/calendar/2026", SYSTEM_ADMIN)).statusCode).toBe(404);
  });
});
