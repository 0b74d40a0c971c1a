import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthTestApp, createAuthTestApp, type TestSession } from "../../../support/authSession.ts";
import {
  AGENCY_ADMIN,
  agencyId,
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
  const name = (n: string) => ({ name: n });
  expect(
    (await call("PUT", `/api/admin/agencies/${own}`, AGENCY_ADMIN, name("UBND phường Trung Tâm"))).statusCode,
  ).toBe(204);
  t.clock.advanceMinutes(1);
  expect(
    (await call("PUT", `/api/admin/agencies/${other}`, SYSTEM_ADMIN, name("Sở Tài chính"))).statusCode,
  ).toBe(204);
  t.clock.advanceMinutes(1);
  expect(
    (await call("PUT", "/api/admin/calendar/2030", SYSTEM_ADMIN, { note: "", holidays: [], makeupDays: [] }))
      .statusCode,
  ).toBe(204);
});
afterAll(async () => t?.close());

interface Page {
  total: number;
  items: { action: string; actor: string; agency: { id: string } | null; before: unknown; after: unknown }[];
}

describe("GET /api/admin/audit", () => {
  it("shows an agency administrator only their agency's changes", async () => {
    const page = (await call("GET", "/api/admin/audit", AGENCY_ADMIN)).json() as Page;
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      action: "agency.update",
      actor: AGENCY_ADMIN,
      agency: { id: own },
    });
    expect(page.items[0]!.after).toMatchObject({ name: "UBND phường Trung Tâm" });
  });

  it("shows the system administrator everything, newest first, filtered and paged", async () => {
    const page = (await call("GET", "/api/admin/audit", SYSTEM_ADMIN)).json() as Page;
    expect(page.items.map((i) => i.action)).toEqual(["calendar.saveYear", "agency.update", "agency.update"]);
    const byActor = (
      await call("GET", `/api/admin/audit?actor=${SYSTEM_ADMIN}&pageSize=1&page=2`, SYSTEM_ADMIN)
    ).json() as Page;
    expect(byActor.total).toBe(2);
    expect(byActor.items).toHaveLength(1);
    expect(byActor.items[0]!.agency?.id).toBe(other);
    const calendar = (await call("GET", "/api/admin/audit?entity=calendar", SYSTEM_ADMIN)).json() as Page;
    expect(calendar.total).toBe(1);
    const later = (
      await call(
        "GET",
        `/api/admin/audit?from=${encodeURIComponent(t.clock.now().toISOString())}`,
        SYSTEM_ADMIN,
      )
    ).json() as Page;
    expect(later.total).toBe(1);
  });

  it("refuses bad filters (vi/en) and non-administrators", async () => {
    await expectAdminsOnly(t, call, "GET", "/api/admin/audit");
    for (const language of ["vi", "en"] as const) {
      const response = await call("GET", "/api/admin/audit?pageSize=1000", SYSTEM_ADMIN, undefined, language);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields[0].field).toBe("pageSize");
    }
    expect(expectFieldError).toBeDefined();
  });
});
