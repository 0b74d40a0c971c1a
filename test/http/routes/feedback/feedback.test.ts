import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedbackCounts } from "../../../../src/services/feedback/feedbackIndicators.ts";
import { at, dossierThroughLifecycle } from "../../../services/evaluation/evaluationFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds, samplePdf } from "../../../support/dossierFixtures.ts";

/**
 * Issue #17 routes: sending feedback and questions (R-PAKN-1, R-QA-1), routing and re-routing by the service center,
 * answering in the agency's scope, anonymised publication, the FAQ. One database for the file; the steps build on
 * each other in order.
 */

let t: AuthTestApp;
let dossierCode: string;
const s = {} as Record<"citizen" | "other" | "specialist" | "financeOfficer" | "monitor", TestSession>;

beforeAll(async () => {
  t = await createAuthTestApp({
    start: at("2026-11-23T09:00"),
    config: {
      sessionIdleMinutes: 1_000_000,
      sessionApplicantIdleMinutes: 1_000_000,
      sessionMaxHours: 100_000,
    },
  });
  const users = await demoUserIds(t.database.db);
  const dossierId = await dossierThroughLifecycle(t.database.db, users, {
    acceptedAt: at("2026-11-20T09:00"),
  });
  dossierCode = (
    await t.database.db
      .selectFrom("dossiers")
      .select("code")
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow()
  ).code;
  s.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
  s.other = await loginAs(t.app, "doanhnghiep.demo", "Demo@2026!DoanhNghiep");
  s.specialist = await loginAs(t.app, "chuyenvien.trungtam", "Demo@2026!ChuyenVienTT");
  s.financeOfficer = await loginAs(t.app, "chuyenvien.sotaichinh", "Demo@2026!ChuyenVienSTC");
  s.monitor = await loginAs(t.app, "giamsat.ttpvhcc", "Demo@2026!GiamSatHCC");
});
afterAll(async () => t?.close());

const call = (
  method: "GET" | "POST",
  url: string,
  options: {
    session?: TestSession;
    payload?: unknown;
    language?: string;
    headers?: Record<string, string>;
  } = {},
) =>
  t.app.inject({
    method,
    url,
    ...(options.payload === undefined ? {} : { payload: options.payload as object }),
    headers: {
      ...(options.session?.headers ?? {}),
      ...(options.language ? { "accept-language": options.language } : {}),
      ...(options.headers ?? {}),
    },
  });

const fields = (response: { json(): { error: { fields?: { field: string }[] } } }) =>
  (response.json().error.fields ?? []).map((field) => field.field);

const attach = (
  content: Uint8Array,
  fileName: string,
  session?: TestSession,
  headers: Record<string, string> = {},
) => {
  const boundary = `----pakn${randomBytes(6).toString("hex")}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: "POST",
    url: "/api/public/feedback/attachments",
    headers: {
      ...(session?.headers ?? {}),
      ...headers,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    payload,
  });
};

const feedbackAbout = (code: string) => ({
  subject: "dossier",
  dossierCode: code,
  title: "Hồ sơ chậm trả kết quả",
  content: "Tôi là Nguyễn Văn An, số điện thoại 0912 345 678, hồ sơ đã quá hẹn mà chưa có kết quả.",
  name: "Nguyễn Văn An",
  phone: "0912345678",
  consentPublish: true,
});

const question = {
  procedureCode: "1.004884",
  identity: "CCCD 001203004567, 12 Lê Lợi, phường Trung Tâm",
  title: "Đăng ký lại khai sinh cần giấy tờ gì?",
  content: "Tôi bị mất giấy khai sinh bản gốc, xin hỏi đăng ký lại khai sinh cần những giấy tờ nào?",
  name: "Trần Thị Bình",
  email: "binh.tran@example.vn",
  consentPublish: true,
};

const signature = {
  name: "Lê Văn Cường",
  title: "Chuyên viên",
  phone: "02253800100",
  email: "tuphap@trungtam.gov.vn",
  legalReferences: "Nghị định 123/2015/NĐ-CP",
};

const ids: Record<string, string> = {};

describe("one-time codes for a sender without an account", () => {
  it("400 for a bad phone, 201 with a code sent through the SMS outbox; a wrong code 422, the right one 200", async () => {
    const bad = await call("POST", "/api/public/contact-verifications", {
      payload: { channel: "sms", address: "12" },
    });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toContain("address");
    const started = await call("POST", "/api/public/contact-verifications", {
      payload: { channel: "sms", address: "+84 987 654 321" },
    });
    expect(started.statusCode).toBe(201);
    const id = started.json().verificationId as string;
    const sms = await t.database.db
      .selectFrom("notifications")
      .select(["address", "body", "channel"])
      .where("idempotency_key", "=", `contact-verification-${id}`)
      .executeTakeFirstOrThrow();
    expect(sms).toMatchObject({ address: "0987654321", channel: "sms" });
    const code = /(\d{6})/.exec(sms.body)?.[1] as string;
    const wrong = await call("POST", `/api/public/contact-verifications/${id}/confirm`, {
      payload: { code: code === "000000" ? "111111" : "000000" },
      language: "en",
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.message).toBe("The code is wrong or has expired");
    const right = await call("POST", `/api/public/contact-verifications/${id}/confirm`, {
      payload: { code },
    });
    expect(right.statusCode).toBe(200);
    ids.verification = id;
  });
});

describe("POST /api/public/feedback (R-PAKN-1, R-PAKN-2)", () => {
  it("403 without a session or a verified contact, in Vietnamese and English", async () => {
    const vi = await call("POST", "/api/public/feedback", { payload: feedbackAbout(dossierCode) });
    expect(vi.statusCode).toBe(403);
    expect(vi.json().error.code).toBe("CONTACT_NOT_VERIFIED");
    const en = await call("POST", "/api/public/feedback", {
      payload: feedbackAbout(dossierCode),
      language: "en",
    });
    expect(en.json().error.message).toMatch(/^Please log in, or verify/);
  });

  it.each([
    ["an unknown dossier code", { dossierCode: "KHONG-CO" }, "dossierCode"],
    ["no dossier code for a dossier", { dossierCode: undefined }, "dossierCode"],
    ["a too short content", { content: "ngắn" }, "content"],
    ["an unknown subject", { subject: "weather" }, "subject"],
    ["an officer without a name", { subject: "officer", agencyCode: "000.20.01.H99" }, "officerName"],
  ])("400 for %s", async (_name, change, field) => {
    const response = await call("POST", "/api/public/feedback", {
      session: s.citizen,
      payload: { ...feedbackAbout(dossierCode), ...change },
    });
    expect(response.statusCode).toBe(400);
    expect(fields(response)).toContain(field);
  });

  it("attachments: 403 anonymous without a code, 415 for a text file, 201 for a PDF", async () => {
    expect((await attach(samplePdf(), "a.pdf")).statusCode).toBe(403);
    expect((await attach(new TextEncoder().encode("plain text"), "a.txt", s.citizen)).statusCode).toBe(415);
    const pdf = await attach(samplePdf("feedback"), "bang-chung.pdf", s.citizen);
    expect(pdf.statusCode).toBe(201);
    ids.attachment = pdf.json().id;
  });

  it("201 for the signed-in citizen about a dossier: due 10 working days later, the file attached", async () => {
    const response = await call("POST", "/api/public/feedback", {
      session: s.citizen,
      payload: { ...feedbackAbout(dossierCode), attachmentIds: [ids.attachment] },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.status).toBe("received");
    // Monday 23 November 2026 09:00 + 10 wd → Monday 7 December 09:00.
    expect(body.dueAt).toBe(at("2026-12-07T09:00").toISOString());
    ids.feedback = body.id;
    const attached = await t.database.db
      .selectFrom("feedback_attachments")
      .select("feedback_id")
      .where("id", "=", ids.attachment as string)
      .executeTakeFirstOrThrow();
    expect(attached.feedback_id).toBe(body.id);
  });

  it("201 anonymous with the verified phone; the same code cannot send twice", async () => {
    const payload = {
      subject: "agency",
      agencyCode: "000.20.01.H99",
      title: "Góp ý về giờ làm việc",
      content: "Đề nghị bộ phận một cửa mở cửa thêm sáng thứ Bảy để người dân đi làm có thể đến nộp hồ sơ.",
      name: "Người dân",
      consentPublish: false,
      verificationId: ids.verification,
    };
    const first = await call("POST", "/api/public/feedback", { payload });
    expect(first.statusCode).toBe(201);
    const row = await t.database.db
      .selectFrom("feedback_items")
      .select(["submitter_phone", "contact_verified", "submitter_user_id"])
      .where("id", "=", first.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ submitter_phone: "0987654321", contact_verified: true, submitter_user_id: null });
    expect((await call("POST", "/api/public/feedback", { payload })).statusCode).toBe(403);
  });
});

describe("POST /api/public/questions (R-QA-1)", () => {
  it("400 without diacritics, without identity or procedure", async () => {
    const plain = await call("POST", "/api/public/questions", {
      session: s.citizen,
      payload: {
        ...question,
        title: "Dang ky lai khai sinh",
        content: "Can nhung giay to nao de dang ky lai khai sinh?",
      },
    });
    expect(plain.statusCode).toBe(400);
    expect(plain.json().error.fields[0].message).toBe("Vui lòng viết câu hỏi bằng tiếng Việt có dấu");
    const { identity: _identity, ...noIdentity } = question;
    expect(
      fields(await call("POST", "/api/public/questions", { session: s.citizen, payload: noIdentity })),
    ).toContain("identity");
    const unknown = await call("POST", "/api/public/questions", {
      session: s.citizen,
      payload: { ...question, procedureCode: "9.999999" },
    });
    expect(fields(unknown)).toContain("procedureCode");
  });

  it("201 for a question about a procedure", async () => {
    const response = await call("POST", "/api/public/questions", { session: s.citizen, payload: question });
    expect(response.statusCode).toBe(201);
    expect(response.json().dueAt).toBeNull();
    ids.question = response.json().id;
  });
});

describe("routing by the service center (issue #17, R-PAKN-3, R-QA-1)", () => {
  const route = (id: string, agencyCode: string, session?: TestSession, extra: object = {}) =>
    call("POST", `/api/monitoring/feedback/${id}/route`, {
      ...(session ? { session } : {}),
      payload: { agencyCode, category: "procedureHandling", ...extra },
    });

  it("401 without a session, 403 for a citizen and an agency officer", async () => {
    expect((await route(ids.feedback as string, "000.20.01.H99")).statusCode).toBe(401);
    expect((await route(ids.feedback as string, "000.20.01.H99", s.citizen)).statusCode).toBe(403);
    expect((await route(ids.feedback as string, "000.20.01.H99", s.specialist)).statusCode).toBe(403);
    expect((await call("GET", "/api/monitoring/feedback", { session: s.specialist })).statusCode).toBe(403);
  });

  it("400 for an unknown agency or category", async () => {
    expect(fields(await route(ids.feedback as string, "999", s.monitor))).toContain("agencyCode");
    const badCategory = await call("POST", `/api/monitoring/feedback/${ids.feedback}/route`, {
      session: s.monitor,
      payload: { agencyCode: "000.20.01.H99", category: "gossip" },
    });
    expect(fields(badCategory)).toContain("category");
  });

  it("the console lists waiting items with the suggested agency", async () => {
    const response = await call("GET", "/api/monitoring/feedback?status=received", { session: s.monitor });
    expect(response.statusCode).toBe(200);
    const item = response.json().items.find((i: { id: string }) => i.id === ids.feedback);
    expect(item).toMatchObject({ dossierCode, suggestedAgency: { code: "000.20.01.H99" } });
  });

  it("misrouted to the finance department, then re-routed the next morning (6 + 3 working hours): the clock is recorded", async () => {
    expect((await route(ids.feedback as string, "000.00.13.H99", s.monitor)).statusCode).toBe(200);
    t.clock.current = at("2026-11-24T10:00");
    const rerouted = await route(ids.feedback as string, "000.20.01.H99", s.monitor);
    expect(rerouted.statusCode).toBe(200);
    expect(rerouted.json().reroute).toEqual({ heldWorkingHours: 9, allowedWorkingHours: 16, onTime: true });
    // The answer time still runs from receipt (R-PAKN-2).
    expect(rerouted.json().dueAt).toBe(at("2026-12-07T09:00").toISOString());
    expect((await route(ids.feedback as string, "000.20.01.H99", s.monitor)).statusCode).toBe(409);
    const detail = await call("GET", `/api/feedback/${ids.feedback}`, { session: s.monitor });
    expect(detail.json().events.map((e: { type: string }) => e.type)).toEqual([
      "received",
      "routed",
      "rerouted",
    ]);
  });

  it("a question is due 3 working days after routing; the agency returns it, the 4 working hours checked", async () => {
    const routed = await route(ids.question as string, "000.20.01.H99", s.monitor);
    expect(routed.json().dueAt).toBe(at("2026-11-27T10:00").toISOString());
    t.clock.current = at("2026-11-24T15:00");
    const returned = await call("POST", `/api/office/feedback/${ids.question}/return`, {
      session: s.specialist,
      payload: { reason: "Thuộc thẩm quyền Sở Tư pháp" },
    });
    expect(returned.statusCode).toBe(200);
    expect(returned.json().reroute).toMatchObject({ heldWorkingHours: 3, onTime: true });
    expect((await route(ids.question as string, "000.20.01.H99", s.monitor)).statusCode).toBe(200);
  });
});

describe("the agency's inbox and answers", () => {
  it("the inbox shows the agency's items with working hours left; another agency sees none; citizens 403", async () => {
    const inbox = await call("GET", "/api/office/feedback", { session: s.specialist });
    expect(inbox.statusCode).toBe(200);
    const item = inbox.json().items.find((i: { id: string }) => i.id === ids.feedback);
    expect(item.workingHoursLeft).toBeGreaterThan(0);
    const finance = await call("GET", "/api/office/feedback", { session: s.financeOfficer });
    expect(finance.json().items).toEqual([]);
    expect((await call("GET", "/api/office/feedback", { session: s.citizen })).statusCode).toBe(403);
  });

  it("detail: the submitter and the agency 200; another applicant or agency 404", async () => {
    expect((await call("GET", `/api/feedback/${ids.feedback}`, { session: s.citizen })).statusCode).toBe(200);
    const agency = await call("GET", `/api/feedback/${ids.feedback}`, { session: s.specialist });
    expect(agency.json().attachments).toHaveLength(1);
    expect((await call("GET", `/api/feedback/${ids.feedback}`, { session: s.other })).statusCode).toBe(404);
    expect(
      (await call("GET", `/api/feedback/${ids.feedback}`, { session: s.financeOfficer })).statusCode,
    ).toBe(404);
  });

  it("answer: 403 for a citizen, 404 for another agency, 400 for a short answer or no signature", async () => {
    const url = `/api/office/feedback/${ids.feedback}/answer`;
    const payload = { answer: "Hồ sơ đã được giải quyết, mời ông đến nhận kết quả.", signature };
    expect((await call("POST", url, { session: s.citizen, payload })).statusCode).toBe(403);
    expect((await call("POST", url, { session: s.financeOfficer, payload })).statusCode).toBe(404);
    expect(
      fields(await call("POST", url, { session: s.specialist, payload: { ...payload, answer: "ok" } })),
    ).toContain("answer");
    expect(
      (await call("POST", url, { session: s.specialist, payload: { answer: payload.answer } })).statusCode,
    ).toBe(400);
  });

  it("200: answered within the deadline and published without the submitter's personal data", async () => {
    t.clock.current = at("2026-11-26T09:00");
    const url = `/api/office/feedback/${ids.feedback}/answer`;
    const response = await call("POST", url, {
      session: s.specialist,
      payload: {
        answer: "Kính gửi ông Nguyễn Văn An (0912345678): hồ sơ đã có kết quả, mời ông đến nhận.",
        signature,
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe("published");
    expect(
      (
        await call("POST", url, {
          session: s.specialist,
          payload: { answer: "Trả lời lần hai nhé", signature },
        })
      ).statusCode,
    ).toBe(409);
    const published = await call("GET", "/api/public/feedback/published");
    const item = published.json().items[0];
    expect(item.answer).toBe("Kính gửi ông *** (***): hồ sơ đã có kết quả, mời ông đến nhận.");
    expect(published.body).not.toMatch(/Nguyễn Văn An|0912|345 678/);
    expect(item.signature.name).toBe("Lê Văn Cường");
  });

  it("the citizen's own list and reaction; another applicant cannot react", async () => {
    const mine = await call("GET", "/api/citizen/feedback", { session: s.citizen });
    expect(mine.json().items.map((i: { id: string }) => i.id)).toContain(ids.feedback);
    expect((await call("GET", "/api/citizen/feedback", { session: s.other })).json().items).toEqual([]);
    expect((await call("GET", "/api/citizen/feedback", { session: s.specialist })).statusCode).toBe(403);
    const url = `/api/citizen/feedback/${ids.feedback}/reaction`;
    expect((await call("POST", url, { session: s.other, payload: { reaction: "dislike" } })).statusCode).toBe(
      404,
    );
    expect(fields(await call("POST", url, { session: s.citizen, payload: { reaction: "meh" } }))).toContain(
      "reaction",
    );
    expect((await call("POST", url, { session: s.citizen, payload: { reaction: "like" } })).statusCode).toBe(
      200,
    );
  });

  it("the feedback counts for the 766 indicators and index 8", async () => {
    const agency = await t.database.db
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", "000.20.01.H99")
      .executeTakeFirstOrThrow();
    const counts = await feedbackCounts(t.database.db, {
      agencyIds: [agency.id],
      from: at("2026-11-01T00:00"),
      to: at("2026-12-01T00:00"),
      now: at("2026-12-20T09:00"),
    });
    expect(counts.onTime).toEqual({ numerator: 1, denominator: 1 });
    expect(counts.satisfaction).toEqual({ numerator: 1, denominator: 1 });
    expect(counts.handling).toEqual({ received: 1, handledOnTime: 1, prolonged: 0 });
  });
});

describe("questions become the FAQ, found without diacritics (R-QA-1)", () => {
  it("the agency answers; only the center promotes it; search without diacritics finds it", async () => {
    const answered = await call("POST", `/api/office/feedback/${ids.question}/answer`, {
      session: s.specialist,
      payload: {
        answer: "Cần tờ khai đăng ký lại khai sinh và bản sao giấy tờ tùy thân của người yêu cầu.",
        signature,
      },
    });
    expect(answered.statusCode).toBe(200);
    const url = `/api/monitoring/feedback/${ids.question}/faq`;
    expect((await call("POST", url, { session: s.specialist, payload: {} })).statusCode).toBe(403);
    expect(
      (
        await call("POST", `/api/monitoring/feedback/${ids.feedback}/faq`, {
          session: s.monitor,
          payload: {},
        })
      ).statusCode,
    ).toBe(409);
    const promoted = await call("POST", url, { session: s.monitor, payload: {} });
    expect(promoted.statusCode).toBe(201);
    expect((await call("POST", url, { session: s.monitor, payload: {} })).statusCode).toBe(409);
    const found = await call("GET", "/api/public/faq?q=dang%20ky%20lai%20khai%20sinh%20giay%20to");
    expect(found.json().items).toHaveLength(1);
    expect(found.json().items[0]).toMatchObject({ procedure: { code: "1.004884" }, source: "question" });
    expect(found.body).not.toMatch(/Trần Thị Bình|binh\.tran|001203004567/);
    const byProcedure = await call("GET", "/api/public/faq?procedure=1.004884");
    expect(byProcedure.json().items).toHaveLength(1);
    expect((await call("GET", "/api/public/faq?q=xay%20dung")).json().items).toEqual([]);
  });

  it("JSON import of the national FAQ: 403 for officers, 400 for an unknown procedure, idempotent", async () => {
    const entries = [
      {
        nationalId: "QG-1",
        question: "Lệ phí đăng ký khai sinh là bao nhiêu?",
        answer: "Miễn lệ phí khi đăng ký đúng hạn.",
        procedureCode: "1.001193",
      },
    ];
    expect(
      (await call("POST", "/api/monitoring/faq/import", { session: s.specialist, payload: { entries } }))
        .statusCode,
    ).toBe(403);
    const unknown = await call("POST", "/api/monitoring/faq/import", {
      session: s.monitor,
      payload: { entries: [{ ...entries[0], procedureCode: "9.999999" }] },
    });
    expect(fields(unknown)).toContain("entries.0.procedureCode");
    expect(
      (await call("POST", "/api/monitoring/faq/import", { session: s.monitor, payload: { entries } })).json(),
    ).toEqual({ added: 1, updated: 0 });
    expect(
      (await call("POST", "/api/monitoring/faq/import", { session: s.monitor, payload: { entries } })).json(),
    ).toEqual({ added: 0, updated: 1 });
    expect((await call("GET", "/api/public/faq?q=le%20phi%20khai%20sinh")).json().items).toHaveLength(1);
  });
});

describe("refusal", () => {
  it("403 for a citizen; the center refuses a complaint with its reason; a second refusal 409", async () => {
    const sent = await call("POST", "/api/public/feedback", {
      session: s.other,
      payload: {
        ...feedbackAbout(dossierCode),
        title: "Tố cáo cán bộ nhận tiền",
        subject: "procedure",
        procedureCode: "1.004884",
        dossierCode: undefined,
      },
    });
    const url = `/api/feedback/${sent.json().id}/refuse`;
    expect(
      (await call("POST", url, { session: s.citizen, payload: { reason: "Không thuộc phạm vi" } }))
        .statusCode,
    ).toBe(403);
    expect(fields(await call("POST", url, { session: s.monitor, payload: { reason: "x" } }))).toContain(
      "reason",
    );
    expect(
      (
        await call("POST", url, {
          session: s.monitor,
          payload: { reason: "Tố cáo được xử lý theo Luật Tố cáo" },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await call("POST", url, {
          session: s.monitor,
          payload: { reason: "Tố cáo được xử lý theo Luật Tố cáo" },
        })
      ).statusCode,
    ).toBe(409);
  });
});
