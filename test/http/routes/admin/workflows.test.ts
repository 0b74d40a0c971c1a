import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../../../../src/domain/workflow/definition.ts";
import { standardWorkflow } from "../../../../src/domain/workflow/standardWorkflow.ts";
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

async function offeringOf(agencyCode: string, procedureCode: string): Promise<string> {
  const row = await t.database.db
    .selectFrom("procedure_offerings as o")
    .innerJoin("agencies as a", "a.id", "o.agency_id")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select("o.id")
    .where("a.code", "=", agencyCode)
    .where("p.code", "=", procedureCode)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Everything the workflow routes may write. */
async function snapshot() {
  const db = t.database.db;
  const [versions, drafts] = await Promise.all([
    db.selectFrom("workflow_versions").select(["id", "version"]).orderBy("id").execute(),
    db.selectFrom("workflow_drafts").selectAll().orderBy("offering_id").execute(),
  ]);
  return { versions, drafts, audit: await auditCount(t) };
}

const valid = (): WorkflowDefinition => standardWorkflow({ amount: 5, unit: "wd" });

beforeAll(async () => {
  t = await createAuthTestApp({ start: new Date("2026-11-23T02:00:00Z") });
  sessions = await loginAll(t, [AGENCY_ADMIN, SYSTEM_ADMIN, ...NON_ADMINS]);
  call = caller(t, sessions);
  own = await offeringOf(OWN_AGENCY, "1.004884");
  other = await offeringOf(OTHER_AGENCY, "1.000956");
});
afterAll(async () => t.close());

describe("GET /api/admin/workflows", () => {
  it("an agency admin lists their agency's offerings with the published version; a system admin all", async () => {
    const mine = await call("GET", "/api/admin/workflows", AGENCY_ADMIN);
    expect(mine.statusCode, mine.body).toBe(200);
    const items = mine.json().items as {
      agency: { code: string };
      publishedVersion: number;
      hasDraft: boolean;
    }[];
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((item) => item.agency.code))).toEqual(new Set([OWN_AGENCY]));
    expect(items.every((item) => item.publishedVersion === 1 && item.hasDraft === false)).toBe(true);
    const all = await call("GET", "/api/admin/workflows", SYSTEM_ADMIN);
    const count = await t.database.db.selectFrom("procedure_offerings").select("id").execute();
    expect(all.json().items).toHaveLength(count.length);
    const filtered = await call(
      "GET",
      "/api/admin/workflows?procedureCode=1.004884&agencyCode=000.20.01.H99",
      SYSTEM_ADMIN,
    );
    expect(filtered.json().items.map((item: { offeringId: string }) => item.offeringId)).toEqual([own]);
    // Another agency's offerings are not listed to an agency admin.
    const elsewhere = await call(
      "GET",
      `/api/admin/workflows?agencyId=${await agencyId(t, OTHER_AGENCY)}`,
      AGENCY_ADMIN,
    );
    expect(elsewhere.json().items).toEqual([]);
  });

  it("400 on a malformed filter (vi and en); 401 and 403 for everyone else", async () => {
    for (const language of ["vi", "en"] as const) {
      const response = await call(
        "GET",
        "/api/admin/workflows?procedureCode=abc",
        AGENCY_ADMIN,
        undefined,
        language,
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe("VALIDATION_FAILED");
    }
    await expectAdminsOnly(t, call, "GET", "/api/admin/workflows");
  });
});

describe("GET /api/admin/workflows/:offeringId", () => {
  it("published versions and the draft; another agency's offering is not found for an agency admin", async () => {
    const response = await call("GET", `/api/admin/workflows/${own}`, AGENCY_ADMIN);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.offering.procedure.code).toBe("1.004884");
    expect(body.offering.legalTime).toEqual({ amount: 5, unit: "wd" });
    expect(body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(body.versions[0].definition.start).toBe("awaitingAssignment");
    expect(body.draft).toBeNull();
    expect((await call("GET", `/api/admin/workflows/${other}`, AGENCY_ADMIN)).statusCode).toBe(404);
    expect((await call("GET", `/api/admin/workflows/${other}`, SYSTEM_ADMIN)).statusCode).toBe(200);
    expect(
      (await call("GET", "/api/admin/workflows/00000000-0000-4000-8000-000000000000", SYSTEM_ADMIN))
        .statusCode,
    ).toBe(404);
    const bad = await call("GET", "/api/admin/workflows/not-a-uuid", SYSTEM_ADMIN, undefined, "en");
    expect(bad.statusCode).toBe(400);
    await expectAdminsOnly(t, call, "GET", `/api/admin/workflows/${own}`);
  });
});

describe("PUT /api/admin/workflows/:offeringId/draft and POST …/validate", () => {
  it("saves a draft, valid or not, with its issues; validate checks a given definition or the draft", async () => {
    const broken = valid();
    broken.actions = broken.actions.filter((action) => action.code !== "submit");
    const saved = await call("PUT", `/api/admin/workflows/${own}/draft`, AGENCY_ADMIN, {
      definition: broken,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(
      saved.json().issues.map((issue: { code: string; step: string }) => `${issue.code}@${issue.step}`),
    ).toEqual([
      "TERMINAL_STATUS@appraisal",
      "UNREACHABLE_STEP@awaitingApproval",
      "UNREACHABLE_STEP@returnResult",
    ]);
    const draft = (await call("GET", `/api/admin/workflows/${own}`, AGENCY_ADMIN)).json().draft;
    expect(draft.issues).toHaveLength(3);
    const checked = await call("POST", `/api/admin/workflows/${own}/validate`, AGENCY_ADMIN, {});
    expect(checked.json()).toMatchObject({ valid: false });
    const given = await call("POST", `/api/admin/workflows/${own}/validate`, AGENCY_ADMIN, {
      definition: valid(),
    });
    expect(given.json()).toEqual({ valid: true, issues: [] });
  });

  it("400 for a definition outside the schema (vi and en), nothing saved; 404 across agencies; 401/403", async () => {
    const before = await snapshot();
    const wrongRole = valid();
    (wrongRole.steps[0]!.actor as { role: string }).role = "citizen";
    await expectFieldError(
      call,
      "PUT",
      `/api/admin/workflows/${own}/draft`,
      AGENCY_ADMIN,
      { definition: wrongRole },
      "definition.steps.0.actor.role",
    );
    const badDuration = valid();
    badDuration.steps[1]!.duration = { amount: -1, unit: "wd" };
    await expectFieldError(
      call,
      "PUT",
      `/api/admin/workflows/${own}/draft`,
      AGENCY_ADMIN,
      { definition: badDuration },
      "definition.steps.1.duration.amount",
    );
    await expectFieldError(call, "PUT", `/api/admin/workflows/${own}/draft`, AGENCY_ADMIN, {}, "definition");
    expect(
      (await call("PUT", `/api/admin/workflows/${other}/draft`, AGENCY_ADMIN, { definition: valid() }))
        .statusCode,
    ).toBe(404);
    expect((await call("POST", `/api/admin/workflows/${other}/validate`, AGENCY_ADMIN, {})).statusCode).toBe(
      404,
    );
    await expectAdminsOnly(t, call, "PUT", `/api/admin/workflows/${own}/draft`, { definition: valid() });
    await expectAdminsOnly(t, call, "POST", `/api/admin/workflows/${own}/validate`, {});
    expect(await snapshot()).toEqual(before);
  });
});

describe("POST /api/admin/workflows/:offeringId/simulate", () => {
  it("each step's due instant on the agency's calendar, total against the legal time", async () => {
    const response = await call("POST", `/api/admin/workflows/${own}/simulate`, AGENCY_ADMIN, {
      start: "2026-11-23T02:00:00.000Z",
      definition: valid(),
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.steps.map((s: { step: string; dueAt: string }) => [s.step, s.dueAt])).toEqual([
      ["awaitingAssignment", "2026-11-23T08:00:00.000Z"],
      ["appraisal", "2026-11-26T08:00:00.000Z"],
      ["awaitingApproval", "2026-11-27T08:00:00.000Z"],
      ["returnResult", "2026-11-30T02:00:00.000Z"],
    ]);
    expect(body.totalHours).toBe(40);
    expect(body.legalHours).toBe(40);
    expect(body.legalDueAt).toBe(body.dueAt);
    expect(body.warnings).toEqual([]);
  });

  it("warns of a step due over Tết, from the draft or the published version when no definition is given; 'now' by default", async () => {
    const overTet = await call(
      "POST",
      `/api/admin/workflows/${own}/simulate`,
      SYSTEM_ADMIN,
      { start: "2027-02-03T02:00:00.000Z" },
      "en",
    );
    expect(overTet.statusCode, overTet.body).toBe(200);
    const warning = overTet.json().warnings.find((w: { code: string }) => w.code === "STEP_OVER_HOLIDAY");
    expect(warning.holidays.some((name: string) => name.includes("Tết"))).toBe(true);
    expect(warning.message).toHaveProperty("en");
    const now = await call("POST", `/api/admin/workflows/${own}/simulate`, AGENCY_ADMIN, {});
    expect(now.statusCode, now.body).toBe(200);
    expect(now.json().start).toBe(t.clock.now().toISOString());
  });

  it("400 for a malformed start (vi and en); 404 across agencies; 401/403", async () => {
    await expectFieldError(
      call,
      "POST",
      `/api/admin/workflows/${own}/simulate`,
      AGENCY_ADMIN,
      { start: "tomorrow" },
      "start",
    );
    expect((await call("POST", `/api/admin/workflows/${other}/simulate`, AGENCY_ADMIN, {})).statusCode).toBe(
      404,
    );
    await expectAdminsOnly(t, call, "POST", `/api/admin/workflows/${own}/simulate`, {});
  });
});

describe("POST /api/admin/workflows/:offeringId/publish", () => {
  it("409 with the issues while the draft is invalid, and nothing changes", async () => {
    const before = await snapshot();
    for (const language of ["vi", "en"] as const) {
      const response = await call("POST", `/api/admin/workflows/${own}/publish`, AGENCY_ADMIN, {}, language);
      expect(response.statusCode, response.body).toBe(409);
      const body = response.json();
      expect(body.error.code).toBe("WORKFLOW_INVALID");
      expect(body.error.message).toContain(language === "vi" ? "chưa hợp lệ" : "not valid");
      expect(body.error.issues.map((issue: { code: string }) => issue.code)).toContain("UNREACHABLE_STEP");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("publishes a corrected draft as version 2 (the draft is consumed, the change audited); 409 without a draft", async () => {
    const before = await auditCount(t);
    await call("PUT", `/api/admin/workflows/${own}/draft`, AGENCY_ADMIN, { definition: valid() });
    const published = await call("POST", `/api/admin/workflows/${own}/publish`, AGENCY_ADMIN, {});
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({ version: 2 });
    const after = (await call("GET", `/api/admin/workflows/${own}`, AGENCY_ADMIN)).json();
    expect(after.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(after.draft).toBeNull();
    expect(await auditCount(t)).toBe(before + 2);
    const again = await call("POST", `/api/admin/workflows/${own}/publish`, AGENCY_ADMIN, {}, "en");
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("NO_DRAFT");
  });

  it("404 across agencies; 401/403; a system admin publishes anywhere", async () => {
    expect(
      (await call("POST", `/api/admin/workflows/${other}/publish`, AGENCY_ADMIN, { definition: valid() }))
        .statusCode,
    ).toBe(404);
    await expectAdminsOnly(t, call, "POST", `/api/admin/workflows/${own}/publish`, {});
    const finance = standardWorkflow({ amount: 3, unit: "wd" });
    const response = await call("POST", `/api/admin/workflows/${other}/publish`, SYSTEM_ADMIN, {
      definition: finance,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().version).toBe(2);
  });
});
