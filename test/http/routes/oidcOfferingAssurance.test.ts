import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActor } from "../../../src/services/accounts/actor.ts";
import { submitOnlineDossier } from "../../../src/services/dossiers/applicant/submitOnlineDossier.ts";
import { AssuranceTooLowError } from "../../../src/services/identity/vneidVerification.ts";
import { type AuthTestApp, createAuthTestApp, loginAs } from "../../support/authSession.ts";
import { demoUserIds, limits } from "../../support/dossierFixtures.ts";

let t: AuthTestApp;
let offeringId: string;
let otherAgencyOfferingId: string;

beforeAll(async () => {
  t = await createAuthTestApp();
  const db = t.database.db;
  const offering = (code: string, agency: string) =>
    db
      .selectFrom("procedure_offerings as o")
      .innerJoin("procedures as p", "p.id", "o.procedure_id")
      .innerJoin("agencies as a", "a.id", "o.agency_id")
      .select("o.id")
      .where("p.code", "=", code)
      .where("a.code", "=", agency)
      .executeTakeFirstOrThrow();
  offeringId = (await offering("1.001193", "000.20.01.H99")).id;
  const other = await db
    .selectFrom("procedure_offerings as o")
    .innerJoin("agencies as a", "a.id", "o.agency_id")
    .select("o.id")
    .where("a.code", "!=", "000.20.01.H99")
    .executeTakeFirstOrThrow();
  otherAgencyOfferingId = other.id;
});
afterAll(async () => t.close());

const url = (id: string) => `/api/admin/offerings/${id}/identity-requirement`;

describe("minimum e-ID level per offering (issue #14, R-ACC-1)", () => {
  it("defaults to none; an agency administrator sets level 1 for an offering of their agency, audited", async () => {
    const admin = await loginAs(t.app, "quantri.trungtam", "Demo@2026!QuanTriTT");
    const read = await t.app.inject({ method: "GET", url: url(offeringId), headers: admin.headers });
    expect(read.json()).toEqual({ minAssuranceLevel: null });
    const set = await t.app.inject({
      method: "PUT",
      url: url(offeringId),
      headers: admin.headers,
      payload: { minAssuranceLevel: 1 },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ minAssuranceLevel: 1 });
    const audit = await t.database.db
      .selectFrom("admin_audit")
      .select(["entity", "after"])
      .where("entity_id", "=", offeringId)
      .where("entity", "=", "offering_identity")
      .executeTakeFirstOrThrow();
    expect(audit.after).toEqual({ minAssuranceLevel: 1 });
  });

  it("refuses online submission by an account not verified with VNeID, with a Vietnamese message", async () => {
    const ids = await demoUserIds(t.database.db);
    const actor = (await findActor(t.database.db, ids["congdan.demo"]!))!;
    const attempt = submitOnlineDossier(t.database.db, {
      actor,
      procedureCode: "1.001193",
      agencyCode: "000.20.01.H99",
      formData: {},
      files: [],
      now: new Date("2026-03-02T02:00:00Z"),
      limits,
    });
    await expect(attempt).rejects.toBeInstanceOf(AssuranceTooLowError);
    await expect(attempt).rejects.toMatchObject({
      code: "ASSURANCE_TOO_LOW",
      text: { vi: expect.stringMatching(/VNeID mức độ 1/) },
    });
    const count = await t.database.db
      .selectFrom("dossiers")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("clears the requirement with null", async () => {
    const admin = await loginAs(t.app, "quantri.hethong", "Demo@2026!QuanTriHT");
    const cleared = await t.app.inject({
      method: "PUT",
      url: url(offeringId),
      headers: admin.headers,
      payload: { minAssuranceLevel: null },
    });
    expect(cleared.json()).toEqual({ minAssuranceLevel: null });
  });

  it("validates the level (400), hides other agencies' offerings (404), refuses other roles (403) and anonymous (401)", async () => {
    const admin = await loginAs(t.app, "quantri.trungtam", "Demo@2026!QuanTriTT");
    const bad = await t.app.inject({
      method: "PUT",
      url: url(offeringId),
      headers: admin.headers,
      payload: { minAssuranceLevel: 3 },
    });
    expect(bad.statusCode).toBe(400);
    const other = await t.app.inject({
      method: "PUT",
      url: url(otherAgencyOfferingId),
      headers: admin.headers,
      payload: { minAssuranceLevel: 2 },
    });
    expect(other.statusCode).toBe(404);
    const officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
    const forbidden = await t.app.inject({
      method: "PUT",
      url: url(offeringId),
      headers: officer.headers,
      payload: { minAssuranceLevel: 2 },
    });
    expect(forbidden.statusCode).toBe(403);
    expect((await t.app.inject({ method: "GET", url: url(offeringId) })).statusCode).toBe(401);
  });
});

describe("CITIZEN_PASSWORD_LOGIN=false (issue #14, R-ACC-1)", () => {
  it("refuses citizens' password login and registration; officers keep their passwords", async () => {
    const off = await createAuthTestApp({ config: { citizenPasswordLogin: false } });
    try {
      const citizen = await off.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username: "congdan.demo", password: "Demo@2026!CongDan" },
      });
      expect(citizen.statusCode).toBe(403);
      expect(citizen.json().error.code).toBe("PASSWORD_LOGIN_DISABLED");
      expect(citizen.cookies.find((c) => c.name === "onestop_session")).toBeUndefined();
      const register = await off.app.inject({
        method: "POST",
        url: "/api/auth/register/citizen",
        payload: {
          identificationNumber: "099001002003",
          fullName: "A",
          phone: "0912345678",
          password: "Mot-mat-khau-dai-123",
        },
      });
      expect(register.statusCode).toBe(403);
      await loginAs(off.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
    } finally {
      await off.close();
    }
  });
});
