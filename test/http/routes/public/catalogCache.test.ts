import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthTestApp, createAuthTestApp, type TestSession } from "../../../support/authSession.ts";
import { buildTestApp } from "../../../support/testApp.ts";
import { AGENCY_ADMIN, agencyId, caller, loginAll, OWN_AGENCY } from "../admin/adminTestKit.ts";

/**
 * Issue #21: the public catalog answers from a cache in process memory, checked against the catalog's version
 * (migration 0037) on every request. These tests show an answer served from the cache, then an administrator's
 * change visible on the very next request — in the process that made it and in another one on the same database.
 */
let t: AuthTestApp;
let other: Awaited<ReturnType<typeof buildTestApp>>;
let sessions: Record<string, TestSession>;
let call: ReturnType<typeof caller>;
let offeringId: string;

const BIRTH = "1.001193";

interface Detail {
  offerings: { agency: { code: string }; channels: string[] }[];
}
interface SearchBody {
  items: { code: string }[];
  total: number;
}

const detailOf = async (app: AuthTestApp["app"], language = "vi") => {
  const response = await app.inject({
    url: `/api/public/procedures/${BIRTH}`,
    headers: { "accept-language": language },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Detail>();
};
const ownChannels = (detail: Detail) => detail.offerings.find((o) => o.agency.code === OWN_AGENCY)?.channels;
const ownSearch = async (app: AuthTestApp["app"]) => {
  const response = await app.inject({ url: `/api/public/procedures?agency=${OWN_AGENCY}&pageSize=100` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<SearchBody>().items.map((item) => item.code);
};

/** Writes the catalog behind the version's back (its trigger off): only a cached answer can hide such a write. */
async function writeWithoutVersion(statement: ReturnType<typeof sql>) {
  await t.database.db.transaction().execute(async (trx) => {
    await sql`alter table procedure_offerings disable trigger procedure_offerings_catalog_version`.execute(
      trx,
    );
    await statement.execute(trx);
    await sql`alter table procedure_offerings enable trigger procedure_offerings_catalog_version`.execute(
      trx,
    );
  });
}

beforeAll(async () => {
  t = await createAuthTestApp();
  // A second process on the same database: its own cache, the same version.
  other = await buildTestApp(t.database);
  sessions = await loginAll(t, [AGENCY_ADMIN]);
  call = caller(t, sessions);
  const own = await agencyId(t, OWN_AGENCY);
  const procedure = await t.database.db
    .selectFrom("procedure_offerings as o")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select("o.id")
    .where("o.agency_id", "=", own)
    .where("p.code", "=", BIRTH)
    .executeTakeFirstOrThrow();
  offeringId = procedure.id;
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

describe("public catalog cache (issue #21)", () => {
  it("serves a repeated procedure page from the cache, then an administrator's change at once, in both processes", async () => {
    const before = await detailOf(t.app);
    expect(ownChannels(before)).toEqual(["counter", "online", "postal"]);
    expect(ownChannels(await detailOf(other))).toEqual(["counter", "online", "postal"]);

    // A write the version does not see: both processes keep answering what they cached.
    await writeWithoutVersion(
      sql`update procedure_offerings set channels = '{counter,online}' where id = ${offeringId}`,
    );
    expect(ownChannels(await detailOf(t.app))).toEqual(["counter", "online", "postal"]);
    expect(ownChannels(await detailOf(other))).toEqual(["counter", "online", "postal"]);

    // The administrator's change (R-CAT-2: the agency's own channels) moves the version in its transaction.
    const response = await call("PUT", `/api/admin/offerings/${offeringId}`, AGENCY_ADMIN, {
      enabled: true,
      onlineLevel: "full",
      channels: ["counter", "online"],
      timeLimit: null,
    });
    expect(response.statusCode, response.body).toBe(204);
    expect(ownChannels(await detailOf(t.app))).toEqual(["counter", "online"]);
    expect(ownChannels(await detailOf(other))).toEqual(["counter", "online"]);
  });

  it("a search answer follows an offering switched off by its administrator, in both processes", async () => {
    expect(await ownSearch(t.app)).toContain(BIRTH);
    expect(await ownSearch(other)).toContain(BIRTH);
    const response = await call("PUT", `/api/admin/offerings/${offeringId}`, AGENCY_ADMIN, {
      enabled: false,
      onlineLevel: "full",
      channels: ["counter", "online"],
      timeLimit: null,
    });
    expect(response.statusCode, response.body).toBe(204);
    expect(await ownSearch(t.app)).not.toContain(BIRTH);
    expect(await ownSearch(other)).not.toContain(BIRTH);
    expect(ownChannels(await detailOf(other))).toBeUndefined();
  });

  it("any catalog write moves the version: a field renamed by hand shows in the sectors at once", async () => {
    const names = async () =>
      (
        (await t.app.inject({ url: "/api/public/sectors" })).json() as {
          fields: { code: string; name: string }[];
        }[]
      ).flatMap((sector) => sector.fields);
    const field = (await names())[0]!;
    await t.database.db
      .updateTable("fields")
      .set({ name: `${field.name} (mới)` })
      .where("code", "=", field.code)
      .execute();
    expect((await names()).find((f) => f.code === field.code)?.name).toBe(`${field.name} (mới)`);
  });

  it("one answer for every language and caller; a 404 still speaks the caller's language", async () => {
    expect(await detailOf(t.app, "en")).toEqual(await detailOf(t.app, "vi"));
    const signedIn = await t.app.inject({
      url: `/api/public/procedures/${BIRTH}`,
      headers: sessions[AGENCY_ADMIN]!.headers,
    });
    expect(signedIn.json()).toEqual(await detailOf(t.app));
    const missing = (language: string) =>
      t.app.inject({ url: "/api/public/procedures/9.999999", headers: { "accept-language": language } });
    const vi = await missing("vi");
    const en = await missing("en");
    expect([vi.statusCode, en.statusCode]).toEqual([404, 404]);
    expect(vi.json().error.message).toContain("Không tìm thấy thủ tục");
    expect(en.json().error.message).toContain("No procedure");
  });
});
