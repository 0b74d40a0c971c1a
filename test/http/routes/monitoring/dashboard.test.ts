import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  insertFixtureDossier,
  TAI_CHINH,
  TRUNG_TAM,
} from "../../../services/statistics/statisticsFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";

const PASSWORDS: Record<string, string> = {
  "giamsat.ttpvhcc": "Demo@2026!GiamSatHCC",
  "lanhdao.trungtam": "Demo@2026!LanhDaoTT",
  "truongphong.trungtam": "Demo@2026!TruongPhongTT",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
  "motcua.trungtam": "Demo@2026!MotCuaTT",
  "quantri.trungtam": "Demo@2026!QuanTriTT",
  "congdan.demo": "Demo@2026!CongDan",
};
const at = (text: string) => new Date(text);
// Tuesday 17 Nov 2026, 10:00 in Hà Nội.
const NOW = at("2026-11-17T03:00:00Z");

let t: AuthTestApp;
const sessions: Record<string, TestSession> = {};
const agencyIds: Record<string, string> = {};
const get = (url: string, username?: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: "GET",
    url,
    headers: { ...(username ? sessions[username]!.headers : {}), ...headers },
  });
const ok = async (url: string, username: string) => {
  const response = await get(url, username);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

beforeAll(async () => {
  t = await createAuthTestApp({ start: NOW });
  const db = t.database.db;
  for (const username of Object.keys(PASSWORDS))
    sessions[username] = await loginAs(t.app, username, PASSWORDS[username]!);
  for (const code of [TRUNG_TAM, TAI_CHINH])
    agencyIds[code] = (
      await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirstOrThrow()
    ).id;
  // Right now at Phường Trung Tâm: one online dossier waiting past its 8 working hours, one overdue, one due later
  // today with the specialist, one due next week; at Sở Tài chính one in process. In October: one late, one early.
  await insertFixtureDossier(db, {
    code: "W-LATE",
    agencyCode: TRUNG_TAM,
    receptionDueAt: at("2026-11-16T03:00:00Z"),
  });
  await insertFixtureDossier(db, {
    code: "OVERDUE",
    agencyCode: TRUNG_TAM,
    receivedAt: at("2026-11-02T02:00:00Z"),
    dueAt: at("2026-11-16T09:00:00Z"),
  });
  await insertFixtureDossier(db, {
    code: "TODAY",
    agencyCode: TRUNG_TAM,
    receivedAt: at("2026-11-10T02:00:00Z"),
    dueAt: at("2026-11-17T09:00:00Z"),
    unitCode: "PVHXH",
    assigneeUsername: "chuyenvien.trungtam",
  });
  await insertFixtureDossier(db, {
    code: "NEXTWEEK",
    agencyCode: TRUNG_TAM,
    receivedAt: at("2026-11-16T02:00:00Z"),
    dueAt: at("2026-11-24T09:00:00Z"),
  });
  await insertFixtureDossier(db, {
    code: "TC-OPEN",
    agencyCode: TAI_CHINH,
    receivedAt: at("2026-11-16T02:00:00Z"),
    dueAt: at("2026-11-24T09:00:00Z"),
  });
  await insertFixtureDossier(db, {
    code: "OCT-LATE",
    agencyCode: TRUNG_TAM,
    channel: "counter",
    receivedAt: at("2026-10-01T02:00:00Z"),
    dueAt: at("2026-10-08T10:00:00Z"),
    processedAt: at("2026-10-14T03:00:00Z"),
  });
  await insertFixtureDossier(db, {
    code: "OCT-EARLY",
    agencyCode: TAI_CHINH,
    receivedAt: at("2026-10-05T02:00:00Z"),
    dueAt: at("2026-10-12T10:00:00Z"),
    processedAt: at("2026-10-06T03:00:00Z"),
  });
});
afterAll(async () => {
  await t?.close();
});

describe("GET /api/monitoring/live", () => {
  it("the monitor sees the province, by agency, unit and officer", async () => {
    const live = await ok("/api/monitoring/live", "giamsat.ttpvhcc");
    expect(live.totals).toEqual({
      waitingReception: 1,
      waitingReceptionOverdue: 1,
      inProcess: 4,
      dueToday: 1,
      overdue: 1,
    });
    const trungTam = live.byAgency.find((row: { id: string }) => row.id === agencyIds[TRUNG_TAM]);
    expect(trungTam).toMatchObject({ name: "Ủy ban nhân dân phường Trung Tâm", inProcess: 3, overdue: 1 });
    expect(live.byOfficer).toEqual([
      expect.objectContaining({
        name: expect.any(String),
        agencyName: "Ủy ban nhân dân phường Trung Tâm",
        dueToday: 1,
      }),
    ]);
    expect(live.byUnit).toHaveLength(1);
  });

  it("a leader or unit head sees only their agency, and is refused another (403)", async () => {
    for (const username of ["lanhdao.trungtam", "truongphong.trungtam"]) {
      const live = await ok("/api/monitoring/live", username);
      expect(live.byAgency.map((row: { id: string }) => row.id)).toEqual([agencyIds[TRUNG_TAM]]);
      expect(live.totals.inProcess).toBe(3);
    }
    const other = await get(`/api/monitoring/live?agencyId=${agencyIds[TAI_CHINH]}`, "lanhdao.trungtam");
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toBe("Bạn chỉ được xem số liệu của cơ quan mình");
    const en = await get(`/api/monitoring/live?agencyId=${agencyIds[TAI_CHINH]}`, "lanhdao.trungtam", {
      "accept-language": "en",
    });
    expect(en.json().error.message).toBe("You may only see your own agency's figures");
  });

  it("401 without a session; 403 for a citizen, a counter officer, a specialist, an agency administrator", async () => {
    expect((await get("/api/monitoring/live")).statusCode).toBe(401);
    for (const username of ["congdan.demo", "motcua.trungtam", "chuyenvien.trungtam", "quantri.trungtam"])
      expect((await get("/api/monitoring/live", username)).statusCode, username).toBe(403);
  });

  it("400 for an agency id that is not a uuid (vi and en)", async () => {
    const vi = await get("/api/monitoring/live?agencyId=abc", "giamsat.ttpvhcc");
    expect(vi.statusCode).toBe(400);
    expect(vi.json().error.fields.map((f: { field: string }) => f.field)).toEqual(["agencyId"]);
    const en = await get("/api/monitoring/live?agencyId=abc", "giamsat.ttpvhcc", { "accept-language": "en" });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toBe("The input is not valid");
  });
});

describe("GET /api/monitoring/period", () => {
  it("October: received, resolved early / late by R-KPI-4, channels, no online-payment figure", async () => {
    const october = await ok("/api/monitoring/period?kind=month&date=2026-10-15", "giamsat.ttpvhcc");
    expect(october).toMatchObject({
      received: 2,
      resolved: 2,
      early: 1,
      onTime: 0,
      late: 1,
      onTimeRate: 50,
      onlineShare: 50,
      channels: { counter: 1, online: 1, postal: 0 },
      onlinePaymentShare: null,
    });
    const custom = await ok(
      "/api/monitoring/period?kind=custom&from=2026-10-01&to=2026-10-07",
      "giamsat.ttpvhcc",
    );
    expect([custom.received, custom.resolved, custom.early]).toEqual([2, 1, 1]);
    const own = await ok("/api/monitoring/period?kind=month&date=2026-10-15", "lanhdao.trungtam");
    expect([own.received, own.late, own.early]).toEqual([1, 1, 0]);
  });

  it("400 for a custom period without dates or ending before it starts (vi and en)", async () => {
    const missing = await get("/api/monitoring/period?kind=custom&to=2026-10-07", "giamsat.ttpvhcc");
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toEqual([
      { field: "from", message: "Cần nhập ngày bắt đầu và ngày kết thúc" },
    ]);
    const reversed = await get(
      "/api/monitoring/period?kind=custom&from=2026-10-07&to=2026-10-01",
      "giamsat.ttpvhcc",
      {
        "accept-language": "en",
      },
    );
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.fields).toEqual([{ field: "to", message: "The end is before the start" }]);
    expect((await get("/api/monitoring/period?kind=decade", "giamsat.ttpvhcc")).statusCode).toBe(400);
    expect((await get("/api/monitoring/period?kind=day&date=2026-02-30", "giamsat.ttpvhcc")).statusCode).toBe(
      400,
    );
  });

  it("401 without a session, 403 for a citizen", async () => {
    expect((await get("/api/monitoring/period")).statusCode).toBe(401);
    expect((await get("/api/monitoring/period", "congdan.demo")).statusCode).toBe(403);
  });
});

describe("GET /api/monitoring/dossiers (drill-down)", () => {
  it("lists the dossiers behind a figure, paged; the office link only where the viewer may open it", async () => {
    const overdue = await ok("/api/monitoring/dossiers?metric=overdue", "giamsat.ttpvhcc");
    expect(overdue.total).toBe(1);
    expect(overdue.items.map((item: { code: string }) => item.code)).toEqual(["OVERDUE"]);
    expect(overdue.items[0].viewable).toBe(false);
    const leader = await ok(
      "/api/monitoring/dossiers?metric=inProcess&pageSize=2&page=2",
      "lanhdao.trungtam",
    );
    expect(leader.total).toBe(3);
    expect(leader.items).toHaveLength(1);
    expect(leader.items[0].viewable).toBe(true);
    const late = await ok(
      "/api/monitoring/dossiers?metric=late&kind=month&date=2026-10-01",
      "giamsat.ttpvhcc",
    );
    expect(late.items.map((item: { code: string; verdict: string }) => [item.code, item.verdict])).toEqual([
      ["OCT-LATE", "late"],
    ]);
    const byOfficer = await ok(
      `/api/monitoring/dossiers?metric=dueToday&agencyId=${agencyIds[TRUNG_TAM]}`,
      "truongphong.trungtam",
    );
    expect(byOfficer.items.map((item: { code: string }) => item.code)).toEqual(["TODAY"]);
  });

  it("the digitised figure drills down to the dossiers it counts, by the 766 index's rule (R-DIG-1/2, R-RECV-7)", async () => {
    // NEXTWEEK came online with its component (born digital); TC-OPEN has none, so it does not count.
    const db = t.database.db;
    const nextWeek = await db
      .selectFrom("dossiers")
      .select(["id", "agency_id", "channel"])
      .where("code", "=", "NEXTWEEK")
      .executeTakeFirstOrThrow();
    const uploader = await db
      .selectFrom("users")
      .select("id")
      .where("username", "=", "congdan.demo")
      .executeTakeFirstOrThrow();
    expect(nextWeek.channel).toBe("online");
    await db
      .insertInto("dossier_files")
      .values({
        dossier_id: nextWeek.id,
        agency_id: nextWeek.agency_id,
        purpose: "component",
        storage_key: "fixture/next-week",
        sha256: "0".repeat(64),
        file_name: "don.pdf",
        media_type: "application/pdf",
        size_bytes: 1,
        uploaded_by: uploader.id,
        uploaded_at: at("2026-11-16T02:00:00Z"),
        event_sequence: 1,
      })
      .execute();
    const november = await ok("/api/monitoring/period?kind=month&date=2026-11-17", "giamsat.ttpvhcc");
    expect(november.digitized).toBe(1);
    const listed = await ok(
      "/api/monitoring/dossiers?metric=digitized&kind=month&date=2026-11-17",
      "giamsat.ttpvhcc",
    );
    expect(listed.total).toBe(1);
    expect(listed.items.map((item: { code: string }) => item.code)).toEqual(["NEXTWEEK"]);
  });

  it("400 for an unknown metric or a page size over 100 (vi and en); 403 outside the scope; 401", async () => {
    const vi = await get("/api/monitoring/dossiers?metric=everything", "giamsat.ttpvhcc");
    expect(vi.statusCode).toBe(400);
    expect(vi.json().error.fields.map((f: { field: string }) => f.field)).toEqual(["metric"]);
    const en = await get("/api/monitoring/dossiers?metric=late&pageSize=1000", "giamsat.ttpvhcc", {
      "accept-language": "en",
    });
    expect(en.json().error.fields).toEqual([{ field: "pageSize", message: "Must be at most 100" }]);
    expect(
      (await get(`/api/monitoring/dossiers?metric=late&agencyId=${agencyIds[TAI_CHINH]}`, "lanhdao.trungtam"))
        .statusCode,
    ).toBe(403);
    expect((await get("/api/monitoring/dossiers?metric=late", "chuyenvien.trungtam")).statusCode).toBe(403);
    expect((await get("/api/monitoring/dossiers?metric=late")).statusCode).toBe(401);
  });
});
