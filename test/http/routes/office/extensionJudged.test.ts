import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
import { demoUserIds } from "../../../support/dossierFixtures.ts";

/**
 * Issue #12 §2 through the routes: the extension's new appointment is a working instant of the agency's calendar
 * (422 otherwise, in Vietnamese), and once extended the dossier is still judged late against its original
 * appointment by the dashboard (R-LATE-3 clarified) while the officers and the applicant see the new one.
 */
const PASSWORDS: Record<string, string> = {
  "lanhdao.trungtam": "Demo@2026!LanhDaoTT",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
  "motcua.trungtam": "Demo@2026!MotCuaTT",
};

let t: AuthTestApp;
let users: Record<string, string>;
const sessions: Record<string, TestSession> = {};
let dossierId: string;

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-11-23T10:00") });
  users = await demoUserIds(t.database.db);
  for (const username of Object.keys(PASSWORDS))
    sessions[username] = await loginAs(t.app, username, PASSWORDS[username]!);
  // Accepted Monday 23/11/2026 09:00, 5 working days: due Monday 30/11 09:00.
  dossierId = await dossierInProcessing(t.database.db, users, at("2026-11-23T09:00"));
}, 120_000);
afterAll(async () => t.close());

const extend = (newDueAt: string, username = "lanhdao.trungtam", headers: Record<string, string> = {}) =>
  t.app.inject({
    method: "POST",
    url: `/api/office/dossiers/${dossierId}/extension`,
    payload: { reason: "Cần xác minh thực địa", newDueAt },
    headers: { ...(sessions[username]?.headers ?? {}), ...headers },
  });

describe("POST /api/office/dossiers/:id/extension — a working instant (issue #12 §2)", () => {
  it("a Saturday is refused with 422 and a Vietnamese message naming the next working time; nothing changes", async () => {
    const before = await snapshot(t.database.db, dossierId);
    const response = await extend("2026-12-05T09:00:00+07:00");
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe("EXTENSION_NOT_WORKING_TIME");
    expect(response.json().error.message).toBe(
      "Ngày hẹn trả mới phải rơi vào giờ làm việc của cơ quan, không vào thứ Bảy, Chủ nhật, ngày nghỉ lễ hoặc ngoài giờ làm việc. Thời điểm làm việc gần nhất sau ngày đã chọn: 07:00 ngày 07/12/2026.",
    );
    expect(await snapshot(t.database.db, dossierId)).toEqual(before);
  });

  it("in English with Accept-Language: en", async () => {
    const response = await extend("2026-12-06T09:00:00+07:00", "lanhdao.trungtam", {
      "accept-language": "en",
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.message).toContain("not on a Saturday, Sunday, public holiday");
  });

  it("an evening and the lunch break are refused too", async () => {
    expect((await extend("2026-12-01T19:00:00+07:00")).statusCode).toBe(422);
    expect((await extend("2026-12-01T12:15:00+07:00")).statusCode).toBe(422);
  });

  it("a specialist may not extend (403); without a session, 401", async () => {
    expect((await extend("2026-12-04T17:00:00+07:00", "chuyenvien.trungtam")).statusCode).toBe(403);
    expect((await extend("2026-12-04T17:00:00+07:00", "nobody")).statusCode).toBe(401);
  });

  it("Friday at closing time is accepted: the appointment shown moves, the original stays", async () => {
    const response = await extend("2026-12-04T17:00:00+07:00");
    expect(response.statusCode).toBe(200);
    const row = await t.database.db
      .selectFrom("dossiers")
      .select(["due_at", "original_due_at", "extended_due_at"])
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      due_at: at("2026-12-04T17:00"),
      original_due_at: at("2026-11-30T09:00"),
      extended_due_at: at("2026-12-04T17:00"),
    });
  });

  it("R-LATE-3: past the original appointment the dashboard counts it overdue, though the extended one is days away", async () => {
    let leader = sessions["lanhdao.trungtam"]!;
    const overdueIds = async () => {
      const response = await t.app.inject({
        url: "/api/monitoring/dossiers?metric=overdue&pageSize=100",
        headers: leader.headers,
      });
      expect(response.statusCode).toBe(200);
      return (response.json().items as { id: string }[]).map((item) => item.id);
    };
    expect(await overdueIds()).not.toContain(dossierId);
    t.clock.current = at("2026-12-01T10:00");
    try {
      // A week later: a new session (the old one has timed out).
      leader = await loginAs(t.app, "lanhdao.trungtam", PASSWORDS["lanhdao.trungtam"]!);
      expect(await overdueIds()).toContain(dossierId);
      const live = await t.app.inject({ url: "/api/monitoring/live", headers: leader.headers });
      expect(live.json().totals.overdue).toBeGreaterThanOrEqual(1);
      // The officers' working deadline and the applicant's appointment stay the extended one.
      const lookupCode = await t.database.db
        .selectFrom("dossiers")
        .select("code")
        .where("id", "=", dossierId)
        .executeTakeFirstOrThrow();
      const lookup = await t.app.inject({ url: `/api/public/lookup/${encodeURIComponent(lookupCode.code)}` });
      expect(lookup.json().appointmentAt).toBe(at("2026-12-04T17:00").toISOString());
    } finally {
      t.clock.current = at("2026-11-23T10:00");
    }
  });
});
