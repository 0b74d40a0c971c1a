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
const codes: Record<"processed" | "open", string> = {} as never;
const sessions: Record<"officer" | "otherOfficer" | "specialist" | "citizen", TestSession> = {} as never;
const config = {
  sessionIdleMinutes: 1_000_000,
  sessionApplicantIdleMinutes: 1_000_000,
  sessionMaxHours: 100_000,
};

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-11-26T10:00"), config });
  const users = await demoUserIds(t.database.db);
  const processed = await dossierThroughLifecycle(t.database.db, users, {
    acceptedAt: at("2026-11-23T09:00"),
    approvedAt: at("2026-11-25T09:00"),
  });
  const open = await dossierThroughLifecycle(t.database.db, users, { acceptedAt: at("2026-11-23T09:00") });
  const rows = await t.database.db.selectFrom("dossiers").select(["id", "code"]).execute();
  codes.processed = rows.find((row) => row.id === processed)!.code;
  codes.open = rows.find((row) => row.id === open)!.code;
  sessions.officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
  sessions.otherOfficer = await loginAs(t.app, "motcua.sotaichinh", "Demo@2026!MotCuaSTC");
  sessions.specialist = await loginAs(t.app, "chuyenvien.trungtam", "Demo@2026!ChuyenVienTT");
  sessions.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
});
afterAll(async () => t?.close());

const post = (url: string, payload: unknown, session?: TestSession, language?: string) =>
  t.app.inject({
    method: "POST",
    url,
    payload: payload as object,
    headers: { ...(session?.headers ?? {}), ...(language ? { "accept-language": language } : {}) },
  });
const state = async () => ({
  ratings: await t.database.db.selectFrom("evaluation_ratings").selectAll().execute(),
  sessions: await t.database.db.selectFrom("evaluation_kiosk_sessions").select(["id", "used_at"]).execute(),
});

describe("POST /api/office/kiosk/sessions", () => {
  it("401, 403 (specialist, citizen), 404 for another agency's officer and an unknown code; nothing written", async () => {
    const before = await state();
    expect((await post("/api/office/kiosk/sessions", { dossierCode: codes.processed })).statusCode).toBe(401);
    expect(
      (await post("/api/office/kiosk/sessions", { dossierCode: codes.processed }, sessions.specialist))
        .statusCode,
    ).toBe(403);
    expect(
      (await post("/api/office/kiosk/sessions", { dossierCode: codes.processed }, sessions.citizen))
        .statusCode,
    ).toBe(403);
    expect(
      (await post("/api/office/kiosk/sessions", { dossierCode: codes.processed }, sessions.otherOfficer))
        .statusCode,
    ).toBe(404);
    expect(
      (await post("/api/office/kiosk/sessions", { dossierCode: "X-1" }, sessions.officer)).statusCode,
    ).toBe(404);
    expect(await state()).toEqual(before);
  });

  it("400 without a code (vi, en); 409 before the result", async () => {
    const vi = await post("/api/office/kiosk/sessions", { dossierCode: "" }, sessions.officer);
    expect(vi.statusCode).toBe(400);
    expect(vi.json().error.fields[0].field).toBe("dossierCode");
    const en = await post("/api/office/kiosk/sessions", {}, sessions.officer, "en");
    expect(en.json().error.message).toBe("The input is not valid");
    const early = await post("/api/office/kiosk/sessions", { dossierCode: codes.open }, sessions.officer);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("EVALUATION_NOT_YET");
  });
});

describe("POST /api/office/kiosk/sessions/:id/rating", () => {
  it("the officer opens the screen, the applicant rates once; second → 409; another officer's session → 404", async () => {
    const opened = await post(
      "/api/office/kiosk/sessions",
      { dossierCode: codes.processed },
      sessions.officer,
    );
    expect(opened.statusCode).toBe(201);
    expect(opened.json().dossier).toMatchObject({ code: codes.processed });
    const { sessionId } = opened.json();
    const url = `/api/office/kiosk/sessions/${sessionId}/rating`;
    expect((await post(url, { points: { "1": 2 } }, sessions.otherOfficer)).statusCode).toBe(404);
    expect(
      (
        await post(
          `/api/office/kiosk/sessions/${randomUUID()}/rating`,
          { points: { "1": 2 } },
          sessions.officer,
        )
      ).statusCode,
    ).toBe(404);
    const invalid = await post(url, { points: { "9": 2 } }, sessions.officer, "en");
    expect(invalid.statusCode).toBe(400);
    expect((await state()).ratings).toEqual([]);
    const rated = await post(url, { points: { "1": 2, "7": 2 }, satisfaction: "neutral" }, sessions.officer);
    expect(rated.statusCode).toBe(201);
    expect(rated.json()).toEqual({ rated: true });
    const again = await post(url, { points: { "1": 0 } }, sessions.officer);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("KIOSK_SESSION_CLOSED");
    const reopen = await post(
      "/api/office/kiosk/sessions",
      { dossierCode: codes.processed },
      sessions.officer,
      "en",
    );
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().error.message).toBe("This dossier has already been rated");
    const ratings = (await state()).ratings;
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({
      channel: "kiosk",
      satisfaction: "neutral",
      points: { "1": 2, "7": 2 },
    });
  });
});
