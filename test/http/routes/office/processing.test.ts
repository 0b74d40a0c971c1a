import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActor } from "../../../../src/services/accounts/actor.ts";
import { assignDossier } from "../../../../src/services/dossiers/processing/assignDossier.ts";
import { consultAgency } from "../../../../src/services/dossiers/processing/consultAgency.ts";
import { forwardDossier } from "../../../../src/services/dossiers/processing/forwardDossier.ts";
import { requestPayment } from "../../../../src/services/dossiers/processing/requestPayment.ts";
import {
  at,
  dossierInProcessing,
  snapshot,
} from "../../../services/dossiers/processing/processingFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds, samplePdf } from "../../../support/dossierFixtures.ts";
import { uploadFile } from "../../../support/uploadFile.ts";

const PASSWORDS: Record<string, string> = {
  "motcua.trungtam": "Demo@2026!MotCuaTT",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
  "truongphong.trungtam": "Demo@2026!TruongPhongTT",
  "lanhdao.trungtam": "Demo@2026!LanhDaoTT",
  "motcua.sotaichinh": "Demo@2026!MotCuaSTC",
  "chuyenvien.sotaichinh": "Demo@2026!ChuyenVienSTC",
  "truongphong.sotaichinh": "Demo@2026!TruongPhongSTC",
  "lanhdao.sotaichinh": "Demo@2026!LanhDaoSTC",
};

let t: AuthTestApp;
let users: Record<string, string>;
const sessions: Record<string, TestSession> = {};
const monday = at("2026-11-23T09:00");
const unknownId = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-11-23T10:00"), config: { maxFileBytes: 4096 } });
  users = await demoUserIds(t.database.db);
  for (const username of Object.keys(PASSWORDS))
    sessions[username] = await loginAs(t.app, username, PASSWORDS[username]!);
}, 120_000);
afterAll(async () => t.close());

const actor = async (username: string) => (await findActor(t.database.db, users[username]!))!;
const post = (
  url: string,
  session: TestSession | undefined,
  payload: object,
  headers: Record<string, string> = {},
) => t.app.inject({ method: "POST", url, payload, headers: { ...(session?.headers ?? {}), ...headers } });

async function inAppraisal(): Promise<string> {
  const dossierId = await dossierInProcessing(t.database.db, users, monday);
  await assignDossier(t.database.db, {
    dossierId,
    actor: await actor("truongphong.trungtam"),
    now: at("2026-11-23T09:30"),
    assigneeId: users["chuyenvien.trungtam"]!,
  });
  return dossierId;
}

async function inApproval(): Promise<string> {
  const dossierId = await inAppraisal();
  await forwardDossier(t.database.db, {
    dossierId,
    actor: await actor("chuyenvien.trungtam"),
    now: at("2026-11-23T09:45"),
    opinion: "Đủ điều kiện",
  });
  return dossierId;
}

async function leaderUpload(username = "lanhdao.trungtam"): Promise<string> {
  const response = await uploadFile(
    t.app,
    sessions[username],
    "ket-qua.pdf",
    samplePdf(`kq ${Math.random()}`),
  );
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

interface RouteCase {
  route: string;
  /** Prepares a dossier at the right step; returns its id and, for answers, the consultation. */
  setup: () => Promise<{ dossierId: string; consultationId?: string }>;
  actor: string;
  body: () => Promise<object> | object;
  invalid: object;
  invalidFields: string[];
  wrongRole: string;
  otherAgency: string;
  expected: Record<string, unknown>;
  /** What the same command answers right after it succeeded (undefined: it may be repeated). */
  repeat?: number;
}

const url = (route: string, ids: { dossierId: string; consultationId?: string }) =>
  route === "answer"
    ? `/api/office/dossiers/${ids.dossierId}/consultations/${ids.consultationId}/answer`
    : `/api/office/dossiers/${ids.dossierId}/${route}`;

const cases: RouteCase[] = [
  {
    route: "assign",
    repeat: 400,
    setup: async () => ({ dossierId: await dossierInProcessing(t.database.db, users, monday) }),
    actor: "truongphong.trungtam",
    body: () => ({ assigneeId: users["chuyenvien.trungtam"], note: "Ưu tiên" }),
    invalid: { assigneeId: "khong-phai-uuid", extra: 1 },
    invalidFields: ["assigneeId", "extra"],
    wrongRole: "chuyenvien.trungtam",
    otherAgency: "truongphong.sotaichinh",
    expected: { status: 4, internalStep: "appraisal" },
  },
  {
    route: "forward",
    repeat: 409,
    setup: async () => ({ dossierId: await inAppraisal() }),
    actor: "chuyenvien.trungtam",
    body: () => ({ opinion: "Hồ sơ hợp lệ, đề nghị phê duyệt" }),
    invalid: { opinion: "   " },
    invalidFields: ["opinion"],
    wrongRole: "motcua.trungtam",
    otherAgency: "chuyenvien.sotaichinh",
    expected: { status: 4, internalStep: "awaitingApproval" },
  },
  {
    route: "send-back",
    repeat: 403,
    setup: async () => ({ dossierId: await inApproval() }),
    actor: "lanhdao.trungtam",
    body: () => ({ reason: "Làm rõ ý kiến thẩm định" }),
    invalid: {},
    invalidFields: ["reason"],
    wrongRole: "motcua.trungtam",
    otherAgency: "lanhdao.sotaichinh",
    expected: { status: 4, internalStep: "appraisal" },
  },
  {
    route: "consult",
    setup: async () => ({ dossierId: await inAppraisal() }),
    actor: "chuyenvien.trungtam",
    body: () => ({
      toAgencyCode: "000.00.13.H99",
      toUnitCode: "PDKKD",
      question: "Cho ý kiến",
      workingDays: 2,
    }),
    invalid: { toAgencyCode: "có dấu cách", question: "x", workingDays: 0 },
    invalidFields: ["toAgencyCode", "workingDays"],
    wrongRole: "motcua.trungtam",
    otherAgency: "chuyenvien.sotaichinh",
    expected: { status: 4, internalStep: "awaitingConsultation" },
  },
  {
    route: "answer",
    repeat: 409,
    setup: async () => {
      const dossierId = await inAppraisal();
      await consultAgency(t.database.db, {
        dossierId,
        actor: await actor("chuyenvien.trungtam"),
        now: at("2026-11-23T09:40"),
        toAgencyCode: "000.00.13.H99",
        toUnitCode: "PDKKD",
        question: "Cho ý kiến",
        workingDays: 2,
      });
      const consultation = await t.database.db
        .selectFrom("consultations")
        .select("id")
        .where("dossier_id", "=", dossierId)
        .executeTakeFirstOrThrow();
      return { dossierId, consultationId: consultation.id };
    },
    actor: "chuyenvien.sotaichinh",
    body: () => ({ answer: "Thống nhất" }),
    invalid: { answer: "" },
    invalidFields: ["answer"],
    wrongRole: "motcua.sotaichinh",
    otherAgency: "lanhdao.sotaichinh",
    expected: { status: 4, internalStep: "appraisal" },
  },
  {
    route: "verification",
    setup: async () => ({ dossierId: await inAppraisal() }),
    actor: "chuyenvien.trungtam",
    body: () => ({
      outcome: "Thông tin khớp",
      meeting: {
        at: "2026-11-23T09:50:00+07:00",
        place: "UBND phường",
        participants: ["Nguyễn Văn An"],
        content: "Đối chiếu",
      },
    }),
    invalid: { outcome: "x", meeting: { place: "UBND" } },
    invalidFields: ["meeting.at", "meeting.participants", "meeting.content"],
    wrongRole: "motcua.trungtam",
    otherAgency: "chuyenvien.sotaichinh",
    expected: { status: 4, internalStep: "appraisal" },
  },
  {
    route: "request-payment",
    repeat: 409,
    setup: async () => ({ dossierId: await inAppraisal() }),
    actor: "chuyenvien.trungtam",
    body: () => ({ obligations: [{ name: "Lệ phí", amount: 5000 }] }),
    invalid: { obligations: [{ name: "Lệ phí", amount: -1 }] },
    invalidFields: ["obligations.0.amount"],
    wrongRole: "motcua.trungtam",
    otherAgency: "chuyenvien.sotaichinh",
    expected: { status: 6 },
  },
  {
    route: "confirm-payment",
    repeat: 409,
    setup: async () => {
      const dossierId = await inAppraisal();
      await requestPayment(t.database.db, {
        dossierId,
        actor: await actor("chuyenvien.trungtam"),
        now: at("2026-11-23T09:40"),
        obligations: [{ name: "Lệ phí", amount: 5000 }],
      });
      return { dossierId };
    },
    actor: "motcua.trungtam",
    body: () => ({ receiptRef: "BL-0001" }),
    invalid: {},
    invalidFields: ["receiptRef"],
    wrongRole: "chuyenvien.trungtam",
    otherAgency: "motcua.sotaichinh",
    expected: { status: 4, internalStep: "appraisal" },
  },
  {
    route: "request-supplement-after-appraisal",
    repeat: 409,
    setup: async () => ({ dossierId: await inAppraisal() }),
    actor: "chuyenvien.trungtam",
    body: () => ({ reason: "Bản sao không rõ", items: ["Bản sao có chứng thực"] }),
    invalid: { reason: "x", items: [] },
    invalidFields: ["items"],
    wrongRole: "motcua.trungtam",
    otherAgency: "chuyenvien.sotaichinh",
    expected: { status: 5 },
  },
  {
    route: "extension",
    repeat: 409,
    setup: async () => ({ dossierId: await inAppraisal() }),
    actor: "lanhdao.trungtam",
    body: () => ({ reason: "Cần xác minh thêm", newDueAt: "2026-12-04T09:00:00+07:00" }),
    invalid: { reason: "x", newDueAt: "thứ hai tuần sau" },
    invalidFields: ["newDueAt"],
    wrongRole: "chuyenvien.trungtam",
    otherAgency: "lanhdao.sotaichinh",
    expected: { status: 4, dueAt: "2026-12-04T02:00:00.000Z" },
  },
  {
    route: "approve",
    repeat: 409,
    setup: async () => ({ dossierId: await inApproval() }),
    actor: "lanhdao.trungtam",
    body: async () => ({ uploadId: await leaderUpload() }),
    invalid: { uploadId: 12 },
    invalidFields: ["uploadId"],
    wrongRole: "chuyenvien.trungtam",
    otherAgency: "lanhdao.sotaichinh",
    expected: { status: 9, internalStep: null },
  },
  {
    route: "refuse-after-appraisal",
    repeat: 409,
    setup: async () => ({ dossierId: await inApproval() }),
    actor: "lanhdao.trungtam",
    body: async () => ({ reasons: ["Không đủ điều kiện"], uploadId: await leaderUpload() }),
    invalid: { reasons: [] },
    invalidFields: ["reasons", "uploadId"],
    wrongRole: "chuyenvien.trungtam",
    otherAgency: "lanhdao.sotaichinh",
    expected: { status: 8 },
  },
];

for (const c of cases) {
  describe(`POST /api/office/dossiers/:id/${c.route === "answer" ? "consultations/:consultationId/answer" : c.route}`, () => {
    let ids: { dossierId: string; consultationId?: string };
    beforeAll(async () => {
      ids = await c.setup();
    });
    const unchanged = async (attempt: () => Promise<{ statusCode: number }>, status: number) => {
      const before = await snapshot(t.database.db, ids.dossierId);
      const response = await attempt();
      expect(response.statusCode).toBe(status);
      expect(await snapshot(t.database.db, ids.dossierId)).toEqual(before);
      return response as Awaited<ReturnType<typeof post>>;
    };

    it("401 without a session", async () => {
      const body = await c.body();
      const response = await unchanged(() => post(url(c.route, ids), undefined, body), 401);
      expect(response.json().error.code).toBe("UNAUTHENTICATED");
    });

    it(`403 for a ${c.wrongRole.split(".")[0]} (wrong role), before the input is read`, async () => {
      const response = await unchanged(() => post(url(c.route, ids), sessions[c.wrongRole], c.invalid), 403);
      expect(response.json().error.code).toBe("FORBIDDEN");
    });

    it("403 without the CSRF header", async () => {
      const body = await c.body();
      await unchanged(
        () =>
          t.app.inject({
            method: "POST",
            url: url(c.route, ids),
            payload: body,
            headers: { cookie: sessions[c.actor]!.cookie },
          }),
        403,
      );
    });

    it("400 with each wrong field named, in Vietnamese and in English", async () => {
      const vi = await unchanged(() => post(url(c.route, ids), sessions[c.actor], c.invalid), 400);
      expect(vi.json().error.message).toBe("Dữ liệu không hợp lệ");
      expect(
        vi
          .json()
          .error.fields.map((f: { field: string }) => f.field)
          .sort(),
      ).toEqual([...c.invalidFields].sort());
      const en = await unchanged(
        () => post(url(c.route, ids), sessions[c.actor], c.invalid, { "accept-language": "en" }),
        400,
      );
      expect(en.json().error.message).toBe("The input is not valid");
    });

    it("404 for an officer of another agency and for an unknown dossier", async () => {
      const body = await c.body();
      await unchanged(() => post(url(c.route, ids), sessions[c.otherAgency], body), 404);
      const unknown = await post(
        url(c.route, { ...ids, dossierId: unknownId }),
        sessions[c.actor],
        await c.body(),
      );
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe("NOT_FOUND");
    });

    it("409 STALE_DOSSIER for an old expectedVersion", async () => {
      const body = await c.body();
      const response = await unchanged(
        () => post(url(c.route, ids), sessions[c.actor], { ...body, expectedVersion: 1 }),
        409,
      );
      expect(response.json().error.code).toBe("STALE_DOSSIER");
    });

    it("200 with the dossier's new place and version", async () => {
      const before = await snapshot(t.database.db, ids.dossierId);
      const response = await post(url(c.route, ids), sessions[c.actor], {
        ...(await c.body()),
        expectedVersion: before.row.version,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        id: ids.dossierId,
        version: before.row.version + 1,
        ...c.expected,
      });
      expect((await snapshot(t.database.db, ids.dossierId)).events).toBe(before.events + 1);
    });

    it("409 (or 400/403) when the same command comes again, with nothing changed", async () => {
      if (c.repeat === undefined) return; // a verification or another consultation may be recorded again
      const body = await c.body();
      await unchanged(() => post(url(c.route, ids), sessions[c.actor], body), c.repeat);
    });
  });
}

describe("rules that answer 409 through HTTP, with nothing changed", () => {
  it("R-SUPP-1: a supplement asked after the 3-working-day window", async () => {
    const dossierId = await inAppraisal();
    t.clock.current = at("2026-11-26T09:30");
    const session = await loginAs(t.app, "chuyenvien.trungtam", PASSWORDS["chuyenvien.trungtam"]!);
    const before = await snapshot(t.database.db, dossierId);
    const response = await post(
      `/api/office/dossiers/${dossierId}/request-supplement-after-appraisal`,
      session,
      {
        reason: "Thiếu",
        items: ["Bản sao"],
      },
    );
    t.clock.current = at("2026-11-23T10:00");
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: "SUPPLEMENT_WINDOW_PASSED",
      message: "Đã quá thời hạn yêu cầu bổ sung hồ sơ (3 ngày làm việc kể từ ngày tiếp nhận).",
    });
    expect(await snapshot(t.database.db, dossierId)).toEqual(before);
  });

  it("R-LATE-3 and R-LATE-1: a second extension; an extension less than 1 working day before the due date", async () => {
    const dossierId = await inAppraisal();
    const path = `/api/office/dossiers/${dossierId}/extension`;
    const leader = sessions["lanhdao.trungtam"]!;
    expect(
      (await post(path, leader, { reason: "Xác minh", newDueAt: "2026-12-04T09:00:00+07:00" })).statusCode,
    ).toBe(200);
    let before = await snapshot(t.database.db, dossierId);
    const second = await post(
      path,
      leader,
      { reason: "Lần hai", newDueAt: "2026-12-10T09:00:00+07:00" },
      { "accept-language": "en" },
    );
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: "EXTENSION_ALREADY_USED",
      message: "The appointment was already extended once; a second extension is not allowed.",
    });
    expect(await snapshot(t.database.db, dossierId)).toEqual(before);

    const other = await inAppraisal();
    t.clock.current = at("2026-11-27T10:00");
    const late = await loginAs(t.app, "lanhdao.trungtam", PASSWORDS["lanhdao.trungtam"]!);
    before = await snapshot(t.database.db, other);
    const tooLate = await post(`/api/office/dossiers/${other}/extension`, late, {
      reason: "Chậm",
      newDueAt: "2026-12-04T09:00:00+07:00",
    });
    t.clock.current = at("2026-11-23T10:00");
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json().error.code).toBe("EXTENSION_TOO_LATE");
    expect(await snapshot(t.database.db, other)).toEqual(before);
  });
});

describe("files for approval and refusal", () => {
  it("the result upload is checked by content (415) and size (413) before approval; a JSON route refuses other bodies (415)", async () => {
    const leader = sessions["lanhdao.trungtam"]!;
    const fake = await uploadFile(t.app, leader, "ket-qua.pdf", new TextEncoder().encode("không phải PDF"));
    expect(fake.statusCode).toBe(415);
    // A real PDF's start, then more bytes than the limit: the type passes on the first bytes, the size does not.
    const oversized = new Uint8Array(5000);
    oversized.set(new TextEncoder().encode("%PDF-1.4\n"));
    const big = await uploadFile(t.app, leader, "ket-qua.pdf", oversized);
    expect(big.statusCode).toBe(413);
    const dossierId = await inApproval();
    const before = await snapshot(t.database.db, dossierId);
    const text = await t.app.inject({
      method: "POST",
      url: `/api/office/dossiers/${dossierId}/approve`,
      payload: "<uploadId>1</uploadId>",
      headers: { ...leader.headers, "content-type": "application/xml" },
    });
    expect(text.statusCode).toBe(415);
    const huge = await post(`/api/office/dossiers/${dossierId}/approve`, leader, {
      uploadId: "x".repeat(2_000_000),
    });
    expect(huge.statusCode).toBe(413);
    expect(await snapshot(t.database.db, dossierId)).toEqual(before);
  });

  it("400 when the upload is someone else's; the upload stays free", async () => {
    const dossierId = await inApproval();
    const foreign = await leaderUpload("chuyenvien.trungtam");
    const before = await snapshot(t.database.db, dossierId);
    const response = await post(`/api/office/dossiers/${dossierId}/approve`, sessions["lanhdao.trungtam"], {
      uploadId: foreign,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual([
      { field: "uploadId", message: "Không tìm thấy tệp đã tải lên (hoặc tệp đã được dùng cho hồ sơ khác)" },
    ]);
    expect(await snapshot(t.database.db, dossierId)).toEqual(before);
  });
});
