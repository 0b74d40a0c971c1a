import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../../../src/http/app.ts";
import { transferDossier } from "../../../../src/services/dossiers/counter/transferDossier.ts";
import {
  actAs,
  at,
  type CounterWorld,
  counterWorld,
  footprint,
  intakeBirthRegistration,
  uploadScans,
} from "../../../services/dossiers/counter/counterFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { samplePdf, submitBirthRegistration } from "../../../support/dossierFixtures.ts";

let t: AuthTestApp;
let world: CounterWorld;
const sessions: Record<"officer" | "other" | "specialist" | "citizen", TestSession> = {} as never;
// Sessions outlive the days the clock jumps over: only dossier rules are under test here.
const config = {
  sessionIdleMinutes: 1_000_000,
  sessionApplicantIdleMinutes: 1_000_000,
  sessionMaxHours: 100_000,
};
const thursday1530 = at("2026-11-26T15:30:00");
const friday10 = at("2026-11-27T10:00:00");

beforeAll(async () => {
  t = await createAuthTestApp({
    start: thursday1530,
    config: { ...config, filesDir: join(mkdtempSync(join(tmpdir(), "onestop-counter-")), "files") },
  });
  world = await counterWorld(t.database.db);
  sessions.officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
  sessions.other = await loginAs(t.app, "motcua.sotaichinh", "Demo@2026!MotCuaSTC");
  sessions.specialist = await loginAs(t.app, "chuyenvien.trungtam", "Demo@2026!ChuyenVienTT");
  sessions.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
});
afterAll(async () => t.close());

const db = () => t.database.db;
const post = (
  url: string,
  payload: unknown,
  session?: TestSession,
  headers: Record<string, string> = {},
  app: App = t.app,
) =>
  app.inject({
    method: "POST",
    url,
    headers: { ...(session?.headers ?? {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const fieldsOf = (response: { json(): { error: { fields?: { field: string }[] } } }) =>
  response.json().error.fields?.map((field) => field.field);

/** Uploads a scan through POST /api/uploads as the officer, the way the counter's browser does. */
async function uploadThroughHttp(position: number): Promise<string> {
  const boundary = `----onestop${randomUUID()}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ban-quet-${position}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    Buffer.from(samplePdf(`http scan ${position} ${randomUUID()}`)),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await t.app.inject({
    method: "POST",
    url: "/api/uploads",
    headers: { ...sessions.officer.headers, "content-type": `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

const intakeBody = (uploadIds: string[]) => ({
  procedureCode: "1.001193",
  agencyCode: "000.20.01.H99",
  channel: "counter",
  applicant: {
    kind: "person",
    name: "Trần Thị Mai",
    idNumber: "099190004567",
    address: "Số 5 đường Hòa Bình, phường Trung Tâm",
    phone: "0912345679",
    email: "mai.tt@example.com",
  },
  submitter: {
    name: "Trần Văn Bình",
    idNumber: "099190004568",
    authorizationDocument: "Giấy ủy quyền 01/2026",
  },
  formData: {},
  files: uploadIds.map((uploadId, componentPosition) => ({ componentPosition, uploadId })),
});

describe("R-CAL-9 c through HTTP: intake Thursday 15:30, transfer, reception slip", () => {
  it("intake answers 201 with the received dossier; the transfer is due at the start of Friday; the slip has the data", async () => {
    t.clock.current = thursday1530;
    const uploadIds = [await uploadThroughHttp(0), await uploadThroughHttp(1), await uploadThroughHttp(2)];
    const intake = await post("/api/office/dossiers/intake", intakeBody(uploadIds), sessions.officer);
    expect(intake.statusCode).toBe(201);
    const dossier = intake.json();
    expect(dossier).toMatchObject({
      status: 2,
      version: 1,
      channel: "counter",
      receivedAt: thursday1530.toISOString(),
      // 1 working day: 1.5 h on Thursday, 6.5 h on Friday.
      dueAt: at("2026-11-27T15:30:00").toISOString(),
      history: [{ sequence: 1, type: "receivedOnPaper" }],
    });
    expect(dossier.code).toMatch(/^000\.20\.01\.H99-261126-\d{4}$/);
    expect(dossier.files).toHaveLength(3);
    expect(dossier.files.every((file: { digitized: boolean }) => file.digitized)).toBe(true);

    t.clock.current = at("2026-11-26T16:00:00");
    const transfer = await post(
      `/api/office/dossiers/${dossier.id}/transfer`,
      { expectedVersion: 1 },
      sessions.officer,
    );
    expect(transfer.statusCode).toBe(200);
    expect(transfer.json()).toMatchObject({ status: 4, version: 2, internalStep: "awaitingAssignment" });
    expect(transfer.json().history[1]).toMatchObject({
      type: "transferred",
      details: {
        paper: true,
        paperTransferDueAt: at("2026-11-27T07:00:00").toISOString(),
        paperTransferOnTime: true,
      },
    });

    const slip = await t.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${dossier.id}/reception-slip`,
      headers: sessions.officer.headers,
    });
    expect(slip.statusCode).toBe(200);
    expect(slip.json()).toMatchObject({
      issuingUnit: { agencyCode: "000.20.01.H99", unitCode: "TTPVHCC" },
      dossierCode: dossier.code,
      applicant: {
        name: "Trần Thị Mai",
        idNumber: "099190004567",
        phone: "0912345679",
        email: "mai.tt@example.com",
      },
      submitter: { name: "Trần Văn Bình", authorizationDocument: "Giấy ủy quyền 01/2026" },
      requestedMatter: { procedureCode: "1.001193", procedureName: "Thủ tục đăng ký khai sinh" },
      legalTime: { amount: 1, unit: "wd", text: { vi: "1 ngày làm việc" } },
      receivedAt: "15:30 26/11/2026",
      appointmentAt: "15:30 27/11/2026",
    });
    expect(slip.json().components).toHaveLength(3);
  });
});

/** Dossiers in the state each command needs, made by the use cases at times before the clock (Friday 10:00). */
const scenes = {
  online: async () =>
    (await submitBirthRegistration(db(), world.users["congdan.demo"]!, at("2026-11-27T08:00:00"))).row.id,
  paper: async () => (await intakeBirthRegistration(db(), world.officer, at("2026-11-27T08:00:00"))).row.id,
  processing: async () => {
    const id = await scenes.paper();
    await transferDossier(db(), { actor: world.officer, dossierId: id, now: at("2026-11-27T08:10:00") });
    return id;
  },
  waitingForSupplement: async () => {
    const id = await scenes.processing();
    await actAs(
      db(),
      "specialist",
      world.specialist.userId,
      id,
      {
        type: "requestSupplementAfterAppraisal",
        reason: "Giấy chứng sinh không rõ",
        items: ["Giấy chứng sinh"],
      },
      at("2026-11-27T08:20:00"),
    );
    return id;
  },
  withResult: async () => {
    const id = await scenes.processing();
    await actAs(
      db(),
      "leader",
      world.users["lanhdao.trungtam"]!,
      id,
      { type: "approveResult", documentRefs: ["GKS-2026-0002"] },
      at("2026-11-27T09:00:00"),
    );
    return id;
  },
  withdrawn: async () => {
    const id = await scenes.processing();
    await actAs(
      db(),
      "counterOfficer",
      world.officer.userId,
      id,
      { type: "requestWithdrawal", reason: "Xin rút hồ sơ" },
      at("2026-11-27T09:00:00"),
    );
    return id;
  },
};
type Scene = keyof typeof scenes;

interface CommandRoute {
  action: string;
  scene: Scene;
  body: Record<string, unknown>;
  status: number;
  event: string;
  /** A dossier on which the command is not allowed (409) and the code it gets. */
  illegal: { scene: Scene; code: string; message?: { vi: RegExp; en: RegExp } };
  /** Bodies the schema (or the use case) refuses, with the fields named. */
  invalid: [string, unknown, string[]][];
}

const commands: CommandRoute[] = [
  {
    action: "accept",
    scene: "online",
    body: {},
    status: 2,
    event: "accepted",
    illegal: { scene: "paper", code: "TRANSITION_NOT_ALLOWED" },
    invalid: [
      ["expectedVersion 0", { expectedVersion: 0 }, ["expectedVersion"]],
      ["an unknown field", { note: "x" }, ["note"]],
    ],
  },
  {
    action: "refuse",
    scene: "online",
    body: { reasons: ["Hồ sơ không thuộc thẩm quyền giải quyết"] },
    status: 3,
    event: "refusedAtReception",
    illegal: { scene: "paper", code: "TRANSITION_NOT_ALLOWED" },
    invalid: [
      ["no reasons", {}, ["reasons"]],
      ["an empty list", { reasons: [] }, ["reasons"]],
      ["an empty reason", { reasons: ["Lý do", ""] }, ["reasons.1"]],
      ["a blank reason", { reasons: ["   "] }, ["reasons.0"]],
      ["a reason too long", { reasons: ["x".repeat(1001)] }, ["reasons.0"]],
    ],
  },
  {
    action: "request-supplement",
    scene: "online",
    body: { reason: "Bản quét bị mờ", items: ["Giấy chứng sinh (bản quét rõ)", "Tờ khai có chữ ký"] },
    status: 5,
    event: "supplementRequested",
    illegal: { scene: "paper", code: "TRANSITION_NOT_ALLOWED" },
    invalid: [
      ["no reason and no items", {}, ["reason", "items"]],
      ["empty reason and items", { reason: "", items: [] }, ["reason", "items"]],
      ["a blank item", { reason: "Thiếu", items: ["Giấy chứng sinh", " "] }, ["items.1"]],
    ],
  },
  {
    action: "transfer",
    scene: "paper",
    body: {},
    status: 4,
    event: "transferred",
    illegal: { scene: "online", code: "TRANSITION_NOT_ALLOWED" },
    invalid: [["expectedVersion as text", { expectedVersion: "hai" }, ["expectedVersion"]]],
  },
  {
    action: "receive-supplement",
    scene: "waitingForSupplement",
    body: {},
    status: 4,
    event: "supplementReceived",
    illegal: { scene: "paper", code: "TRANSITION_NOT_ALLOWED" },
    invalid: [
      ["an upload id that is not a uuid", { files: [{ uploadId: "abc" }] }, ["files.0.uploadId"]],
      [
        "an unknown upload",
        { files: [{ uploadId: "3f1d2c4b-5a6e-4f70-8b9c-0d1e2f3a4b5c", componentPosition: 0 }] },
        ["files.0.uploadId"],
      ],
    ],
  },
  {
    action: "return-result",
    scene: "withResult",
    body: { channel: "post" },
    status: 10,
    event: "resultReturned",
    illegal: { scene: "paper", code: "TRANSITION_NOT_ALLOWED" },
    invalid: [
      ["no channel", {}, ["channel"]],
      ["an unknown channel", { channel: "email" }, ["channel"]],
    ],
  },
  {
    // R-STOP-1 k1: a withdrawal asked in person or by post, recorded by the counter.
    action: "record-withdrawal",
    scene: "processing",
    body: { reason: "Người nộp đến Bộ phận Một cửa xin rút hồ sơ" },
    status: 7,
    event: "withdrawalRequested",
    illegal: {
      scene: "withResult",
      code: "WITHDRAWAL_AFTER_DECISION",
      message: { vi: /Không thể rút hồ sơ/, en: /cannot be withdrawn/ },
    },
    invalid: [
      ["no reason", {}, ["reason"]],
      ["a blank reason", { reason: "   " }, ["reason"]],
    ],
  },
  {
    action: "confirm-stop",
    scene: "withdrawn",
    body: { noticeRef: "15/TB-DGQ" },
    status: 8,
    event: "stopped",
    illegal: { scene: "paper", code: "TRANSITION_NOT_ALLOWED" },
    invalid: [
      ["no notice reference", {}, ["noticeRef"]],
      ["a blank notice reference", { noticeRef: "  " }, ["noticeRef"]],
    ],
  },
];

const url = (id: string, action: string) => `/api/office/dossiers/${id}/${action}`;

describe.each(commands)("POST /api/office/dossiers/:id/$action", (route) => {
  beforeEach(() => {
    t.clock.current = friday10;
  });

  it(`succeeds for the counter officer: status ${route.status}, event ${route.event}`, async () => {
    const id = await scenes[route.scene]();
    const before = await footprint(db(), id);
    const response = await post(
      url(id, route.action),
      { ...route.body, expectedVersion: before.version },
      sessions.officer,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ id, status: route.status, version: before.version + 1 });
    expect(body.history.at(-1)).toMatchObject({
      type: route.event,
      toStatus: route.status,
      actor: { role: "counter_officer" },
    });
    expect(await footprint(db(), id)).toMatchObject({ events: before.events + 1, outbox: before.outbox + 1 });
  });

  for (const [name, payload, fields] of route.invalid)
    it(`400 for ${name}, each field named in Vietnamese and English; nothing changes`, async () => {
      const id = await scenes[route.scene]();
      const before = await footprint(db(), id);
      const vi = await post(url(id, route.action), payload, sessions.officer);
      expect(vi.statusCode).toBe(400);
      expect(vi.json().error).toMatchObject({ code: "VALIDATION_FAILED", message: "Dữ liệu không hợp lệ" });
      expect(fieldsOf(vi)).toEqual(fields);
      const en = await post(url(id, route.action), payload, sessions.officer, { "accept-language": "en" });
      expect(en.json().error.message).toBe("The input is not valid");
      expect(fieldsOf(en)).toEqual(fields);
      expect(en.json().error.fields[0].message).not.toEqual(vi.json().error.fields[0].message);
      expect(await footprint(db(), id)).toEqual(before);
    });

  it("400 for an id that is not a uuid", async () => {
    const response = await post(url("12345", route.action), route.body, sessions.officer);
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(["id"]);
  });

  it("401 without a session, 403 for a specialist and a citizen, 403 without the CSRF token; nothing changes", async () => {
    const id = await scenes[route.scene]();
    const before = await footprint(db(), id);
    const anonymous = await post(url(id, route.action), route.body);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe("UNAUTHENTICATED");
    for (const session of [sessions.specialist, sessions.citizen]) {
      const denied = await post(url(id, route.action), route.body, session);
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.code).toBe("FORBIDDEN");
    }
    const noCsrf = await post(url(id, route.action), route.body, undefined, {
      cookie: sessions.officer.cookie,
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe("CSRF_FAILED");
    expect(await footprint(db(), id)).toEqual(before);
  });

  it("404 for a counter officer of another agency and for an unknown id; nothing changes", async () => {
    const id = await scenes[route.scene]();
    const before = await footprint(db(), id);
    const other = await post(url(id, route.action), route.body, sessions.other);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe("NOT_FOUND");
    const unknown = await post(url(randomUUID(), route.action), route.body, sessions.officer, {
      "accept-language": "en",
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe("No such dossier");
    expect(await footprint(db(), id)).toEqual(before);
  });

  it(`409 ${route.illegal.code} on a dossier where it is not allowed, with the reason; nothing changes`, async () => {
    const id = await scenes[route.illegal.scene]();
    const before = await footprint(db(), id);
    const response = await post(url(id, route.action), route.body, sessions.officer);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe(route.illegal.code);
    expect(response.json().error.message).toMatch(route.illegal.message?.vi ?? /trạng thái/);
    const en = await post(url(id, route.action), route.body, sessions.officer, { "accept-language": "en" });
    expect(en.json().error.message).toMatch(
      route.illegal.message?.en ?? /is not allowed while the dossier is/,
    );
    expect(await footprint(db(), id)).toEqual(before);
  });

  it("409 STALE_DOSSIER for an expectedVersion that is not the current one; nothing changes", async () => {
    const id = await scenes[route.scene]();
    const before = await footprint(db(), id);
    const seen = before.version === 1 ? 2 : before.version - 1;
    const response = await post(
      url(id, route.action),
      { ...route.body, expectedVersion: seen },
      sessions.officer,
    );
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe("STALE_DOSSIER");
    expect(await footprint(db(), id)).toEqual(before);
  });

  it("two officers acting at once: exactly one wins, the other gets 409", async () => {
    const id = await scenes[route.scene]();
    const before = await footprint(db(), id);
    const responses = await Promise.all([
      post(url(id, route.action), route.body, sessions.officer),
      post(url(id, route.action), route.body, sessions.officer),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    expect(await footprint(db(), id)).toMatchObject({
      version: before.version + 1,
      events: before.events + 1,
    });
  });

  it("415 for a body that is not JSON", async () => {
    const id = await scenes[route.scene]();
    const response = await post(url(id, route.action), "<x/>", sessions.officer, {
      "content-type": "application/xml",
    });
    expect(response.statusCode).toBe(415);
  });
});

describe("a command without a body", () => {
  it("accept and transfer need no body at all (expectedVersion is optional)", async () => {
    t.clock.current = friday10;
    const id = await scenes.online();
    const accepted = await post(url(id, "accept"), undefined, sessions.officer);
    expect(accepted.statusCode).toBe(200);
    const transferred = await post(url(id, "transfer"), undefined, sessions.officer);
    expect(transferred.json()).toMatchObject({ status: 4, history: [{}, {}, { details: { paper: false } }] });
  });
});

describe("POST /api/office/dossiers/intake", () => {
  beforeEach(() => {
    t.clock.current = friday10;
  });
  const countDossiers = async () =>
    Number(
      (
        await db()
          .selectFrom("dossiers")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const scans = () => uploadScans(db(), world.officer.userId, friday10);

  it("records a postal dossier (R-SUB-2)", async () => {
    const response = await post(
      "/api/office/dossiers/intake",
      { ...intakeBody(await scans()), channel: "postal" },
      sessions.officer,
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ channel: "postal", status: 2 });
  });

  const invalid: [string, (ids: string[]) => unknown, string[]][] = [
    ["an empty body", () => ({}), ["procedureCode", "agencyCode", "channel", "applicant", "files"]],
    ["an online channel", (ids) => ({ ...intakeBody(ids), channel: "online" }), ["channel"]],
    [
      "a bad procedure code and applicant",
      (ids) => ({
        ...intakeBody(ids),
        procedureCode: "1001193",
        applicant: { kind: "person", name: "", email: "x" },
      }),
      ["procedureCode", "applicant.name", "applicant.email"],
    ],
    ["a missing required component", (ids) => ({ ...intakeBody(ids.slice(0, 2)) }), ["files.component.2"]],
    [
      "someone else's upload",
      (ids) => ({
        ...intakeBody(ids),
        files: [{ componentPosition: 0, uploadId: randomUUID() }, ...intakeBody(ids).files.slice(1)],
      }),
      ["files.0.uploadId"],
    ],
  ];
  for (const [name, payload, fields] of invalid)
    it(`400 for ${name}, fields named in Vietnamese and English; no dossier`, async () => {
      const ids = await scans();
      const before = await countDossiers();
      const vi = await post("/api/office/dossiers/intake", payload(ids), sessions.officer);
      expect(vi.statusCode).toBe(400);
      expect(fieldsOf(vi)).toEqual(fields);
      const en = await post("/api/office/dossiers/intake", payload(ids), sessions.officer, {
        "accept-language": "en",
      });
      expect(en.json().error.message).toBe("The input is not valid");
      expect(fieldsOf(en)).toEqual(fields);
      expect(await countDossiers()).toBe(before);
    });

  // Another agency's counter officer may receive it (R-XFER-3): test/http/routes/office/receptionAnywhere.test.ts.
  it("401 without a session; 403 for a specialist, a citizen and without CSRF; no dossier", async () => {
    const body = intakeBody(await scans());
    const before = await countDossiers();
    expect((await post("/api/office/dossiers/intake", body)).statusCode).toBe(401);
    for (const session of [sessions.specialist, sessions.citizen]) {
      const denied = await post("/api/office/dossiers/intake", body, session);
      expect(denied.statusCode).toBe(403);
    }
    const noCsrf = await post("/api/office/dossiers/intake", body, undefined, {
      cookie: sessions.officer.cookie,
    });
    expect(noCsrf.json().error.code).toBe("CSRF_FAILED");
    expect(await countDossiers()).toBe(before);
  });

  it("404 when the agency does not handle the procedure", async () => {
    const response = await post(
      "/api/office/dossiers/intake",
      { ...intakeBody(await scans()), procedureCode: "9.999999" },
      sessions.officer,
      { "accept-language": "en" },
    );
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toBe("Agency 000.20.01.H99 does not handle procedure 9.999999");
  });

  it("413 when the scans exceed the dossier limit, 415 for a body that is not JSON; no dossier", async () => {
    const small = await buildApp({
      db: db(),
      databaseKind: t.database.kind,
      clock: t.clock.now,
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        publicUrl: "http://127.0.0.1:3000",
        ...config,
        maxDossierBytes: 200,
      },
    });
    try {
      const before = await countDossiers();
      const tooBig = await post(
        "/api/office/dossiers/intake",
        intakeBody(await scans()),
        sessions.officer,
        {},
        small,
      );
      expect(tooBig.statusCode).toBe(413);
      expect(tooBig.json().error.code).toBe("PAYLOAD_TOO_LARGE");
      const xml = await post("/api/office/dossiers/intake", "<x/>", sessions.officer, {
        "content-type": "application/xml",
      });
      expect(xml.statusCode).toBe(415);
      expect(await countDossiers()).toBe(before);
    } finally {
      await small.close();
    }
  });
});

describe("POST /api/office/dossiers/:id/receive-supplement with files", () => {
  beforeEach(() => {
    t.clock.current = friday10;
  });

  it("restarts the due date from the completion and attaches the scans as supplement files", async () => {
    const id = await scenes.waitingForSupplement();
    const [uploadId] = await uploadScans(db(), world.officer.userId, friday10, [1]);
    const response = await post(
      url(id, "receive-supplement"),
      { files: [{ uploadId, componentPosition: 1 }] },
      sessions.officer,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    // Restart (R-SUPP-1): 1 working day from Friday 10:00 = Monday 10:00, not the first appointment (Monday 08:00).
    expect(body.dueAt).toBe(at("2026-11-30T10:00:00").toISOString());
    expect(body.history.at(-1).details).toMatchObject({
      previousDueAt: at("2026-11-30T08:00:00").toISOString(),
      newDueAt: at("2026-11-30T10:00:00").toISOString(),
    });
    expect(body.files.filter((file: { purpose: string }) => file.purpose === "supplement")).toEqual([
      expect.objectContaining({ componentPosition: 1, digitized: true }),
    ]);
  });

  it("413 when the supplement would exceed the dossier limit; nothing changes", async () => {
    const id = await scenes.waitingForSupplement();
    const before = await footprint(db(), id);
    const [uploadId] = await uploadScans(db(), world.officer.userId, friday10, [1]);
    const small = await buildApp({
      db: db(),
      databaseKind: t.database.kind,
      clock: t.clock.now,
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        publicUrl: "http://127.0.0.1:3000",
        ...config,
        maxDossierBytes: 400,
      },
    });
    try {
      const response = await post(
        url(id, "receive-supplement"),
        { files: [{ uploadId }] },
        sessions.officer,
        {},
        small,
      );
      expect(response.statusCode).toBe(413);
      expect(await footprint(db(), id)).toEqual(before);
    } finally {
      await small.close();
    }
  });
});

describe("GET /api/office/dossiers/:id/reception-slip", () => {
  beforeEach(() => {
    t.clock.current = friday10;
  });
  const get = (id: string, session?: TestSession, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}/reception-slip`,
      headers: { ...(session?.headers ?? {}), ...headers },
    });

  it("answers the slip of a received dossier; 409 NOT_RECEIVED before acceptance", async () => {
    const paper = await scenes.paper();
    const slip = await get(paper, sessions.officer);
    expect(slip.statusCode).toBe(200);
    expect(slip.json()).toMatchObject({ receivedAt: "08:00 27/11/2026", appointmentAt: "08:00 30/11/2026" });
    const online = await scenes.online();
    const early = await get(online, sessions.officer, { "accept-language": "en" });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toEqual({
      code: "NOT_RECEIVED",
      message: "The dossier has not been received, so it has no reception slip",
    });
  });

  it("401 without a session, 403 for a specialist or citizen, 404 for another agency's officer or an unknown id, 400 for a bad id", async () => {
    const id = await scenes.paper();
    expect((await get(id)).statusCode).toBe(401);
    expect((await get(id, sessions.specialist)).statusCode).toBe(403);
    expect((await get(id, sessions.citizen)).statusCode).toBe(403);
    expect((await get(id, sessions.other)).statusCode).toBe(404);
    expect((await get(randomUUID(), sessions.officer)).statusCode).toBe(404);
    const bad = await get("not-a-uuid", sessions.officer);
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(["id"]);
  });
});
