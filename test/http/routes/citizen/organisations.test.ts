import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOidcRelyingParty } from "../../../../src/integrations/vneid/oidcRelyingParty.ts";
import { demoIdentities } from "../../../../src/integrations/vneid/simulator/demoIdentities.ts";
import {
  type IdentitySimulator,
  startIdentitySimulator,
} from "../../../../src/integrations/vneid/simulator/identitySimulator.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { samplePdf } from "../../../support/dossierFixtures.ts";
import { ProviderBrowser } from "../../../support/simulatedVneid.ts";
import { uploadId } from "../../../support/uploadFile.ts";

/**
 * Issue #14 (R-ACC-1): organisations. A legal representative signed in with VNeID authorises a colleague for a
 * period and scope; the colleague acts for the organisation (its dossiers, within the scope); revoked or expired
 * mandates are refused with the reason; nobody else reaches the organisation or its dossiers.
 */

const base = "http://127.0.0.1:3000";
const callback = `${base}/api/auth/oidc/callback`;
const secret = "simulator-secret-0123456789";
const REP = "099185002222"; // Trần Thị Bình, representative of 9900123456 (demo)
const COLLEAGUE = "099088007777"; // Phạm Minh Tuấn
const OUTSIDER = "099195004321"; // Lê Thị Hoa
const OTHER_REP = "099077001111"; // representative of another organisation
const SECOND = "099092008888"; // authorised for one other procedure only
let simulator: IdentitySimulator;
let t: AuthTestApp;
const sessions: Record<string, TestSession> = {};

beforeAll(async () => {
  simulator = await startIdentitySimulator({
    clients: [
      {
        clientId: "onestop",
        clientSecret: secret,
        redirectUris: [callback],
        postLogoutRedirectUris: [`${base}/`],
        name: "OneStop",
      },
    ],
    people: [
      ...demoIdentities,
      {
        citizenId: OTHER_REP,
        name: "Hoàng Văn Khải",
        birthdate: "1977-07-07",
        gender: "male",
        phone: "0912000111",
        level: 2,
        organisation: { taxCode: "9900777888", name: "Hợp tác xã Lúa Vàng Demo", address: "Xã Gia Viễn" },
      },
      {
        citizenId: SECOND,
        name: "Đỗ Thị Thu",
        birthdate: "1992-09-09",
        gender: "female",
        phone: "0912000888",
        level: 2,
      },
    ],
  });
  const citizen = createOidcRelyingParty({
    issuer: simulator.issuer,
    clientId: "onestop",
    clientSecret: secret,
    redirectUri: callback,
    postLogoutRedirectUri: `${base}/`,
    scope: "openid profile phone",
    acrValues: "urn:vneid:loa:1 urn:vneid:loa:2",
  });
  t = await createAuthTestApp({ start: new Date() });
  await t.app.close();
  const { buildApp } = await import("../../../../src/http/app.ts");
  t.app = await buildApp({
    db: t.database.db,
    databaseKind: t.database.kind,
    // ID tokens are checked against the real time: the app's clock follows it.
    clock: () => new Date(),
    identity: { citizen },
    config: {
      logLevel: "silent",
      publicRateLimitPerMinute: 1_000_000,
      publicUrl: base,
      loginRateLimitPerMinute: 1_000_000,
    },
  });
  await t.app.ready();
  for (const id of [REP, COLLEAGUE, OUTSIDER, OTHER_REP, SECOND]) sessions[id] = await signIn(id);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await simulator?.close();
});

async function signIn(citizenId: string): Promise<TestSession> {
  const start = await t.app.inject({ method: "GET", url: "/api/auth/oidc/login" });
  const back = await new ProviderBrowser().signIn(start.headers.location as string, citizenId, callback);
  const response = await t.app.inject({ method: "GET", url: back.slice(base.length) });
  const token = response.cookies.find((c) => c.name === "onestop_session")?.value;
  if (!token)
    throw new Error(`no session for ${citizenId}: ${response.statusCode} ${response.headers.location}`);
  const cookie = `onestop_session=${token}`;
  const session = (await t.app.inject({ url: "/api/auth/session", headers: { cookie } })).json();
  return {
    cookie,
    csrfToken: session.csrfToken,
    headers: { cookie, "x-csrf-token": session.csrfToken },
    body: session,
  };
}

const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const inDays = (days: number) =>
  new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

const get = (url: string, who: string | TestSession, headers: Record<string, string> = {}) =>
  t.app.inject({
    url,
    headers: { ...(typeof who === "string" ? sessions[who]!.headers : who.headers), ...headers },
  });
const send = (
  method: "POST" | "PUT",
  url: string,
  who: string | TestSession,
  payload: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { ...(typeof who === "string" ? sessions[who]!.headers : who.headers), ...headers },
    payload: payload as Record<string, unknown>,
  });

async function organisationId(taxCode: string): Promise<string> {
  const row = await t.database.db
    .selectFrom("organisations")
    .select("id")
    .where("tax_code", "=", taxCode)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function birthRegistrationFor(who: string) {
  const files = [];
  for (const position of [0, 1, 2]) {
    files.push({
      componentPosition: position,
      uploadId: await uploadId(
        t.app,
        sessions[who]!,
        `tp-${position}.pdf`,
        samplePdf(`${who} ${position} ${Math.random()}`),
      ),
    });
  }
  return send("POST", "/api/citizen/dossiers", who, {
    procedureCode: "1.004884",
    agencyCode: "000.20.01.H99",
    formData: { tenTre: "Nguyễn Minh Khang" },
    files,
  });
}

describe("organisations from the national e-ID", () => {
  it("a sign-in records the organisations the e-ID names the person the representative of, reusing the organisation account with the same tax code", async () => {
    const org = await t.database.db
      .selectFrom("organisations as o")
      .innerJoin("users as u", "u.id", "o.account_user_id")
      .select(["o.name", "o.address", "u.username", "u.kind"])
      .where("o.tax_code", "=", "9900123456")
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({
      name: "Công ty TNHH Nông sản Xanh Demo",
      username: "doanhnghiep.demo",
      kind: "organisation",
    });
    expect(org.address).toMatch(/Ninh Bình/);
    const other = await t.database.db
      .selectFrom("organisations as o")
      .innerJoin("users as u", "u.id", "o.account_user_id")
      .select(["u.username", "u.password_hash"])
      .where("o.tax_code", "=", "9900777888")
      .executeTakeFirstOrThrow();
    // A new organisation gets an account without a password: reached only through its people.
    expect(other).toEqual({ username: "dn-9900777888", password_hash: null });
  });

  it("GET /api/citizen/organisations lists the representative's organisation; nothing for others", async () => {
    const response = await get("/api/citizen/organisations", REP);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      verified: true,
      actingFor: null,
      items: [{ taxCode: "9900123456", role: "representative", mandate: null, usable: true }],
    });
    expect((await get("/api/citizen/organisations", OUTSIDER)).json().items).toEqual([]);
  });

  it("refuses the anonymous (401), officers and organisation accounts (403); a local-password citizen is not verified", async () => {
    expect((await t.app.inject({ url: "/api/citizen/organisations" })).statusCode).toBe(401);
    const officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
    expect((await get("/api/citizen/organisations", officer)).statusCode).toBe(403);
    const orgAccount = await loginAs(t.app, "doanhnghiep.demo", "Demo@2026!DoanhNghiep");
    expect((await get("/api/citizen/organisations", orgAccount)).statusCode).toBe(403);
    const id = await organisationId("9900123456");
    expect(
      (await send("PUT", "/api/citizen/organisations/acting-for", orgAccount, { organisationId: id }))
        .statusCode,
    ).toBe(403);
    const local = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
    expect((await get("/api/citizen/organisations", local)).json()).toEqual({
      verified: false,
      actingFor: null,
      items: [],
    });
    const refused = await send("PUT", "/api/citizen/organisations/acting-for", local, { organisationId: id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("VNEID_REQUIRED");
  });
});

describe("mandates", () => {
  const url = async () => `/api/citizen/organisations/${await organisationId("9900123456")}/mandates`;
  const good = () => ({
    holderIdNumber: COLLEAGUE,
    holderName: "Phạm Minh Tuấn",
    validFrom: today(),
    validUntil: inDays(30),
    scope: { kind: "procedures", procedureCodes: ["1.004884"] },
  });

  it("POST refuses each invalid field with a Vietnamese message (400)", async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ holderIdNumber: "12345" }, "holderIdNumber", /12 chữ số/],
      [{ holderIdNumber: REP }, "holderIdNumber", /chính mình/],
      [{ holderName: "   " }, "holderName", /họ và tên/],
      [{ validFrom: "2026-02-30" }, "validFrom", /không hợp lệ/],
      [{ validFrom: inDays(-1) }, "validFrom", /trước ngày hôm nay/],
      [{ validUntil: "2026-13-01" }, "validUntil", /không hợp lệ/],
      [{ validUntil: inDays(-1) }, "validUntil", /từ ngày bắt đầu/],
      [{ validUntil: inDays(5 * 366 + 2) }, "validUntil", /5 năm/],
      [{ scope: { kind: "procedures", procedureCodes: ["9.999999"] } }, "scope", /danh mục/],
    ];
    for (const [change, field, message] of cases) {
      const response = await send("POST", await url(), REP, { ...good(), ...change });
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      const error = response.json().error;
      expect(error.fields.map((f: { field: string }) => f.field)).toEqual([field]);
      expect(error.message).toMatch(message);
    }
    // The schema: an empty list of procedures, an unknown scope, extra fields, a badly written date.
    for (const body of [
      { ...good(), scope: { kind: "procedures", procedureCodes: [] } },
      { ...good(), scope: { kind: "some" } },
      { ...good(), extra: 1 },
      { ...good(), validFrom: "02/12/2026" },
    ]) {
      expect((await send("POST", await url(), REP, body)).statusCode).toBe(400);
    }
    const en = await send(
      "POST",
      await url(),
      REP,
      { ...good(), holderIdNumber: REP },
      { "accept-language": "en" },
    );
    expect(en.json().error.message).toMatch(/cannot authorise yourself/);
  });

  it("only a current representative manages mandates: an authorised person 403, another organisation's people 404", async () => {
    expect((await send("POST", await url(), OTHER_REP, good())).statusCode).toBe(404);
    expect((await get(await url(), OTHER_REP)).statusCode).toBe(404);
    expect((await get(await url(), OUTSIDER)).statusCode).toBe(404);
    expect(
      (await get("/api/citizen/organisations/00000000-0000-4000-8000-000000000000/mandates", REP)).statusCode,
    ).toBe(404);
  });

  it("the representative authorises a colleague, who acts for the organisation and submits within the scope", async () => {
    const created = await send("POST", await url(), REP, good());
    expect(created.statusCode).toBe(201);
    const mandate = created.json();
    expect(mandate).toMatchObject({
      holderName: "Phạm Minh Tuấn",
      state: "active",
      grantedBy: "Trần Thị Bình",
    });
    expect((await get(await url(), REP)).json().items.map((m: { id: string }) => m.id)).toContain(mandate.id);
    // The authorised person may not manage mandates.
    const managing = await get(await url(), COLLEAGUE);
    expect(managing.statusCode).toBe(403);
    expect(managing.json().error.code).toBe("REPRESENTATIVE_ONLY");

    const mine = (await get("/api/citizen/organisations", COLLEAGUE)).json();
    expect(mine.items).toMatchObject([
      { role: "authorised", usable: true, mandate: { id: mandate.id, state: "active" } },
    ]);
    const chosen = await send("PUT", "/api/citizen/organisations/acting-for", COLLEAGUE, {
      organisationId: mine.items[0].organisationId,
    });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json().actingFor).toMatchObject({
      name: "Công ty TNHH Nông sản Xanh Demo",
      role: "authorised",
    });

    const submitted = await birthRegistrationFor(COLLEAGUE);
    expect(submitted.statusCode).toBe(201);
    const dossier = submitted.json();
    expect(dossier.applicant).toMatchObject({
      kind: "organisation",
      taxCode: "9900123456",
      organisationName: "Công ty TNHH Nông sản Xanh Demo",
    });
    expect(dossier.submitter).toEqual({
      kind: "authorised_person",
      name: "Phạm Minh Tuấn",
      idNumber: COLLEAGUE,
      mandateId: mandate.id,
    });
    // Out of the mandate's scope: refused with the reason.
    const outside = await send("POST", "/api/citizen/dossiers", COLLEAGUE, {
      procedureCode: "1.000894",
      agencyCode: "000.20.01.H99",
      formData: {},
      files: [],
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.message).toMatch(/không bao gồm thủ tục này/);

    // The organisation's dossier: the colleague and the representative acting for it see it; nobody else.
    const listed = (await get("/api/citizen/dossiers", COLLEAGUE)).json();
    expect(listed.items.map((d: { id: string }) => d.id)).toEqual([dossier.id]);
    expect((await get(`/api/citizen/dossiers/${dossier.id}`, COLLEAGUE)).statusCode).toBe(200);
    expect((await get(`/api/citizen/dossiers/${dossier.id}`, REP)).statusCode).toBe(404);
    expect((await get("/api/citizen/dossiers", REP)).json().items).toEqual([]);
    await send("PUT", "/api/citizen/organisations/acting-for", REP, {
      organisationId: await organisationId("9900123456"),
    });
    expect((await get(`/api/citizen/dossiers/${dossier.id}`, REP)).json().submitter.name).toBe(
      "Phạm Minh Tuấn",
    );
    await send("PUT", "/api/citizen/organisations/acting-for", REP, { organisationId: null });
    expect((await get(`/api/citizen/dossiers/${dossier.id}`, OUTSIDER)).statusCode).toBe(404);
    const outsider = await send("PUT", "/api/citizen/organisations/acting-for", OUTSIDER, {
      organisationId: await organisationId("9900123456"),
    });
    expect(outsider.statusCode).toBe(404);
    expect(
      (await send("PUT", "/api/citizen/organisations/acting-for", OUTSIDER, { organisationId: "x" }))
        .statusCode,
    ).toBe(400);
    // The officer of the receiving agency sees who filed it for whom.
    const officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
    const office = await get(`/api/office/dossiers/${dossier.id}`, officer);
    expect(office.statusCode).toBe(200);
    expect(office.json().submitter).toMatchObject({ kind: "authorised_person", name: "Phạm Minh Tuấn" });

    // A person authorised for another procedure only does not see this dossier.
    const narrow = await send("POST", await url(), REP, {
      ...good(),
      holderIdNumber: SECOND,
      holderName: "Đỗ Thị Thu",
      scope: { kind: "procedures", procedureCodes: ["1.000894"] },
    });
    expect(narrow.statusCode).toBe(201);
    await send("PUT", "/api/citizen/organisations/acting-for", SECOND, {
      organisationId: await organisationId("9900123456"),
    });
    expect((await get("/api/citizen/dossiers", SECOND)).json().items).toEqual([]);
    expect((await get(`/api/citizen/dossiers/${dossier.id}`, SECOND)).statusCode).toBe(404);

    // Revoked: refused at once with the reason, in Vietnamese or English.
    const revoked = await send("POST", `${await url()}/${mandate.id}/revoke`, REP, {});
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().state).toBe("revoked");
    expect((await send("POST", `${await url()}/${mandate.id}/revoke`, REP, {})).statusCode).toBe(409);
    const after = await get("/api/citizen/dossiers", COLLEAGUE);
    expect(after.statusCode).toBe(403);
    expect(after.json().error.message).toBe(
      "Giấy ủy quyền thao tác cho Công ty TNHH Nông sản Xanh Demo đã bị thu hồi",
    );
    expect(
      (await get(`/api/citizen/dossiers/${dossier.id}`, COLLEAGUE, { "accept-language": "en" })).json().error
        .message,
    ).toMatch(/has been revoked/);
    // Acting for themselves again works.
    await send("PUT", "/api/citizen/organisations/acting-for", COLLEAGUE, { organisationId: null });
    expect((await get("/api/citizen/dossiers", COLLEAGUE)).json().items).toEqual([]);
    // The colleague cannot revoke; an unknown mandate is 404.
    expect((await send("POST", `${await url()}/${narrow.json().id}/revoke`, COLLEAGUE, {})).statusCode).toBe(
      403,
    );
    expect(
      (await send("POST", `${await url()}/00000000-0000-4000-8000-000000000000/revoke`, REP, {})).statusCode,
    ).toBe(404);
  });

  it("an expired mandate is refused with its end date (403)", async () => {
    const rep = await t.database.db
      .selectFrom("users")
      .select("id")
      .where("identification_number", "=", REP)
      .where("kind", "=", "citizen")
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto("organisation_mandates")
      .values({
        organisation_id: await organisationId("9900123456"),
        holder_id_number: OUTSIDER,
        holder_name: "Lê Thị Hoa",
        valid_from: "2025-01-01",
        valid_until: "2025-06-30",
        scope_kind: "all",
        procedure_codes: "[]",
        granted_by_user_id: rep.id,
        granted_at: new Date("2025-01-01T02:00:00Z"),
      })
      .execute();
    const listed = (await get("/api/citizen/organisations", OUTSIDER)).json();
    expect(listed.items).toMatchObject([
      { role: "authorised", usable: false, mandate: { state: "expired" } },
    ]);
    const refused = await send("PUT", "/api/citizen/organisations/acting-for", OUTSIDER, {
      organisationId: await organisationId("9900123456"),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: "MANDATE_EXPIRED",
      message:
        "Giấy ủy quyền thao tác cho Công ty TNHH Nông sản Xanh Demo đã hết hạn ngày 30/06/2025. Vui lòng liên hệ người đại diện theo pháp luật để được ủy quyền lại",
    });
  });
});
