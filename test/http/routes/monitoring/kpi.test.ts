import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, dossierThroughLifecycle } from "../../../services/evaluation/evaluationFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds } from "../../../support/dossierFixtures.ts";

let t: AuthTestApp;
let ward: string;
let finance: string;
let late: string;
const sessions: Record<"monitor" | "leader" | "financeLeader" | "specialist" | "citizen", TestSession> =
  {} as never;
const config = {
  sessionIdleMinutes: 1_000_000,
  sessionApplicantIdleMinutes: 1_000_000,
  sessionMaxHours: 100_000,
};

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-12-02T10:00"), config });
  const users = await demoUserIds(t.database.db);
  await dossierThroughLifecycle(t.database.db, users, {
    acceptedAt: at("2026-11-23T09:00"),
    approvedAt: at("2026-11-25T09:00"),
  });
  late = await dossierThroughLifecycle(t.database.db, users, { acceptedAt: at("2026-11-23T09:00") });
  const agencies = await t.database.db.selectFrom("agencies").select(["id", "code"]).execute();
  ward = agencies.find((agency) => agency.code === "000.20.01.H99")!.id;
  finance = agencies.find((agency) => agency.code === "000.00.13.H99")!.id;
  sessions.monitor = await loginAs(t.app, "giamsat.ttpvhcc", "Demo@2026!GiamSatHCC");
  sessions.leader = await loginAs(t.app, "lanhdao.trungtam", "Demo@2026!LanhDaoTT");
  sessions.financeLeader = await loginAs(t.app, "lanhdao.sotaichinh", "Demo@2026!LanhDaoSTC");
  sessions.specialist = await loginAs(t.app, "chuyenvien.trungtam", "Demo@2026!ChuyenVienTT");
  sessions.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
});
afterAll(async () => t?.close());

const get = (url: string, session?: TestSession, language?: string) =>
  t.app.inject({
    method: "GET",
    url,
    headers: { ...(session?.headers ?? {}), ...(language ? { "accept-language": language } : {}) },
  });
const put = (url: string, payload: unknown, session?: TestSession, language?: string) =>
  t.app.inject({
    method: "PUT",
    url,
    payload: payload as object,
    headers: { ...(session?.headers ?? {}), ...(language ? { "accept-language": language } : {}) },
  });
const indicator = (body: { indicators: { code: string }[] }, code: string) =>
  body.indicators.find((score) => score.code === code);

describe("GET /api/monitoring/kpi-766", () => {
  it("the service center sees the province: one early, one open past due → 50% of 2.1", async () => {
    const response = await get("/api/monitoring/kpi-766?month=2026-11", sessions.monitor);
    expect(response.statusCode).toBe(200);
    expect(indicator(response.json(), "2.1")).toMatchObject({
      numerator: 1,
      denominator: 2,
      ratio: 50,
      points: 10,
    });
  });

  it("a leader sees their agency (the same figures), not another agency (403)", async () => {
    const own = await get("/api/monitoring/kpi-766?month=2026-11", sessions.leader);
    expect(indicator(own.json(), "2.1")).toMatchObject({ numerator: 1, denominator: 2 });
    const finances = await get("/api/monitoring/kpi-766?month=2026-11", sessions.financeLeader);
    expect(indicator(finances.json(), "2.1")).toMatchObject({ status: "notApplicable" });
    const other = await get(
      `/api/monitoring/kpi-766?month=2026-11&agencyId=${finance}`,
      sessions.leader,
      "en",
    );
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toBe("You may only see your own agency's figures");
  });

  it("401; 403 for a specialist and a citizen; 400 for a bad month or agency (vi, en)", async () => {
    expect((await get("/api/monitoring/kpi-766?month=2026-11")).statusCode).toBe(401);
    expect((await get("/api/monitoring/kpi-766?month=2026-11", sessions.specialist)).statusCode).toBe(403);
    expect((await get("/api/monitoring/kpi-766?month=2026-11", sessions.citizen)).statusCode).toBe(403);
    const vi = await get("/api/monitoring/kpi-766?month=2026-1", sessions.monitor);
    expect(vi.statusCode).toBe(400);
    expect(vi.json().error.message).toBe("Dữ liệu không hợp lệ");
    const en = await get("/api/monitoring/kpi-766?month=2026-11&agencyId=x", sessions.monitor, "en");
    expect(en.statusCode).toBe(400);
    expect(en.json().error.fields[0].field).toBe("agencyId");
  });
});

describe("GET /api/monitoring/kpi-766/:indicator/dossiers (drill-down)", () => {
  it("2.1: the open dossier past due at the month's end, with why", async () => {
    const response = await get(
      `/api/monitoring/kpi-766/2.1/dossiers?month=2026-11&agencyId=${ward}`,
      sessions.monitor,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      indicator: "2.1",
      total: 1,
      items: [{ id: late, kind: "dossier", reason: { code: "OPEN_PAST_DUE" }, lateByWorkingHours: 6 }],
    });
  });

  it("404 for an indicator without a list (vi, en); 403 for another agency's leader", async () => {
    const vi = await get("/api/monitoring/kpi-766/3.6/dossiers?month=2026-11", sessions.monitor);
    expect(vi.statusCode).toBe(404);
    expect(vi.json().error.message).toBe("Chỉ tiêu này không có danh sách hồ sơ chi tiết");
    expect(
      (await get("/api/monitoring/kpi-766/3.6/dossiers?month=2026-11", sessions.monitor, "en")).json().error
        .message,
    ).toBe("This indicator has no list of dossiers");
    expect(
      (
        await get(
          `/api/monitoring/kpi-766/2.1/dossiers?month=2026-11&agencyId=${ward}`,
          sessions.financeLeader,
        )
      ).statusCode,
    ).toBe(403);
  });
});

describe("GET /api/monitoring/evaluation", () => {
  it("the agencies' evaluation with the facts behind indices 5 and 9", async () => {
    const response = await get("/api/monitoring/evaluation?month=2026-11", sessions.leader);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toHaveLength(1);
    expect(response.json()[0].facts).toMatchObject({
      tier: "commune",
      proceduresProcessed: 1,
      dossiersReceived: 2,
    });
  });
});

describe("/api/monitoring/evaluation-bands/:scope (R-EVAL-3)", () => {
  const bands = { bands: [{ code: "dat", name: { vi: "Đạt", en: "Pass" }, min: 0, inclusive: true }] };

  it("the service center sets the province's bands; a leader their agency's, not the province's (403)", async () => {
    expect(
      (await get("/api/monitoring/evaluation-bands/province", sessions.monitor)).json().bands[0].code,
    ).toBe("excellent");
    const saved = await put("/api/monitoring/evaluation-bands/province", bands, sessions.monitor);
    expect(saved.statusCode).toBe(200);
    expect((await get(`/api/monitoring/evaluation-bands/${ward}`, sessions.leader)).json().bands).toEqual(
      bands.bands,
    );
    expect((await put("/api/monitoring/evaluation-bands/province", bands, sessions.leader)).statusCode).toBe(
      403,
    );
    expect(
      (await put(`/api/monitoring/evaluation-bands/${finance}`, bands, sessions.leader)).statusCode,
    ).toBe(403);
    const own = await put(
      `/api/monitoring/evaluation-bands/${ward}`,
      { bands: [{ code: "cao", name: { vi: "Cao", en: "High" }, min: 1, inclusive: true }] },
      sessions.leader,
    );
    expect(own.statusCode).toBe(200);
  });

  it("400 for unusable bands (vi, en) and nothing changes; 401 and 403 as elsewhere", async () => {
    const before = await t.database.db.selectFrom("evaluation_band_settings").selectAll().execute();
    const ascending = {
      bands: [
        { code: "a", name: { vi: "A", en: "A" }, min: 5, inclusive: true },
        { code: "b", name: { vi: "B", en: "B" }, min: 10, inclusive: true },
      ],
    };
    const vi = await put("/api/monitoring/evaluation-bands/province", ascending, sessions.monitor);
    expect(vi.statusCode).toBe(400);
    expect(vi.json().error.fields[0].message).toBe("Các mức phải xếp từ ngưỡng cao xuống thấp");
    const en = await put("/api/monitoring/evaluation-bands/province", { bands: [] }, sessions.monitor, "en");
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toBe("The input is not valid");
    expect(await t.database.db.selectFrom("evaluation_band_settings").selectAll().execute()).toEqual(before);
    expect((await put("/api/monitoring/evaluation-bands/province", bands)).statusCode).toBe(401);
    expect(
      (await put("/api/monitoring/evaluation-bands/province", bands, sessions.specialist)).statusCode,
    ).toBe(403);
  });
});
