import { randomUUID } from "node:crypto";
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
let returned: string;
let open: string;
const sessions: Record<"citizen" | "otherApplicant" | "officer", TestSession> = {} as never;
const config = {
  sessionIdleMinutes: 1_000_000,
  sessionApplicantIdleMinutes: 1_000_000,
  sessionMaxHours: 100_000,
};

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-11-26T10:00"), config });
  const users = await demoUserIds(t.database.db);
  returned = await dossierThroughLifecycle(t.database.db, users, {
    acceptedAt: at("2026-11-23T09:00"),
    approvedAt: at("2026-11-25T09:00"),
    returnedAt: at("2026-11-25T10:00"),
  });
  open = await dossierThroughLifecycle(t.database.db, users, { acceptedAt: at("2026-11-23T09:00") });
  sessions.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
  sessions.otherApplicant = await loginAs(t.app, "doanhnghiep.demo", "Demo@2026!DoanhNghiep");
  sessions.officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
});
afterAll(async () => t?.close());

const url = (id: string) => `/api/citizen/dossiers/${id}/rating`;
const post = (id: string, payload: unknown, session?: TestSession, language?: string) =>
  t.app.inject({
    method: "POST",
    url: url(id),
    payload: payload as object,
    headers: { ...(session?.headers ?? {}), ...(language ? { "accept-language": language } : {}) },
  });
const get = (id: string, session?: TestSession) =>
  t.app.inject({ method: "GET", url: url(id), headers: session?.headers ?? {} });
const ratings = async () => t.database.db.selectFrom("evaluation_ratings").selectAll().execute();

const good = { points: { "1": 2, "3": 2, "7": 1 }, satisfaction: "satisfied" };

describe("POST /api/citizen/dossiers/:id/rating (R-EVAL-1, R-EVAL-2)", () => {
  it("401 without a session, 403 for an officer, 404 for another applicant or an unknown dossier; nothing written", async () => {
    expect((await post(returned, good)).statusCode).toBe(401);
    expect((await post(returned, good, sessions.officer)).statusCode).toBe(403);
    const other = await post(returned, good, sessions.otherApplicant);
    expect(other.statusCode).toBe(404);
    const unknown = await post(randomUUID(), good, sessions.citizen);
    expect(unknown.statusCode).toBe(404);
    expect(other.json()).toEqual(unknown.json());
    expect(await ratings()).toEqual([]);
  });

  it.each([
    ["an agency index", { points: { "5": 2 } }, "points.5"],
    ["3 points", { points: { "1": 3 } }, "points.1"],
    ["no index", { points: {} }, "points"],
    ["an unknown satisfaction", { points: { "1": 1 }, satisfaction: "wow" }, "satisfaction"],
    ["no points", {}, "points"],
  ])("400 for %s, in Vietnamese and English; nothing written", async (_name, payload, field) => {
    const vi = await post(returned, payload, sessions.citizen);
    expect(vi.statusCode).toBe(400);
    expect(vi.json().error.code).toBe("VALIDATION_FAILED");
    expect(vi.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(vi.json().error.message).toBe("Dữ liệu không hợp lệ");
    const en = await post(returned, payload, sessions.citizen, "en");
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toBe("The input is not valid");
    expect(await ratings()).toEqual([]);
  });

  it("409 before the result, in both languages; nothing written", async () => {
    const vi = await post(open, good, sessions.citizen);
    expect(vi.statusCode).toBe(409);
    expect(vi.json().error).toMatchObject({
      code: "EVALUATION_NOT_YET",
      message: "Chỉ đánh giá được sau khi hồ sơ đã có kết quả",
    });
    const en = await post(open, good, sessions.citizen, "en");
    expect(en.json().error.message).toBe("A dossier can be rated only once it has its result");
    expect(await ratings()).toEqual([]);
  });

  it("201 once after the result; the second rating is 409 and changes nothing", async () => {
    const first = await post(returned, good, sessions.citizen);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({
      canRate: false,
      rating: {
        points: { "1": 2, "3": 2, "7": 1 },
        satisfaction: "satisfied",
        channel: "portal",
        ratedAt: at("2026-11-26T10:00").toISOString(),
      },
    });
    const second = await post(returned, { points: { "1": 0 } }, sessions.citizen, "en");
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: "EVALUATION_ALREADY_RATED",
      message: "This dossier has already been rated",
    });
    expect((await ratings()).map((row) => row.points)).toEqual([{ "1": 2, "3": 2, "7": 1 }]);
  });

  it("the CSRF header is required", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: url(returned),
      payload: good,
      headers: { cookie: sessions.citizen.cookie },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe("GET /api/citizen/dossiers/:id/rating", () => {
  it("the applicant reads their rating; an open dossier cannot be rated yet", async () => {
    expect((await get(returned, sessions.citizen)).json().rating.channel).toBe("portal");
    expect((await get(open, sessions.citizen)).json()).toEqual({ canRate: false, rating: null });
  });

  it("401, 403 and 404 as for the rating", async () => {
    expect((await get(returned)).statusCode).toBe(401);
    expect((await get(returned, sessions.officer)).statusCode).toBe(403);
    expect((await get(returned, sessions.otherApplicant)).statusCode).toBe(404);
    expect((await get("not-a-uuid", sessions.citizen)).statusCode).toBe(400);
  });
});
