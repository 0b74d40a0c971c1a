import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActor } from "../../../../src/services/accounts/actor.ts";
import { approveResult } from "../../../../src/services/dossiers/processing/approveResult.ts";
import { assignDossier } from "../../../../src/services/dossiers/processing/assignDossier.ts";
import { consultAgency } from "../../../../src/services/dossiers/processing/consultAgency.ts";
import { forwardDossier } from "../../../../src/services/dossiers/processing/forwardDossier.ts";
import {
  at,
  dossierInProcessing,
  uploadPdf,
} from "../../../services/dossiers/processing/processingFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds, submitBirthRegistration } from "../../../support/dossierFixtures.ts";

const PASSWORDS: Record<string, string> = {
  "congdan.demo": "Demo@2026!CongDan",
  "motcua.trungtam": "Demo@2026!MotCuaTT",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
  "truongphong.trungtam": "Demo@2026!TruongPhongTT",
  "lanhdao.trungtam": "Demo@2026!LanhDaoTT",
  "chuyenvien.sotaichinh": "Demo@2026!ChuyenVienSTC",
  "lanhdao.sotaichinh": "Demo@2026!LanhDaoSTC",
};

let t: AuthTestApp;
let users: Record<string, string>;
const sessions: Record<string, TestSession> = {};
const monday = at("2026-11-23T09:00");
const ids: Record<string, string> = {};
const codes: Record<string, string> = {};

const actor = async (username: string) => (await findActor(t.database.db, users[username]!))!;
const get = (url: string, username?: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: "GET",
    url,
    headers: { ...(username ? sessions[username]!.headers : {}), ...headers },
  });
const inbox = async (username: string, query: string) => {
  const response = await get(`/api/office/inbox?${query}`, username);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { total: number; items: { id: string; code: string; [key: string]: unknown }[] };
};

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-11-23T10:00") });
  const db = t.database.db;
  users = await demoUserIds(db);
  for (const username of Object.keys(PASSWORDS))
    sessions[username] = await loginAs(t.app, username, PASSWORDS[username]!);
  const citizen = users["congdan.demo"]!;
  // Two new online dossiers (status 1) with different applicants, for the counter and for search.
  for (const [key, name, when] of [
    ["bich", "Trần Thị Bích", at("2026-11-23T08:30")],
    ["cuong", "Lê Văn Cường", monday],
  ] as const) {
    const { row } = await submitBirthRegistration(db, citizen, when, { applicant: { kind: "person", name } });
    ids[key] = row.id;
    codes[key] = row.code;
  }
  ids.awaiting = await dossierInProcessing(db, users, monday);
  ids.appraisal = await dossierInProcessing(db, users, monday);
  await assignDossier(db, {
    dossierId: ids.appraisal,
    actor: await actor("truongphong.trungtam"),
    now: at("2026-11-23T09:30"),
    assigneeId: users["chuyenvien.trungtam"]!,
  });
  ids.consulted = await dossierInProcessing(db, users, monday);
  await assignDossier(db, {
    dossierId: ids.consulted,
    actor: await actor("truongphong.trungtam"),
    now: at("2026-11-23T09:30"),
    assigneeId: users["chuyenvien.trungtam"]!,
  });
  await consultAgency(db, {
    dossierId: ids.consulted,
    actor: await actor("chuyenvien.trungtam"),
    now: at("2026-11-23T09:40"),
    toAgencyCode: "000.00.13.H99",
    toUnitCode: "PDKKD",
    question: "Cho ý kiến về hộ kinh doanh",
    workingDays: 1,
  });
  ids.approved = await dossierInProcessing(db, users, monday);
  await assignDossier(db, {
    dossierId: ids.approved,
    actor: await actor("truongphong.trungtam"),
    now: at("2026-11-23T09:10"),
    assigneeId: users["chuyenvien.trungtam"]!,
  });
  await forwardDossier(db, {
    dossierId: ids.approved,
    actor: await actor("chuyenvien.trungtam"),
    now: at("2026-11-23T09:20"),
    opinion: "Đủ",
  });
  const leader = await actor("lanhdao.trungtam");
  await approveResult(db, {
    dossierId: ids.approved,
    actor: leader,
    now: at("2026-11-23T09:30"),
    uploadId: await uploadPdf(db, leader, monday),
  });
  // Accepted a week earlier with 5 working days: due Monday 09:00, an hour ago.
  ids.overdue = await dossierInProcessing(db, users, at("2026-11-16T09:00"));
  // Birth registration (1 working day) accepted Friday 10:30: due Monday 10:30, half an hour from now — in the last
  // quarter of its day. The same accepted Monday 09:00 (due Tuesday 09:00, 7 working hours left) is not due soon yet.
  ids.dueSoon = await dossierInProcessing(db, users, at("2026-11-20T10:30"), "1.001193");
  ids.justAccepted = await dossierInProcessing(db, users, monday, "1.001193");
}, 120_000);
afterAll(async () => t.close());

describe("GET /api/office/inbox", () => {
  it("toReceive: the counter's new dossiers, soonest reception deadline first, with working hours left", async () => {
    const page = await inbox("motcua.trungtam", "box=toReceive");
    expect(page.items.map((item) => item.id)).toEqual([ids.bich, ids.cuong]);
    // Submitted 08:30 → due Tuesday 08:30: 1.5 + 3.5 + 1.5 working hours from Monday 10:00.
    expect(page.items[0]).toMatchObject({
      applicantName: "Trần Thị Bích",
      status: 1,
      statusLabel: { vi: "Mới đăng ký" },
      procedure: { code: "1.001193" },
      dueAt: at("2026-11-24T08:30").toISOString(),
      remainingWorkingHours: 6.5,
      overdue: false,
    });
    expect((await inbox("chuyenvien.trungtam", "box=toReceive")).total).toBe(0);
  });

  it("search by applicant name without diacritics or by code, and paging", async () => {
    expect((await inbox("motcua.trungtam", "box=toReceive&q=tran%20thi")).items.map((i) => i.id)).toEqual([
      ids.bich,
    ]);
    expect(
      (await inbox("motcua.trungtam", "box=toReceive&q=L%C3%8A%20V%C4%82N%20C%C6%AF%E1%BB%9CNG")).items.map(
        (i) => i.id,
      ),
    ).toEqual([ids.cuong]);
    expect(
      (await inbox("motcua.trungtam", `box=toReceive&q=${codes.cuong!.slice(-4)}`)).items.map((i) => i.id),
    ).toEqual([ids.cuong]);
    const second = await inbox("motcua.trungtam", "box=toReceive&page=2&pageSize=1");
    expect(second).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(second.items.map((item) => item.id)).toEqual([ids.cuong]);
  });

  it("toProcess: the unit head's dossiers awaiting assignment; the specialist's own appraisals with the step's deadline", async () => {
    const head = await inbox("truongphong.trungtam", "box=toProcess");
    expect(head.items.map((item) => item.id).sort()).toEqual(
      [ids.awaiting, ids.overdue, ids.dueSoon, ids.justAccepted].sort(),
    );
    const specialist = await inbox("chuyenvien.trungtam", "box=toProcess");
    expect(specialist.items.map((item) => item.id).sort()).toEqual([ids.appraisal, ids.consulted].sort());
    expect(specialist.items.find((item) => item.id === ids.appraisal)).toMatchObject({
      internalStep: "appraisal",
      task: { step: "appraisal", assigneeId: users["chuyenvien.trungtam"] },
    });
    expect((await inbox("lanhdao.trungtam", "box=toProcess")).total).toBe(0);
  });

  it("overdue and dueSoon (the last quarter of the time, issue #19): by the appointment, for the counter, the leader and the unit", async () => {
    const overdue = await inbox("lanhdao.trungtam", "box=overdue");
    expect(overdue.items.map((item) => item.id)).toEqual([ids.overdue]);
    expect(overdue.items[0]).toMatchObject({ overdue: true, remainingWorkingHours: -1 });
    expect((await inbox("motcua.trungtam", "box=overdue")).items.map((item) => item.id)).toEqual([
      ids.overdue,
    ]);
    const dueSoon = await inbox("motcua.trungtam", "box=dueSoon");
    expect(dueSoon.items.map((item) => item.id)).toEqual([ids.dueSoon]);
    expect(dueSoon.items[0]).toMatchObject({ remainingWorkingHours: 0.5 });
  });

  it("consultations: open questions to the officer's agency and unit", async () => {
    const page = await inbox("chuyenvien.sotaichinh", "box=consultations");
    expect(page.items.map((item) => item.id)).toEqual([ids.consulted]);
    expect(page.items[0]).toMatchObject({
      consultation: {
        question: "Cho ý kiến về hộ kinh doanh",
        fromAgency: "Ủy ban nhân dân phường Trung Tâm",
      },
      dueAt: at("2026-11-24T09:40").toISOString(),
    });
    expect((await inbox("lanhdao.sotaichinh", "box=consultations")).total).toBe(0);
  });

  it("toReturn: results approved and waiting at the counter", async () => {
    expect((await inbox("motcua.trungtam", "box=toReturn")).items.map((item) => item.id)).toEqual([
      ids.approved,
    ]);
  });

  it("400 for an unknown box or page size, in Vietnamese and English", async () => {
    const response = await get("/api/office/inbox?box=all&pageSize=0", "motcua.trungtam");
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(["box", "pageSize"]);
    const en = await get("/api/office/inbox?pageSize=1000", "motcua.trungtam", { "accept-language": "en" });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.fields).toEqual([{ field: "pageSize", message: "Must be at most 100" }]);
  });

  it("401 without a session, 403 for a citizen", async () => {
    expect((await get("/api/office/inbox")).statusCode).toBe(401);
    expect((await get("/api/office/inbox", "congdan.demo")).statusCode).toBe(403);
  });
});

describe("GET /api/office/dossiers/:id", () => {
  it("the officer view with the history, the control sheet and the consultations", async () => {
    const response = await get(`/api/office/dossiers/${ids.consulted}`, "chuyenvien.trungtam");
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ id: ids.consulted, status: 4, internalStep: "awaitingConsultation" });
    expect(body.tasks.map((task: { step: string; status: string }) => [task.step, task.status])).toEqual([
      ["awaitingAssignment", "done"],
      ["appraisal", "open"],
    ]);
    expect(body.tasks[0]).toMatchObject({
      outcome: "assigned",
      timing: "onTime",
      handedOverBy: { name: "Hoàng Thị Lan" },
    });
    expect(body.consultations).toEqual([
      expect.objectContaining({
        toAgency: { code: "000.00.13.H99", name: "Sở Tài chính tỉnh Demo" },
        answer: null,
      }),
    ]);
    expect(body.history.at(-1)).toMatchObject({ type: "stepAdvanced", actor: { role: "specialist" } });
    expect(body.workflow.steps.map((step: { step: string }) => step.step)).toEqual([
      "awaitingAssignment",
      "appraisal",
      "awaitingApproval",
      "returnResult",
    ]);
  });

  it("the consulted unit reads the dossier it was asked about; others outside its agencies get 404", async () => {
    expect((await get(`/api/office/dossiers/${ids.consulted}`, "chuyenvien.sotaichinh")).statusCode).toBe(
      200,
    );
    expect((await get(`/api/office/dossiers/${ids.appraisal}`, "chuyenvien.sotaichinh")).statusCode).toBe(
      404,
    );
    expect((await get(`/api/office/dossiers/${ids.consulted}`, "lanhdao.sotaichinh")).statusCode).toBe(404);
    const unknown = await get("/api/office/dossiers/00000000-0000-4000-8000-000000000000", "motcua.trungtam");
    expect(unknown.statusCode).toBe(404);
  });

  it("400 for an id that is not a uuid, 401 without a session, 403 for a citizen", async () => {
    const bad = await get("/api/office/dossiers/abc", "motcua.trungtam");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(["id"]);
    expect((await get(`/api/office/dossiers/${ids.bich}`)).statusCode).toBe(401);
    expect((await get(`/api/office/dossiers/${ids.bich}`, "congdan.demo")).statusCode).toBe(403);
  });
});
