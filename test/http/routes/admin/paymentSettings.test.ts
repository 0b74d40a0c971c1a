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
  OWN_AGENCY,
  SYSTEM_ADMIN,
} from "./adminTestKit.ts";

/**
 * Issue #15 (R-FEE-1, R-FEE-6): the admin console shows each offering's fee items and lets an agency set its local
 * items (the province's items are the system administrator's), and sets each agency's receiving account. Every
 * change is audited in the same transaction; another agency's records answer 404.
 */
let t: AuthTestApp;
let sessions: Record<string, TestSession>;
let call: ReturnType<typeof caller>;
let ownOffering: string;
let otherOffering: string;
let own: string;
let other: string;

interface Offering {
  id: string;
  agency: { id: string };
  procedure: { code: string };
}

beforeAll(async () => {
  t = await createAuthTestApp();
  sessions = await loginAll(t, [AGENCY_ADMIN, SYSTEM_ADMIN, ...NON_ADMINS]);
  call = caller(t, sessions);
  own = await agencyId(t, OWN_AGENCY);
  other = await agencyId(t, OTHER_AGENCY);
  const all = (await call("GET", "/api/admin/offerings", SYSTEM_ADMIN)).json() as Offering[];
  ownOffering = all.find((o) => o.agency.id === own && o.procedure.code === "1.004884")!.id;
  otherOffering = all.find((o) => o.agency.id === other)!.id;
}, 120_000);
afterAll(async () => t?.close());

const perPage = {
  code: "BANSAO",
  name: "Phí cấp bản sao",
  rule: {
    kind: "perUnit",
    field: "soBanSao",
    tiers: [{ upTo: 2, amount: 2_000 }, { amount: 1_000 }],
    max: 50_000,
  },
  exemptions: [{ field: "hoNgheo", in: [true], reason: "Miễn cho hộ nghèo" }],
  due: "submission",
};

interface FeesView {
  catalog: { name: string; amount: number }[];
  items: { id: string; scope: string; code: string; rule: { kind: string } }[];
  effective: { code: string; source: string; rule: { kind: string } }[];
}

describe("fee items of an offering (R-FEE-1)", () => {
  it("the agency administrator adds, edits and removes a local item, each audited; the effective list follows", async () => {
    const before = await call("GET", `/api/admin/offerings/${ownOffering}/fees`, AGENCY_ADMIN);
    expect(before.statusCode, before.body).toBe(200);
    const initial = before.json() as FeesView;
    expect(Array.isArray(initial.catalog)).toBe(true);

    const audits = await auditCount(t);
    const created = await call("POST", `/api/admin/offerings/${ownOffering}/fees`, AGENCY_ADMIN, perPage);
    expect(created.statusCode, created.body).toBe(201);
    const itemId = (created.json() as { id: string }).id;
    expect(await auditCount(t)).toBe(audits + 1);
    const row = await t.database.db
      .selectFrom("admin_audit")
      .selectAll()
      .where("entity_id", "=", itemId)
      .executeTakeFirstOrThrow();
    expect(row.action).toBe("fees.add");
    expect(row.agency_id).toBe(own);

    const view = (
      await call("GET", `/api/admin/offerings/${ownOffering}/fees`, AGENCY_ADMIN)
    ).json() as FeesView;
    expect(view.items).toContainEqual(
      expect.objectContaining({ id: itemId, scope: "agency", code: "BANSAO" }),
    );
    expect(view.effective.find((e) => e.code === "BANSAO")).toMatchObject({
      source: "agency",
      rule: { kind: "perUnit" },
    });

    const edited = await call("PUT", `/api/admin/offerings/${ownOffering}/fees/${itemId}`, AGENCY_ADMIN, {
      ...perPage,
      rule: { kind: "lookup", field: "loai", table: { a: 10_000, b: 20_000 } },
    });
    expect(edited.statusCode, edited.body).toBe(204);
    expect(await auditCount(t)).toBe(audits + 2);
    const afterEdit = (
      await call("GET", `/api/admin/offerings/${ownOffering}/fees`, AGENCY_ADMIN)
    ).json() as FeesView;
    expect(afterEdit.effective.find((e) => e.code === "BANSAO")!.rule.kind).toBe("lookup");

    const removed = await call("DELETE", `/api/admin/offerings/${ownOffering}/fees/${itemId}`, AGENCY_ADMIN);
    expect(removed.statusCode, removed.body).toBe(204);
    expect(await auditCount(t)).toBe(audits + 3);
    const gone = (
      await call("GET", `/api/admin/offerings/${ownOffering}/fees`, AGENCY_ADMIN)
    ).json() as FeesView;
    expect(gone.items.find((i) => i.id === itemId)).toBeUndefined();
  });

  it("refuses each invalid item with a field error in Vietnamese and English, changing nothing", async () => {
    const url = `/api/admin/offerings/${ownOffering}/fees`;
    const audits = await auditCount(t);
    await expectFieldError(call, "POST", url, AGENCY_ADMIN, { ...perPage, code: "có dấu" }, "code");
    await expectFieldError(call, "POST", url, AGENCY_ADMIN, { ...perPage, name: "  " }, "name");
    await expectFieldError(
      call,
      "POST",
      url,
      AGENCY_ADMIN,
      { ...perPage, rule: { kind: "formula" } },
      "rule",
    );
    await expectFieldError(
      call,
      "POST",
      url,
      AGENCY_ADMIN,
      { ...perPage, rule: { kind: "fixed", amount: -5 } },
      "rule",
    );
    await expectFieldError(
      call,
      "POST",
      url,
      AGENCY_ADMIN,
      { ...perPage, rule: { kind: "perUnit", field: "x", tiers: [{ upTo: 3, amount: 1 }] } },
      "rule",
    );
    await expectFieldError(
      call,
      "POST",
      url,
      AGENCY_ADMIN,
      { ...perPage, rule: { kind: "lookup", field: "x", table: {} } },
      "rule",
    );
    await expectFieldError(
      call,
      "POST",
      url,
      AGENCY_ADMIN,
      { ...perPage, exemptions: [{ field: "x" }] },
      "exemptions",
    );
    const bad = await call("POST", url, AGENCY_ADMIN, { ...perPage, due: "later" });
    expect(bad.statusCode).toBe(400);
    expect(await auditCount(t)).toBe(audits);
    // A second item with the same code in the same scope.
    const first = await call("POST", url, AGENCY_ADMIN, { ...perPage, code: "TRUNG" });
    expect(first.statusCode).toBe(201);
    await expectFieldError(call, "POST", url, AGENCY_ADMIN, { ...perPage, code: "TRUNG" }, "code");
    await call("DELETE", `${url}/${(first.json() as { id: string }).id}`, AGENCY_ADMIN);
  });

  it("province-wide items are the system administrator's; another agency's offering is unknown (404)", async () => {
    const url = `/api/admin/offerings/${ownOffering}/fees`;
    const refused = await call("POST", url, AGENCY_ADMIN, { ...perPage, code: "TINH", provinceWide: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/quản trị hệ thống/);
    const province = await call("POST", url, SYSTEM_ADMIN, { ...perPage, code: "TINH", provinceWide: true });
    expect(province.statusCode, province.body).toBe(201);
    const id = (province.json() as { id: string }).id;
    const view = (await call("GET", url, AGENCY_ADMIN)).json() as FeesView;
    expect(view.items).toContainEqual(expect.objectContaining({ id, scope: "province" }));
    expect((await call("PUT", `${url}/${id}`, AGENCY_ADMIN, perPage)).statusCode).toBe(403);
    expect((await call("DELETE", `${url}/${id}`, AGENCY_ADMIN)).statusCode).toBe(403);
    expect((await call("DELETE", `${url}/${id}`, SYSTEM_ADMIN)).statusCode).toBe(204);

    for (const [method, path, body] of [
      ["GET", `/api/admin/offerings/${otherOffering}/fees`, undefined],
      ["POST", `/api/admin/offerings/${otherOffering}/fees`, perPage],
    ] as const) {
      const response = await call(method, path, AGENCY_ADMIN, body);
      expect(response.statusCode, `${method} ${path}`).toBe(404);
    }
    // An item id that is not this offering's.
    const unknown = await call("DELETE", `${url}/00000000-0000-4000-8000-000000000000`, AGENCY_ADMIN);
    expect(unknown.statusCode).toBe(404);
  });

  it("refuses anonymous callers and every non-administrator role", async () => {
    const url = `/api/admin/offerings/${ownOffering}/fees`;
    await expectAdminsOnly(t, call, "GET", url);
    await expectAdminsOnly(t, call, "POST", url, perPage);
    await expectAdminsOnly(t, call, "PUT", `${url}/00000000-0000-4000-8000-000000000000`, perPage);
    await expectAdminsOnly(t, call, "DELETE", `${url}/00000000-0000-4000-8000-000000000000`);
  });
});

describe("an agency's receiving account (R-FEE-6)", () => {
  const account = { accountNumber: "0123456789", bankBin: "970436", accountName: "UBND PHUONG TRUNG TAM" };

  it("falls back to the derived account, is set by the agency administrator (audited) and cleared again", async () => {
    const url = `/api/admin/agencies/${own}/payment-account`;
    const initial = await call("GET", url, AGENCY_ADMIN);
    expect(initial.statusCode, initial.body).toBe(200);
    expect(initial.json()).toMatchObject({ derived: true, effective: { bankBin: "970415" } });
    expect(initial.json().effective.accountNumber).toMatch(/^3511\d+$/);

    const audits = await auditCount(t);
    const set = await call("PUT", url, AGENCY_ADMIN, account);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ derived: false, effective: account, configured: account });
    expect(await auditCount(t)).toBe(audits + 1);
    const row = await t.database.db
      .selectFrom("admin_audit")
      .selectAll()
      .where("action", "=", "agency.paymentAccount")
      .orderBy("at", "desc")
      .executeTakeFirstOrThrow();
    expect(row.entity_id).toBe(own);

    const cleared = await call("PUT", url, AGENCY_ADMIN, {
      accountNumber: null,
      bankBin: null,
      accountName: null,
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ derived: true });
    expect(await auditCount(t)).toBe(audits + 2);
  });

  it("refuses each invalid field, another agency (404) and non-administrators", async () => {
    const url = `/api/admin/agencies/${own}/payment-account`;
    await expectFieldError(
      call,
      "PUT",
      url,
      AGENCY_ADMIN,
      { ...account, accountNumber: "12ab" },
      "accountNumber",
    );
    await expectFieldError(call, "PUT", url, AGENCY_ADMIN, { ...account, bankBin: "97041" }, "bankBin");
    await expectFieldError(call, "PUT", url, AGENCY_ADMIN, { ...account, accountName: " " }, "accountName");
    await expectFieldError(call, "PUT", url, AGENCY_ADMIN, { accountNumber: "0123456789" }, "bankBin");
    const otherUrl = `/api/admin/agencies/${other}/payment-account`;
    expect((await call("GET", otherUrl, AGENCY_ADMIN)).statusCode).toBe(404);
    expect((await call("PUT", otherUrl, AGENCY_ADMIN, account)).statusCode).toBe(404);
    expect((await call("GET", otherUrl, SYSTEM_ADMIN)).statusCode).toBe(200);
    await expectAdminsOnly(t, call, "GET", url);
    await expectAdminsOnly(t, call, "PUT", url, account);
  });
});
