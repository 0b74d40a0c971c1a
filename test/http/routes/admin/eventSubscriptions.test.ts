import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  SYSTEM_ADMIN,
} from "./adminTestKit.ts";

/** Event subscriptions in the admin console (issue #18): the system administrator only. */
describe("event subscription routes (issue #18)", () => {
  let t: AuthTestApp;
  let sessions: Record<string, TestSession>;
  let call: ReturnType<typeof caller>;
  let created: { id: string; secret: string; name: string };
  const BASE = "/api/admin/event-subscriptions";
  const valid = () => ({
    name: "Hệ thống một cửa liên thông LGSP",
    targetUrl: "https://lgsp.tinh.gov.vn/hooks/onestop",
    agencyIds: [] as string[],
    eventTypes: ["accepted", "resultReturned"],
    includeApplicant: false,
    active: true,
  });

  beforeAll(async () => {
    t = await createAuthTestApp({ start: new Date("2026-11-23T02:00:00Z") });
    sessions = await loginAll(t, [SYSTEM_ADMIN, AGENCY_ADMIN, ...NON_ADMINS]);
    call = caller(t, sessions);
  }, 240_000);

  afterAll(async () => {
    await t?.close();
  });

  it("creates a subscription: 201 with a generated secret shown once, audited without the secret", async () => {
    const before = await auditCount(t);
    const response = await call("POST", BASE, SYSTEM_ADMIN, valid());
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      name: "Hệ thống một cửa liên thông LGSP",
      targetUrl: "https://lgsp.tinh.gov.vn/hooks/onestop",
      eventTypes: ["accepted", "resultReturned"],
      includeApplicant: false,
      active: true,
      deliveries: { pending: 0, sent: 0, dead: 0 },
    });
    expect(body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    created = { id: body.id, secret: body.secret, name: body.name };
    expect(await auditCount(t)).toBe(before + 1);
    const audit = await t.database.db
      .selectFrom("admin_audit")
      .select(["action", "after"])
      .where("entity_id", "=", body.id)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe("create");
    expect(JSON.stringify(audit.after)).not.toContain(body.secret);

    const list = await call("GET", BASE, SYSTEM_ADMIN);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(body.id);
    expect(list.json().eventTypes).toContain("accepted");
    expect(list.body).not.toContain(body.secret);
    const one = await call("GET", `${BASE}/${body.id}`, SYSTEM_ADMIN);
    expect(one.statusCode).toBe(200);
    expect(one.json()).not.toHaveProperty("secret");
  });

  it("accepts a loopback http target (simulators) and a secret of the administrator's choosing", async () => {
    const response = await call("POST", BASE, SYSTEM_ADMIN, {
      ...valid(),
      name: "Mô phỏng cục bộ",
      targetUrl: "http://127.0.0.1:9999/events",
      secret: "x".repeat(32),
      agencyIds: [await agencyId(t, OTHER_AGENCY)],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().secret).toBe("x".repeat(32));
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["an empty name", { name: "" }, "name"],
    ["a blank name", { name: "   " }, "name"],
    ["a public http target", { targetUrl: "http://lgsp.tinh.gov.vn/hooks" }, "targetUrl"],
    ["a target with credentials", { targetUrl: "https://user:pass@lgsp.tinh.gov.vn/hooks" }, "targetUrl"],
    ["a target that is not an address", { targetUrl: "lgsp" }, "targetUrl"],
    ["a short secret", { secret: "ngan" }, "secret"],
    ["an agency id that is not a uuid", { agencyIds: ["abc"] }, "agencyIds.0"],
    ["an agency that does not exist", { agencyIds: ["00000000-0000-4000-8000-000000000000"] }, "agencyIds.0"],
    ["an event type with symbols", { eventTypes: ["accepted; drop"] }, "eventTypes.0"],
    ["an unknown property", { extra: 1 }, "extra"],
  ])("refuses %s with a field error in Vietnamese and English", async (_label, change, field) => {
    const before = await auditCount(t);
    await expectFieldError(call, "POST", BASE, SYSTEM_ADMIN, { ...valid(), name: "Khác", ...change }, field);
    expect(await auditCount(t)).toBe(before);
  });

  it("refuses a name already taken (409), whatever its case", async () => {
    const response = await call("POST", BASE, SYSTEM_ADMIN, { ...valid(), name: created.name.toUpperCase() });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe("SUBSCRIPTION_NAME_TAKEN");
    const english = await call("POST", BASE, SYSTEM_ADMIN, valid(), "en");
    expect(english.json().error.message).toBe("An event subscription with this name already exists");
  });

  it("updates the scope and pauses a subscription; the secret is kept unless a new one is given", async () => {
    const response = await call("PUT", `${BASE}/${created.id}`, SYSTEM_ADMIN, {
      ...valid(),
      eventTypes: [],
      includeApplicant: true,
      active: false,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ eventTypes: [], includeApplicant: true, active: false });
    const row = await t.database.db
      .selectFrom("event_subscriptions")
      .select(["secret", "active"])
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ secret: created.secret, active: false });
    const rotated = await call("PUT", `${BASE}/${created.id}`, SYSTEM_ADMIN, {
      ...valid(),
      secret: "y".repeat(40),
    });
    expect(rotated.statusCode).toBe(200);
    const after = await t.database.db
      .selectFrom("event_subscriptions")
      .select("secret")
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(after.secret).toBe("y".repeat(40));
  });

  it("an update refuses a taken name (409), a bad target (400), an unknown subscription (404)", async () => {
    const taken = await call("PUT", `${BASE}/${created.id}`, SYSTEM_ADMIN, {
      ...valid(),
      name: "Mô phỏng cục bộ",
    });
    expect(taken.statusCode).toBe(409);
    await expectFieldError(
      call,
      "PUT",
      `${BASE}/${created.id}`,
      SYSTEM_ADMIN,
      { ...valid(), targetUrl: "ftp://lgsp.tinh.gov.vn" },
      "targetUrl",
    );
    const missing = await call("PUT", `${BASE}/00000000-0000-4000-8000-000000000000`, SYSTEM_ADMIN, valid());
    expect(missing.statusCode).toBe(404);
    const badId = await call("GET", `${BASE}/khong-phai-uuid`, SYSTEM_ADMIN);
    expect(badId.statusCode).toBe(400);
  });

  it("lists deliveries (by status) and refuses a bad status filter or an unknown subscription", async () => {
    const list = await call("GET", `${BASE}/${created.id}/deliveries?status=dead`, SYSTEM_ADMIN);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([]);
    const bad = await call("GET", `${BASE}/${created.id}/deliveries?status=lost`, SYSTEM_ADMIN);
    expect(bad.statusCode).toBe(400);
    const missing = await call(
      "GET",
      `${BASE}/00000000-0000-4000-8000-000000000000/deliveries`,
      SYSTEM_ADMIN,
    );
    expect(missing.statusCode).toBe(404);
  });

  it("replays from a time (audited); refuses neither or both starting points, a bad time, an unknown event or subscription", async () => {
    const before = await auditCount(t);
    const ok = await call("POST", `${BASE}/${created.id}/replay`, SYSTEM_ADMIN, {
      from: "2026-11-01T00:00:00Z",
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ requeued: 0 });
    expect(await auditCount(t)).toBe(before + 1);
    await expectFieldError(call, "POST", `${BASE}/${created.id}/replay`, SYSTEM_ADMIN, {}, "from");
    await expectFieldError(
      call,
      "POST",
      `${BASE}/${created.id}/replay`,
      SYSTEM_ADMIN,
      { from: "2026-11-01T00:00:00Z", fromEventId: "x:1" },
      "from",
    );
    await expectFieldError(
      call,
      "POST",
      `${BASE}/${created.id}/replay`,
      SYSTEM_ADMIN,
      { from: "hôm qua" },
      "from",
    );
    const unknownEvent = await call("POST", `${BASE}/${created.id}/replay`, SYSTEM_ADMIN, {
      fromEventId: "x:1",
    });
    expect(unknownEvent.statusCode).toBe(404);
    const unknown = await call("POST", `${BASE}/00000000-0000-4000-8000-000000000000/replay`, SYSTEM_ADMIN, {
      from: "2026-11-01T00:00:00Z",
    });
    expect(unknown.statusCode).toBe(404);
  });

  it("every route: anonymous 401, every non-administrator and the agency administrator 403, nothing written", async () => {
    const routes: ["GET" | "POST" | "PUT", string, unknown?][] = [
      ["GET", BASE],
      ["POST", BASE, { ...valid(), name: "Trái phép" }],
      ["GET", `${BASE}/${created.id}`],
      ["PUT", `${BASE}/${created.id}`, { ...valid(), name: "Trái phép" }],
      ["GET", `${BASE}/${created.id}/deliveries`],
      ["POST", `${BASE}/${created.id}/replay`, { from: "2026-11-01T00:00:00Z" }],
    ];
    for (const [method, url, payload] of routes) {
      await expectAdminsOnly(t, call, method, url, payload);
      const agencyAdmin = await call(method, url, AGENCY_ADMIN, payload);
      expect(agencyAdmin.statusCode, `${method} ${url} as agency admin`).toBe(403);
    }
    const count = await t.database.db
      .selectFrom("event_subscriptions")
      .select("name")
      .where("name", "=", "Trái phép")
      .execute();
    expect(count).toEqual([]);
  });
});
