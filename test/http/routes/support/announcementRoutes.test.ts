import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, createSupportKit, type SupportKit } from "./supportKit.ts";

/** Service announcements (issue #17, R-OPS-2, R-OPS-3): maintenance notice, the maintenance hook, incidents. */
let kit: SupportKit;
// Monday 7 December 2026, 10:00: the earliest start 5 working days later is Monday 14 December, 10:00.
const start = at("2026-12-07T10:00");

beforeAll(async () => {
  kit = await createSupportKit(start);
}, 120_000);
afterAll(async () => kit?.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  kit.app.inject({ method: "POST", url, payload: payload as object, headers });
const get = (url: string, headers: Record<string, string> = {}) =>
  kit.app.inject({ method: "GET", url, headers });

const plan = {
  title: "Nâng cấp máy chủ",
  message: "Hệ thống tạm ngừng để nâng cấp máy chủ cơ sở dữ liệu.",
  startsAt: "2026-12-14T10:00:00+07:00",
  endsAt: "2026-12-14T12:00:00+07:00",
};
let windowId: string;

describe("announcing maintenance (R-OPS-3)", () => {
  it("refuses a start less than 5 working days ahead, naming the earliest start, in Vietnamese or English", async () => {
    const early = { ...plan, startsAt: "2026-12-14T09:59:00+07:00" };
    const vi = await post("/api/admin/maintenance", early, kit.sessions.admin.headers);
    expect(vi.statusCode).toBe(422);
    expect(vi.json().error).toEqual({
      code: "MAINTENANCE_NOTICE_TOO_SHORT",
      message:
        "Bảo trì theo kế hoạch phải được thông báo trước ít nhất 5 ngày làm việc: thời điểm bắt đầu sớm nhất là 14/12/2026 10:00",
    });
    const en = await post("/api/admin/maintenance", early, {
      ...kit.sessions.admin.headers,
      "accept-language": "en",
    });
    expect(en.json().error.message).toContain("at least 5 working days ahead");
  });

  it("refuses a window ending before it starts, a blank title and a malformed time", async () => {
    const backwards = await post(
      "/api/admin/maintenance",
      { ...plan, endsAt: "2026-12-14T09:00:00+07:00" },
      kit.sessions.admin.headers,
    );
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().error.code).toBe("MAINTENANCE_WINDOW_INVALID");
    expect(
      (await post("/api/admin/maintenance", { ...plan, title: "  " }, kit.sessions.admin.headers)).statusCode,
    ).toBe(400);
    expect(
      (await post("/api/admin/maintenance", { ...plan, startsAt: "14/12/2026" }, kit.sessions.admin.headers))
        .statusCode,
    ).toBe(400);
  });

  it("only the system administrator announces", async () => {
    expect((await post("/api/admin/maintenance", plan, kit.sessions.support.headers)).statusCode).toBe(403);
    expect((await post("/api/admin/maintenance", plan, kit.sessions.counter.headers)).statusCode).toBe(403);
    expect((await post("/api/admin/maintenance", plan, kit.sessions.citizen.headers)).statusCode).toBe(403);
    expect((await post("/api/admin/maintenance", plan)).statusCode).toBe(401);
    expect((await get("/api/admin/maintenance", kit.sessions.support.headers)).statusCode).toBe(403);
  });

  it("announces exactly 5 working days ahead: the banner shows at once and every officer gets an e-mail", async () => {
    const response = await post("/api/admin/maintenance", plan, kit.sessions.admin.headers);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      phase: "upcoming",
      restrictWrites: true,
      announcedAt: "2026-12-07T10:00:00+07:00",
    });
    windowId = response.json().id;
    const status = (await get("/api/public/service-status")).json();
    expect(status.bannerMaintenance.map((w: { id: string }) => w.id)).toEqual([windowId]);
    expect(status.maintenanceActive).toBe(false);
    const mails = await kit.database.db
      .selectFrom("notifications")
      .select(["address", "subject", "body"])
      .where("kind", "=", "maintenanceAnnounced")
      .execute();
    const officers = await kit.database.db
      .selectFrom("users")
      .select("id")
      .where("kind", "=", "officer")
      .where("email", "is not", null)
      .execute();
    expect(mails.length).toBe(officers.length);
    expect(mails[0]!.subject).toBe("Thông báo bảo trì hệ thống: Nâng cấp máy chủ");
    expect(mails[0]!.body).toContain("từ 14/12/2026 10:00 đến 14/12/2026 12:00");
  });
});

describe("during the maintenance window", () => {
  it("citizens' writes answer 503 with Retry-After; reading, sign-in, support and officers go on", async () => {
    kit.clock.current = at("2026-12-14T11:00");
    const write = await post("/api/citizen/dossiers", {}, kit.sessions.citizen.headers);
    expect(write.statusCode).toBe(503);
    expect(write.headers["retry-after"]).toBe("3600");
    expect(write.json().error).toEqual({
      code: "MAINTENANCE",
      message:
        "Hệ thống đang bảo trì theo kế hoạch đến 14/12/2026 12:00. Bạn vẫn có thể tra cứu hồ sơ; vui lòng thực hiện lại sau khi bảo trì kết thúc.",
    });
    const english = await post(
      "/api/citizen/dossiers",
      {},
      { ...kit.sessions.citizen.headers, "accept-language": "en" },
    );
    expect(english.json().error.message).toContain("under planned maintenance");
    expect((await post("/api/citizen/dossiers", {})).statusCode).toBe(503);
    expect((await get("/api/public/lookup?code=000.00.00.H99-261207-0001")).statusCode).toBe(404);
    const status = (await get("/api/public/service-status")).json();
    expect(status.maintenanceActive).toBe(true);
    const help = await post("/api/support/tickets", {
      topic: "other",
      description: "Khi nào xong?",
      phone: "0912345678",
    });
    expect(help.statusCode).toBe(201);
    const officer = await post(
      "/api/support/desk/hotline",
      { topic: "other", description: "Gọi hỏi", phone: "0912345678" },
      kit.sessions.support.headers,
    );
    expect(officer.statusCode).toBe(201);
    // An officer's write outside the open prefixes reaches its route (here refused by its own validation, not 503).
    expect((await post("/api/admin/incidents", {}, kit.sessions.admin.headers)).statusCode).toBe(400);
  });

  it("after the window, writes reach their routes again", async () => {
    kit.clock.current = at("2026-12-14T12:00");
    expect((await post("/api/citizen/dossiers", {}, kit.sessions.citizen.headers)).statusCode).not.toBe(503);
    expect((await get("/api/public/service-status")).json().bannerMaintenance).toEqual([]);
  });
});

describe("cancelling maintenance", () => {
  it("cancels a window that has not ended; refuses an ended one, an unknown one and other roles", async () => {
    kit.clock.current = at("2026-12-14T13:00");
    expect(
      (await post(`/api/admin/maintenance/${windowId}/cancel`, {}, kit.sessions.admin.headers)).statusCode,
    ).toBe(409);
    const next = await post(
      "/api/admin/maintenance",
      {
        ...plan,
        startsAt: "2026-12-22T22:00:00+07:00",
        endsAt: "2026-12-23T02:00:00+07:00",
        restrictWrites: false,
      },
      kit.sessions.admin.headers,
    );
    expect(next.statusCode).toBe(201);
    const url = `/api/admin/maintenance/${next.json().id}/cancel`;
    expect((await post(url, {}, kit.sessions.support.headers)).statusCode).toBe(403);
    const cancelled = await post(url, {}, kit.sessions.admin.headers);
    expect(cancelled.json().phase).toBe("cancelled");
    expect((await get("/api/public/service-status")).json().bannerMaintenance).toEqual([]);
    expect(
      (
        await post(
          "/api/admin/maintenance/00000000-0000-4000-8000-000000000000/cancel",
          {},
          kit.sessions.admin.headers,
        )
      ).statusCode,
    ).toBe(404);
    const list = (await get("/api/admin/maintenance", kit.sessions.admin.headers)).json();
    expect(list.map((w: { phase: string }) => w.phase)).toEqual(["cancelled", "ended"]);
  });
});

describe("incidents (R-OPS-2)", () => {
  let incidentId: string;

  it("records an incident with a 4-hour reply and an 8-working-hour fix target", async () => {
    kit.clock.current = at("2026-12-15T15:00");
    const response = await post(
      "/api/admin/incidents",
      { title: "Không nộp được hồ sơ", description: "Lỗi khi tải tệp lên" },
      kit.sessions.support.headers,
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      startedAt: "2026-12-15T15:00:00+07:00",
      responseDueAt: "2026-12-15T19:00:00+07:00",
      fixDueAt: "2026-12-16T15:00:00+07:00",
      responseMark: "running",
      fixMark: "running",
    });
    incidentId = response.json().id;
    const future = await post(
      "/api/admin/incidents",
      { title: "x", description: "y", startedAt: "2026-12-16T15:00:00+07:00" },
      kit.sessions.support.headers,
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields[0].field).toBe("startedAt");
    expect(
      (await post("/api/admin/incidents", { title: "x", description: "y" }, kit.sessions.counter.headers))
        .statusCode,
    ).toBe(403);
    expect(
      (await post("/api/admin/incidents", { title: "x", description: "y" }, kit.sessions.citizen.headers))
        .statusCode,
    ).toBe(403);
  });

  it("marks the reply overdue, then late; the status page shows the open incident", async () => {
    kit.clock.current = at("2026-12-15T19:30");
    const open = (await get("/api/public/service-status")).json().openIncidents;
    expect(open).toHaveLength(1);
    expect(open[0].responseMark).toBe("overdue");
    const url = `/api/admin/incidents/${incidentId}/respond`;
    const past = await post(
      url,
      { response: "Đang khắc phục", estimatedFixAt: "2026-12-15T18:00:00+07:00" },
      kit.sessions.support.headers,
    );
    expect(past.statusCode).toBe(400);
    expect(
      (
        await post(
          url,
          { response: "x", estimatedFixAt: "2026-12-16T10:00:00+07:00" },
          kit.sessions.counter.headers,
        )
      ).statusCode,
    ).toBe(403);
    const replied = await post(
      url,
      { response: "Đang khắc phục, dự kiến xong sáng mai", estimatedFixAt: "2026-12-16T10:00:00+07:00" },
      kit.sessions.support.headers,
    );
    expect(replied.statusCode).toBe(200);
    expect(replied.json()).toMatchObject({
      responseMark: "late",
      estimatedFixAt: "2026-12-16T10:00:00+07:00",
    });
  });

  it("resolves within the fix target once; again is a conflict, unknown is not found", async () => {
    kit.clock.current = at("2026-12-16T10:00");
    const url = `/api/admin/incidents/${incidentId}/resolve`;
    expect((await post(url, { resolution: "" }, kit.sessions.admin.headers)).statusCode).toBe(400);
    const resolved = await post(url, { resolution: "Đã khắc phục" }, kit.sessions.admin.headers);
    expect(resolved.json()).toMatchObject({ fixMark: "onTime", resolvedAt: "2026-12-16T10:00:00+07:00" });
    expect((await post(url, { resolution: "Lại" }, kit.sessions.admin.headers)).statusCode).toBe(409);
    expect(
      (
        await post(
          "/api/admin/incidents/00000000-0000-4000-8000-000000000000/resolve",
          { resolution: "x" },
          kit.sessions.admin.headers,
        )
      ).statusCode,
    ).toBe(404);
    const status = (await get("/api/public/service-status")).json();
    expect(status.openIncidents).toEqual([]);
    expect(status.incidents[0].fixMark).toBe("onTime");
    expect((await get("/api/admin/incidents", kit.sessions.support.headers)).json()).toHaveLength(1);
    expect((await get("/api/admin/incidents", kit.sessions.citizen.headers)).statusCode).toBe(403);
  });
});
