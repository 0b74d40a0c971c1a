import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runSupplementAbandonment } from "../../../../src/jobs/supplementAbandonment.ts";
import { findActor } from "../../../../src/services/accounts/actor.ts";
import { assignDossier } from "../../../../src/services/dossiers/processing/assignDossier.ts";
import { forwardDossier } from "../../../../src/services/dossiers/processing/forwardDossier.ts";
import { runDossierCommand } from "../../../../src/services/dossiers/runDossierCommand.ts";
import { at, dossierInProcessing } from "../../../services/dossiers/processing/processingFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds, samplePdf, submitBirthRegistration } from "../../../support/dossierFixtures.ts";
import { uploadFile } from "../../../support/uploadFile.ts";
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
 * Issue #12 §6: every rule option is a province setting, overridable per offering, audited — and changing it changes
 * what the running server does (one test per option, through HTTP). Also §4: the second supplement's warning.
 */
let t: AuthTestApp;
let sessions: Record<string, TestSession>;
let call: ReturnType<typeof caller>;
let users: Record<string, string>;
/** Đăng ký lại khai sinh (1.004884) at Phường Trung Tâm: the offering of the processing fixtures. */
let processingOffering: string;
/** Đăng ký khai sinh (1.001193) at Phường Trung Tâm: the offering of submitBirthRegistration. */
let birthOffering: string;
let otherOffering: string;

const START = at("2026-11-23T10:00");
const OFFICERS: Record<string, string> = {
  "motcua.trungtam": "Demo@2026!MotCuaTT",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
  "lanhdao.trungtam": "Demo@2026!LanhDaoTT",
  "truongphong.trungtam": "Demo@2026!TruongPhongTT",
};
const monday = at("2026-11-23T09:00");

interface Offering {
  id: string;
  agency: { id: string };
  procedure: { code: string };
}

beforeAll(async () => {
  t = await createAuthTestApp({ start: START });
  sessions = await loginAll(t, [AGENCY_ADMIN, SYSTEM_ADMIN, ...NON_ADMINS]);
  const atStart = caller(t, sessions);
  // The administrators' sessions were opened at START: their calls run at START whatever a test did to the clock.
  call = (...args) => {
    t.clock.current = START;
    return atStart(...args);
  };
  users = await demoUserIds(t.database.db);
  const own = await agencyId(t, OWN_AGENCY);
  const other = await agencyId(t, OTHER_AGENCY);
  const all = (await call("GET", "/api/admin/offerings", SYSTEM_ADMIN)).json() as Offering[];
  processingOffering = all.find((o) => o.agency.id === own && o.procedure.code === "1.004884")!.id;
  birthOffering = all.find((o) => o.agency.id === own && o.procedure.code === "1.001193")!.id;
  otherOffering = all.find((o) => o.agency.id === other)!.id;
}, 120_000);
afterAll(async () => t?.close());
afterEach(async () => {
  // Each test starts from the documented defaults.
  await t.database.db.deleteFrom("offering_rule_options").execute();
  await t.database.db.deleteFrom("settings").where("key", "=", "rule_options").execute();
});

const officer = async (name: string) => (await findActor(t.database.db, users[name]!))!;
/** A fresh session at the test clock's time: the tests move the clock by days, past any session's idle limit. */
const sessionAt = async (name: string) => loginAs(t.app, name, OFFICERS[name]!);
const post = async (url: string, name: string, payload: object, now: Date) => {
  t.clock.current = now;
  const session = await sessionAt(name);
  return t.app.inject({ method: "POST", url, payload, headers: session.headers });
};
const getDossier = async (id: string) => {
  const response = await t.app.inject({
    method: "GET",
    url: `/api/office/dossiers/${id}`,
    headers: (await sessionAt("motcua.trungtam")).headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    status: number;
    dueAt: string | null;
    receptionDueAt: string | null;
    version: number;
  };
};
const setOffering = async (offeringId: string, values: object) => {
  const response = await call("PUT", `/api/admin/offerings/${offeringId}/rule-options`, SYSTEM_ADMIN, values);
  expect(response.statusCode, response.body).toBe(200);
};

async function inAppraisal(when = monday): Promise<string> {
  const dossierId = await dossierInProcessing(t.database.db, users, when);
  await assignDossier(t.database.db, {
    dossierId,
    actor: await officer("truongphong.trungtam"),
    now: new Date(when.getTime() + 30 * 60_000),
    assigneeId: users["chuyenvien.trungtam"]!,
  });
  return dossierId;
}

const supplementBody = { reason: "Thiếu giấy tờ", items: ["Bản sao giấy chứng sinh"] };
const askSupplement = (id: string, now: Date) =>
  post(
    `/api/office/dossiers/${id}/request-supplement-after-appraisal`,
    "chuyenvien.trungtam",
    supplementBody,
    now,
  );

describe("GET/PUT /api/admin/rule-options (province)", () => {
  it("the system administrator reads the defaults, sets values (audited before/after) and resets them", async () => {
    const initial = await call("GET", "/api/admin/rule-options", SYSTEM_ADMIN);
    expect(initial.statusCode).toBe(200);
    expect(initial.json()).toMatchObject({
      defaults: {
        supplementWindowWorkingDays: 3,
        supplementClock: "restart",
        abandonmentWorkingDays: 15,
        refusalAfterAppraisalStatus: 8,
        receptionWorkingHours: 8,
      },
      values: { supplementWindowWorkingDays: null },
    });
    const before = await auditCount(t);
    const put = await call("PUT", "/api/admin/rule-options", SYSTEM_ADMIN, {
      supplementWindowWorkingDays: 5,
      supplementClock: "pauseAndExtend",
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      values: {
        supplementWindowWorkingDays: 5,
        supplementClock: "pauseAndExtend",
        abandonmentWorkingDays: null,
      },
      effective: {
        supplementWindowWorkingDays: 5,
        supplementClock: "pauseAndExtend",
        abandonmentWorkingDays: 15,
      },
    });
    expect(await auditCount(t)).toBe(before + 1);
    const audit = await t.database.db
      .selectFrom("admin_audit")
      .selectAll()
      .orderBy("at", "desc")
      .orderBy("id")
      .where("entity", "=", "ruleOptions")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: "ruleOptions.province",
      agency_id: null,
      before: {},
      after: { supplementWindowWorkingDays: 5, supplementClock: "pauseAndExtend" },
    });
    const reset = await call("PUT", "/api/admin/rule-options", SYSTEM_ADMIN, {
      supplementWindowWorkingDays: null,
    });
    expect(reset.json()).toMatchObject({
      effective: { supplementWindowWorkingDays: 3, supplementClock: "restart" },
    });
  });

  it("an agency administrator gets 403 and changes nothing; other roles 401/403", async () => {
    const before = await auditCount(t);
    expect((await call("GET", "/api/admin/rule-options", AGENCY_ADMIN)).statusCode).toBe(403);
    const put = await call("PUT", "/api/admin/rule-options", AGENCY_ADMIN, { abandonmentWorkingDays: 20 });
    expect(put.statusCode).toBe(403);
    expect(put.json().error.message).toMatch(/quản trị hệ thống/);
    expect(await auditCount(t)).toBe(before);
    await expectAdminsOnly(t, call, "GET", "/api/admin/rule-options");
    await expectAdminsOnly(t, call, "PUT", "/api/admin/rule-options", { abandonmentWorkingDays: 20 });
  });

  it("400 in Vietnamese (English on request) for each wrong value, and nothing is stored", async () => {
    const before = await auditCount(t);
    const url = "/api/admin/rule-options";
    await expectFieldError(
      call,
      "PUT",
      url,
      SYSTEM_ADMIN,
      { supplementWindowWorkingDays: 0 },
      "supplementWindowWorkingDays",
    );
    await expectFieldError(
      call,
      "PUT",
      url,
      SYSTEM_ADMIN,
      { supplementWindowWorkingDays: 2.5 },
      "supplementWindowWorkingDays",
    );
    await expectFieldError(call, "PUT", url, SYSTEM_ADMIN, { supplementClock: "pause" }, "supplementClock");
    await expectFieldError(
      call,
      "PUT",
      url,
      SYSTEM_ADMIN,
      { abandonmentWorkingDays: 500 },
      "abandonmentWorkingDays",
    );
    await expectFieldError(
      call,
      "PUT",
      url,
      SYSTEM_ADMIN,
      { refusalAfterAppraisalStatus: 10 },
      "refusalAfterAppraisalStatus",
    );
    await expectFieldError(
      call,
      "PUT",
      url,
      SYSTEM_ADMIN,
      { receptionWorkingHours: "8" },
      "receptionWorkingHours",
    );
    await expectFieldError(call, "PUT", url, SYSTEM_ADMIN, { unknownOption: 1 }, "unknownOption");
    expect(await auditCount(t)).toBe(before);
    expect((await call("GET", url, SYSTEM_ADMIN)).json().values.supplementWindowWorkingDays).toBeNull();
  });
});

describe("GET/PUT /api/admin/offerings/:id/rule-options", () => {
  it("the agency administrator overrides its own offering (audited), sees what it inherits, and removes the override", async () => {
    await call("PUT", "/api/admin/rule-options", SYSTEM_ADMIN, { abandonmentWorkingDays: 20 });
    const url = `/api/admin/offerings/${birthOffering}/rule-options`;
    const view = await call("GET", url, AGENCY_ADMIN);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      inherited: { abandonmentWorkingDays: 20 },
      sources: { abandonmentWorkingDays: "province", receptionWorkingHours: "default" },
    });
    const before = await auditCount(t);
    const put = await call("PUT", url, AGENCY_ADMIN, {
      abandonmentWorkingDays: 30,
      receptionWorkingHours: 4,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      effective: { abandonmentWorkingDays: 30, receptionWorkingHours: 4, supplementWindowWorkingDays: 3 },
      sources: { abandonmentWorkingDays: "offering", receptionWorkingHours: "offering" },
    });
    expect(await auditCount(t)).toBe(before + 1);
    const audit = await t.database.db
      .selectFrom("admin_audit")
      .selectAll()
      .where("entity_id", "=", birthOffering)
      .where("action", "=", "ruleOptions.offering")
      .executeTakeFirstOrThrow();
    expect(audit.before).toEqual({});
    expect(audit.after).toEqual({ abandonmentWorkingDays: 30, receptionWorkingHours: 4 });
    const cleared = await call("PUT", url, AGENCY_ADMIN, {});
    expect(cleared.json()).toMatchObject({
      effective: { abandonmentWorkingDays: 20, receptionWorkingHours: 8 },
    });
  });

  it("another agency's offering is unknown to the agency administrator (404); other roles 401/403", async () => {
    const url = `/api/admin/offerings/${otherOffering}/rule-options`;
    expect((await call("GET", url, AGENCY_ADMIN)).statusCode).toBe(404);
    expect((await call("PUT", url, AGENCY_ADMIN, { abandonmentWorkingDays: 3 })).statusCode).toBe(404);
    expect((await call("PUT", url, SYSTEM_ADMIN, { abandonmentWorkingDays: 3 })).statusCode).toBe(200);
    await expectAdminsOnly(t, call, "GET", `/api/admin/offerings/${birthOffering}/rule-options`);
    await expectAdminsOnly(t, call, "PUT", `/api/admin/offerings/${birthOffering}/rule-options`, {
      abandonmentWorkingDays: 3,
    });
  });

  it("400 for wrong values and an unknown offering 404", async () => {
    const url = `/api/admin/offerings/${birthOffering}/rule-options`;
    await expectFieldError(
      call,
      "PUT",
      url,
      AGENCY_ADMIN,
      { receptionWorkingHours: 0 },
      "receptionWorkingHours",
    );
    await expectFieldError(call, "PUT", url, AGENCY_ADMIN, { supplementClock: 1 }, "supplementClock");
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await call("GET", `/api/admin/offerings/${unknown}/rule-options`, SYSTEM_ADMIN)).statusCode).toBe(
      404,
    );
  });
});

describe("each option changes what the server does", () => {
  it("R-RECV-1: the reception limit of an online dossier follows the option (8 working hours by default)", async () => {
    // Submitted Monday 09:00: 8 wh → Tuesday 09:00; 4 wh → Monday 15:00 (lunch 11:30–13:30).
    const byDefault = await submitBirthRegistration(t.database.db, users["congdan.demo"]!, monday);
    expect((await getDossier(byDefault.row.id)).receptionDueAt).toBe(at("2026-11-24T09:00").toISOString());
    await call("PUT", "/api/admin/rule-options", SYSTEM_ADMIN, { receptionWorkingHours: 16 });
    const province = await submitBirthRegistration(t.database.db, users["congdan.demo"]!, monday);
    expect((await getDossier(province.row.id)).receptionDueAt).toBe(at("2026-11-25T09:00").toISOString());
    await setOffering(birthOffering, { receptionWorkingHours: 4 });
    const offering = await submitBirthRegistration(t.database.db, users["congdan.demo"]!, monday);
    expect((await getDossier(offering.row.id)).receptionDueAt).toBe(at("2026-11-23T15:00").toISOString());
  });

  it("R-SUPP-1: the supplement window after reception follows the option (3 working days by default)", async () => {
    // Received Monday 09:00; Friday 10:00 is past 3 working days (Thursday 09:00), within 5 (next Monday 09:00).
    const late = await inAppraisal();
    const refused = await askSupplement(late, at("2026-11-27T10:00"));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: "SUPPLEMENT_WINDOW_PASSED" });
    expect(refused.json().error.message).toContain("3 ngày làm việc");
    await setOffering(processingOffering, { supplementWindowWorkingDays: 5 });
    const allowed = await askSupplement(late, at("2026-11-27T10:00"));
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.json()).toMatchObject({ status: 5 });
    expect(allowed.json().warning).toBeUndefined();
  });

  it("R-SUPP-3: after a supplement the time restarts by default, or moves by the wait when so configured", async () => {
    // 5 working days from Monday 09:00 → due next Monday 09:00. Asked Monday 10:00, received Wednesday 10:00.
    const receive = async (id: string) => {
      const { version } = await getDossier(id);
      return post(
        `/api/office/dossiers/${id}/receive-supplement`,
        "motcua.trungtam",
        { expectedVersion: version },
        at("2026-11-25T10:00"),
      );
    };
    const restarted = await inAppraisal();
    expect((await askSupplement(restarted, at("2026-11-23T10:00"))).statusCode).toBe(200);
    expect((await receive(restarted)).statusCode).toBe(200);
    // Restart: 5 working days from Wednesday 10:00 → Wednesday 2 December 10:00.
    expect((await getDossier(restarted)).dueAt).toBe(at("2026-12-02T10:00").toISOString());

    await setOffering(processingOffering, { supplementClock: "pauseAndExtend" });
    const paused = await inAppraisal();
    expect((await askSupplement(paused, at("2026-11-23T10:00"))).statusCode).toBe(200);
    expect((await receive(paused)).statusCode).toBe(200);
    // Pause: the old appointment (Monday 30 November 09:00) moves by the 2 working days waited → Wednesday 2 Dec 09:00.
    expect((await getDossier(paused)).dueAt).toBe(at("2026-12-02T09:00").toISOString());
  });

  it("R-SUPP-4: the abandonment job stops a dossier after the configured working days (15 by default)", async () => {
    const waiting = await inAppraisal();
    expect((await askSupplement(waiting, at("2026-11-23T10:00"))).statusCode).toBe(200);
    // Three working days later: nothing under the default 15.
    await runSupplementAbandonment(t.database.db, at("2026-11-26T11:00"));
    expect((await getDossier(waiting)).status).toBe(5);
    await setOffering(processingOffering, { abandonmentWorkingDays: 2 });
    const counts = await runSupplementAbandonment(t.database.db, at("2026-11-26T11:00"));
    expect(counts.stopped).toBeGreaterThanOrEqual(1);
    expect((await getDossier(waiting)).status).toBe(8);
    const forms = await t.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${waiting}/forms/stop-notice.pdf`,
      headers: sessions["motcua.trungtam"]!.headers,
    });
    expect(forms.statusCode, forms.body.slice(0, 200)).toBe(200);
    expect(forms.headers["content-type"]).toContain("application/pdf");
  });

  it("R-STATUS-5 [M] / R-REJ-2: a refusal after appraisal is status 8 by default, 9 then 10 when so configured", async () => {
    const refuse = async () => {
      const dossierId = await inAppraisal();
      await forwardDossier(t.database.db, {
        dossierId,
        actor: await officer("chuyenvien.trungtam"),
        now: at("2026-11-23T10:00"),
        opinion: "Không đủ điều kiện",
      });
      const upload = await uploadFile(
        t.app,
        sessions["lanhdao.trungtam"],
        "tu-choi.pdf",
        samplePdf(`tc ${Math.random()}`),
      );
      const response = await post(
        `/api/office/dossiers/${dossierId}/refuse-after-appraisal`,
        "lanhdao.trungtam",
        { reasons: ["Không đủ điều kiện"], uploadId: upload.json().id },
        at("2026-11-23T11:00"),
      );
      expect(response.statusCode, response.body).toBe(200);
      return { dossierId, status: response.json().status as number };
    };
    expect((await refuse()).status).toBe(8);
    await call("PUT", "/api/admin/rule-options", SYSTEM_ADMIN, { refusalAfterAppraisalStatus: 9 });
    const asResult = await refuse();
    expect(asResult.status).toBe(9);
    const { version } = await getDossier(asResult.dossierId);
    const returned = await post(
      `/api/office/dossiers/${asResult.dossierId}/return-result`,
      "motcua.trungtam",
      { channel: "counter", expectedVersion: version },
      at("2026-11-23T14:00"),
    );
    expect(returned.statusCode, returned.body).toBe(200);
    expect((await getDossier(asResult.dossierId)).status).toBe(10);
  });
});

describe("R-SUPP-2 Clarified: one supplement at reception and one after appraisal", () => {
  it("the second is allowed with a warning that the dossier counts as late; a third is refused", async () => {
    const { row } = await submitBirthRegistration(t.database.db, users["congdan.demo"]!, monday, {
      procedureCode: "1.004884",
    });
    const counter = users["motcua.trungtam"]!;
    const citizen = users["congdan.demo"]!;
    const steps = [
      [
        { type: "requestSupplementAtReception", ...supplementBody },
        { role: "counterOfficer", id: counter },
        "counter_officer",
        counter,
      ],
      [{ type: "resubmitSupplement" }, { role: "applicant", id: citizen }, "citizen", citizen],
      [{ type: "accept" }, { role: "counterOfficer", id: counter }, "counter_officer", counter],
      [{ type: "transfer" }, { role: "counterOfficer", id: counter }, "counter_officer", counter],
    ] as const;
    let minute = 0;
    for (const [command, actor, role, userId] of steps)
      await runDossierCommand(t.database.db, {
        dossierId: row.id,
        command: command as never,
        actor,
        author: { userId, role },
        now: new Date(monday.getTime() + ++minute * 60_000),
        authorize: () => {},
      });
    await assignDossier(t.database.db, {
      dossierId: row.id,
      actor: await officer("truongphong.trungtam"),
      now: at("2026-11-23T09:30"),
      assigneeId: users["chuyenvien.trungtam"]!,
    });
    const second = await askSupplement(row.id, at("2026-11-23T10:00"));
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ status: 5, warning: { code: "SUPPLEMENT_COUNTS_AS_LATE" } });
    expect(second.json().warning.message).toContain("trễ hạn");
    const { version } = await getDossier(row.id);
    expect(
      (
        await post(
          `/api/office/dossiers/${row.id}/receive-supplement`,
          "motcua.trungtam",
          { expectedVersion: version },
          at("2026-11-23T11:00"),
        )
      ).statusCode,
    ).toBe(200);
    const third = await askSupplement(row.id, at("2026-11-23T14:00"));
    expect(third.statusCode).toBe(409);
    expect(third.json().error).toMatchObject({ code: "SUPPLEMENT_ALREADY_REQUESTED" });
    expect(third.json().error.message).toMatch(/không được yêu cầu bổ sung thêm|một lần ở bước này/);
  });
});
