import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoUserIds, submitBirthRegistration } from "../../../support/dossierFixtures.ts";
import { at, createSupportKit, type SupportKit } from "./supportKit.ts";

/** Support tickets (issue #17, R-OPS-4): requests from any page, the desk, hotline calls, reports. */
let kit: SupportKit;
// Monday 7 December 2026, 09:00 in the province.
const start = at("2026-12-07T09:00");

beforeAll(async () => {
  kit = await createSupportKit(start);
}, 120_000);
afterAll(async () => kit?.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  kit.app.inject({ method: "POST", url, payload: payload as object, headers });
const get = (url: string, headers: Record<string, string> = {}) =>
  kit.app.inject({ method: "GET", url, headers });

const request = {
  topic: "submission",
  description: "Không tải được tệp đính kèm",
  pageUrl: "/thu-tuc/1.001193",
};

describe("POST /api/support/tickets", () => {
  it("an anonymous request needs a phone or an e-mail, said in Vietnamese or English", async () => {
    const vi = await post("/api/support/tickets", request);
    expect(vi.statusCode).toBe(400);
    expect(vi.json().error.fields[0]).toEqual({
      field: "phone",
      message: "Vui lòng để lại số điện thoại hoặc thư điện tử để bộ phận hỗ trợ liên hệ lại",
    });
    const en = await post("/api/support/tickets", request, { "accept-language": "en" });
    expect(en.json().error.fields[0].message).toBe(
      "Please leave a phone number or an e-mail address so support can reply",
    );
  });

  it("refuses a malformed phone, a malformed e-mail, a blank description and an unknown topic", async () => {
    const phone = await post("/api/support/tickets", { ...request, phone: "12345" });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.fields[0].field).toBe("phone");
    const email = await post("/api/support/tickets", { ...request, email: "khong-phai-email" });
    expect(email.json().error.fields.map((f: { field: string }) => f.field)).toContain("email");
    const blank = await post("/api/support/tickets", { ...request, description: "   ", phone: "0912345678" });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.fields[0].field).toBe("description");
    const topic = await post("/api/support/tickets", { ...request, topic: "weather", phone: "0912345678" });
    expect(topic.statusCode).toBe(400);
    const extra = await post("/api/support/tickets", { ...request, phone: "0912345678", status: "closed" });
    expect(extra.statusCode).toBe(400);
  });

  it("takes an anonymous request with a phone: a code, both clocks on the working calendar, no dossier", async () => {
    const response = await post("/api/support/tickets", {
      ...request,
      phone: "+84 912 345 678",
      name: "Trần Văn Bình",
      dossierId: "00000000-0000-4000-8000-000000000000",
    });
    expect(response.statusCode).toBe(201);
    const ticket = response.json();
    expect(ticket.code).toMatch(/^HT-261207-\d{4}$/);
    expect(ticket).toMatchObject({
      channel: "web",
      status: "new",
      requesterPhone: "0912345678",
      requesterName: "Trần Văn Bình",
      pageUrl: "/thu-tuc/1.001193",
      dossierId: null,
      responseDueAt: "2026-12-07T15:00:00+07:00",
      resolutionDueAt: "2026-12-08T09:00:00+07:00",
      responseMark: "running",
      overdue: false,
    });
  });

  it("attaches the page's dossier for its owner, never someone else's", async () => {
    const users = await demoUserIds(kit.database.db);
    const { row } = await submitBirthRegistration(kit.database.db, users["congdan.demo"]!, start);
    const own = await post(
      "/api/support/tickets",
      { ...request, dossierId: row.id },
      kit.sessions.citizen.headers,
    );
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({
      dossierId: row.id,
      dossierCode: row.code,
      requesterUserId: users["congdan.demo"],
    });
    const other = await post(
      "/api/support/tickets",
      { ...request, dossierId: row.id },
      kit.sessions.business.headers,
    );
    expect(other.statusCode).toBe(201);
    expect(other.json().dossierId).toBeNull();
  });
});

describe("the requester's own tickets", () => {
  it("lists only one's own, shows one's own with its history, hides others' as not found", async () => {
    const mine = await get("/api/support/tickets/mine", kit.sessions.citizen.headers);
    expect(mine.statusCode).toBe(200);
    const tickets = mine.json() as Array<{ id: string; requesterUserId: string }>;
    expect(tickets.length).toBe(1);
    const detail = await get(`/api/support/tickets/${tickets[0]!.id}`, kit.sessions.citizen.headers);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().history[0]).toMatchObject({ kind: "created", toStatus: "new" });
    const foreign = await get(`/api/support/tickets/${tickets[0]!.id}`, kit.sessions.business.headers);
    expect(foreign.statusCode).toBe(404);
    expect((await get("/api/support/tickets/mine")).statusCode).toBe(401);
  });
});

describe("the support desk", () => {
  it("support staff list every ticket; officers without the role get 403, citizens 403, nobody 401", async () => {
    const list = await get("/api/support/desk/tickets?status=open", kit.sessions.support.headers);
    expect(list.statusCode).toBe(200);
    expect(list.json().length).toBe(3);
    expect((await get("/api/support/desk/tickets", kit.sessions.admin.headers)).statusCode).toBe(200);
    expect((await get("/api/support/desk/tickets", kit.sessions.counter.headers)).statusCode).toBe(403);
    expect((await get("/api/support/desk/tickets", kit.sessions.citizen.headers)).statusCode).toBe(403);
    expect((await get("/api/support/desk/tickets")).statusCode).toBe(401);
    expect(
      (await get("/api/support/desk/tickets?status=lost", kit.sessions.support.headers)).statusCode,
    ).toBe(400);
  });

  it("marks a ticket overdue once its response target passes without an answer", async () => {
    kit.clock.current = at("2026-12-07T15:30");
    const overdue = await get("/api/support/desk/tickets?overdueOnly=true", kit.sessions.support.headers);
    expect(overdue.json().length).toBe(3);
    expect(overdue.json()[0]).toMatchObject({ responseMark: "overdue", overdue: true });
  });

  it("handles a ticket: assign, answer, resolve, close; each refusal has its status", async () => {
    const [ticket] = (await get("/api/support/desk/tickets", kit.sessions.support.headers)).json() as Array<{
      id: string;
    }>;
    const url = `/api/support/desk/tickets/${ticket!.id}`;
    const staff = (await get("/api/support/desk/staff", kit.sessions.support.headers)).json() as Array<{
      id: string;
      fullName: string;
    }>;
    const me = staff.find((person) => person.fullName === "Lê Thị Hồng Nhung")!;
    const users = await demoUserIds(kit.database.db);

    expect((await post(url, {}, kit.sessions.support.headers)).statusCode).toBe(400);
    const wrongAssignee = await post(
      url,
      { assigneeId: users["motcua.trungtam"] },
      kit.sessions.support.headers,
    );
    expect(wrongAssignee.statusCode).toBe(400);
    expect(wrongAssignee.json().error.fields[0].field).toBe("assigneeId");
    expect((await post(url, { status: "in_progress" }, kit.sessions.counter.headers)).statusCode).toBe(403);
    expect((await post(url, { status: "in_progress" }, kit.sessions.citizen.headers)).statusCode).toBe(403);
    expect((await post(url, { status: "in_progress" })).statusCode).toBe(401);

    const taken = await post(
      url,
      { status: "in_progress", assigneeId: me.id, note: "Đã gọi lại cho người dân", expectedStatus: "new" },
      kit.sessions.support.headers,
    );
    expect(taken.statusCode).toBe(200);
    expect(taken.json()).toMatchObject({
      status: "in_progress",
      assigneeName: "Lê Thị Hồng Nhung",
      firstResponseAt: "2026-12-07T15:30:00+07:00",
      responseMark: "late",
    });
    const stale = await post(
      url,
      { status: "resolved", expectedStatus: "new" },
      kit.sessions.support.headers,
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("TICKET_STALE");

    kit.clock.current = at("2026-12-07T16:00");
    const resolved = await post(url, { status: "resolved" }, kit.sessions.support.headers);
    expect(resolved.json()).toMatchObject({ status: "resolved", resolutionMark: "onTime" });
    expect((await post(url, { status: "closed" }, kit.sessions.support.headers)).statusCode).toBe(200);
    const reopened = await post(url, { status: "in_progress" }, kit.sessions.support.headers);
    expect(reopened.statusCode).toBe(409);
    expect(reopened.json().error).toMatchObject({
      code: "TICKET_TRANSITION_NOT_ALLOWED",
      message: "Yêu cầu hỗ trợ đã đóng, không thể thay đổi",
    });
    const history = (await get(`/api/support/tickets/${ticket!.id}`, kit.sessions.support.headers)).json()
      .history;
    expect(history.map((entry: { kind: string }) => entry.kind)).toEqual([
      "created",
      "status",
      "assigned",
      "note",
      "status",
      "status",
    ]);
  });

  it("logs a hotline call as a ticket; only the desk may", async () => {
    const call = {
      topic: "payment",
      description: "Gọi hỏi về lệ phí",
      phone: "0987654321",
      name: "Ông Hùng",
    };
    const logged = await post("/api/support/desk/hotline", call, kit.sessions.support.headers);
    expect(logged.statusCode).toBe(201);
    expect(logged.json()).toMatchObject({
      channel: "hotline",
      requesterUserId: null,
      requesterPhone: "0987654321",
    });
    expect((await post("/api/support/desk/hotline", call, kit.sessions.citizen.headers)).statusCode).toBe(
      403,
    );
    expect((await post("/api/support/desk/hotline", call, kit.sessions.counter.headers)).statusCode).toBe(
      403,
    );
    const noContact = await post(
      "/api/support/desk/hotline",
      { topic: "payment", description: "x" },
      kit.sessions.support.headers,
    );
    expect(noContact.statusCode).toBe(400);
  });
});

describe("support reports", () => {
  it("counts the quarter by channel, status and topic with the within-target rates", async () => {
    const response = await get("/api/support/desk/report?period=2026-Q4", kit.sessions.support.headers);
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.total).toBe(4);
    expect(report.byChannel).toEqual({ web: 3, hotline: 1 });
    expect(report.byStatus.closed).toBe(1);
    expect(report.byTopic.payment).toBe(1);
    // Three web tickets answered late or unanswered past due; the hotline call's clock still runs.
    expect(report.response).toEqual({ met: 0, missed: 3, pending: 1, rate: 0 });
    expect(report.resolution).toMatchObject({ met: 1, pending: 3, rate: 100 });
    const half = (await get("/api/support/desk/report?period=2026-H1", kit.sessions.admin.headers)).json();
    expect(half.total).toBe(0);
    expect(half.response.rate).toBeNull();
  });

  it("gives the report as CSV with Vietnamese labels; refuses a malformed period and foreign roles", async () => {
    const csv = await get("/api/support/desk/report.csv?period=2026-H2", kit.sessions.support.headers);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.headers["content-disposition"]).toContain("bao-cao-ho-tro-2026-H2.csv");
    expect(csv.body).toContain("Đường dây nóng");
    expect(csv.body).toContain("Tỷ lệ đúng hạn (%)");
    expect(
      (await get("/api/support/desk/report?period=2026-Q5", kit.sessions.support.headers)).statusCode,
    ).toBe(400);
    expect(
      (await get("/api/support/desk/report?period=2026-Q4", kit.sessions.counter.headers)).statusCode,
    ).toBe(403);
    expect(
      (await get("/api/support/desk/report.csv?period=2026-Q4", kit.sessions.citizen.headers)).statusCode,
    ).toBe(403);
    expect((await get("/api/support/desk/report?period=2026-Q4")).statusCode).toBe(401);
  });
});
