import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakePaperDossier } from "../../../../src/services/dossiers/counter/intakePaperDossier.ts";
import {
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
import { limits } from "../../../support/dossierFixtures.ts";

/**
 * Issue #12 §3 through HTTP: a same-day procedure (certification of a copy, 2.000815) taken in at the counter has
 * its appointment at the end of the working day, or of the next one after 15:00 (R-CAL-6), and the counter decides
 * and returns it at once, 2 → 9 → 10 (R-RECV-4, R-STATUS-5): POST /api/office/dossiers/:id/decide-at-counter.
 */
let t: AuthTestApp;
let world: CounterWorld;
const sessions: Record<"officer" | "other" | "specialist" | "citizen", TestSession> = {} as never;
const config = {
  sessionIdleMinutes: 1_000_000,
  sessionApplicantIdleMinutes: 1_000_000,
  sessionMaxHours: 100_000,
};
const thursday0900 = at("2026-11-26T09:00:00");
const thursday1530 = at("2026-11-26T15:30:00");

beforeAll(async () => {
  t = await createAuthTestApp({
    start: thursday0900,
    config: { ...config, filesDir: join(mkdtempSync(join(tmpdir(), "onestop-same-day-")), "files") },
  });
  world = await counterWorld(t.database.db);
  sessions.officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
  sessions.other = await loginAs(t.app, "motcua.sotaichinh", "Demo@2026!MotCuaSTC");
  sessions.specialist = await loginAs(t.app, "chuyenvien.trungtam", "Demo@2026!ChuyenVienTT");
  sessions.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const post = (url: string, payload: unknown, session?: TestSession, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: "POST",
    url,
    headers: { ...(session?.headers ?? {}), ...headers },
    payload: payload as object,
  });
const decide = (id: string, body: unknown, session: TestSession = sessions.officer, headers = {}) =>
  post(`/api/office/dossiers/${id}/decide-at-counter`, body, session, headers);

/** A paper certification of a copy (same-day procedure in the demo data) taken in at Phường Trung Tâm at `now`. */
async function intakeCertification(now: Date) {
  const [uploadId] = await uploadScans(db(), world.officer.userId, now, [0]);
  return intakePaperDossier(db(), {
    actor: world.officer,
    procedureCode: "2.000815",
    agencyCode: "000.20.01.H99",
    channel: "counter",
    applicant: { kind: "person", name: "Lê Văn Hùng", idNumber: "099190007777" },
    files: [{ componentPosition: 0, uploadId: uploadId! }],
    now,
    limits,
  });
}

describe("same-day appointment at intake (R-CAL-6)", () => {
  it("received Thursday 09:00 → due Thursday 17:00; received 15:30 → due Friday 17:00", async () => {
    const morning = await intakeCertification(thursday0900);
    expect(morning.row.legal_time_kind).toBe("same_day");
    expect(morning.row.due_at).toEqual(at("2026-11-26T17:00:00"));
    const afternoon = await intakeCertification(thursday1530);
    expect(afternoon.row.due_at).toEqual(at("2026-11-27T17:00:00"));
    const view = await t.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${afternoon.row.id}`,
      headers: sessions.officer.headers,
    });
    expect(view.json()).toMatchObject({
      legalTimeKind: "same_day",
      dueAt: at("2026-11-27T17:00:00").toISOString(),
    });
  });
});

describe("POST /api/office/dossiers/:id/decide-at-counter (R-RECV-4, R-STATUS-5 2 → 9 → 10)", () => {
  it("decides and returns at once: status 10, both events in the history, the reference recorded", async () => {
    t.clock.current = at("2026-11-26T10:00:00");
    const { row } = await intakeCertification(t.clock.current);
    const response = await decide(row.id, {
      resultReference: "Số chứng thực 125, quyển 01/2026-SCT/BS",
      expectedVersion: 1,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ status: 10, version: 3, returnedAt: t.clock.current.toISOString() });
    expect(body.history.map((event: { type: string }) => event.type)).toEqual([
      "receivedOnPaper",
      "decidedAtCounter",
      "resultReturned",
    ]);
    expect(body.history[1]).toMatchObject({
      fromStatus: 2,
      toStatus: 9,
      details: { resultReference: "Số chứng thực 125, quyển 01/2026-SCT/BS" },
    });
    expect(body.history[2]).toMatchObject({ fromStatus: 9, toStatus: 10, details: { channel: "counter" } });
    const state = await db()
      .selectFrom("dossiers")
      .select(["finished_at", "closed_at"])
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(state.finished_at).toEqual(t.clock.current);
  });

  it("returnChannel null keeps the result at the counter (9); return-result closes it later", async () => {
    const { row } = await intakeCertification(t.clock.current);
    const decided = await decide(row.id, { resultReference: "Số 126", returnChannel: null });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ status: 9, version: 2 });
    const returned = await post(
      `/api/office/dossiers/${row.id}/return-result`,
      { channel: "post" },
      sessions.officer,
    );
    expect(returned.json()).toMatchObject({ status: 10 });
  });

  it.each([
    ["a blank reference", { resultReference: "   " }, "resultReference"],
    ["no reference", {}, "resultReference"],
    ["an unknown return channel", { resultReference: "Số 1", returnChannel: "fax" }, "returnChannel"],
    ["an unknown field", { resultReference: "Số 1", note: "x" }, undefined],
  ])("400 for %s, nothing changed", async (_name, body, field) => {
    const { row } = await intakeCertification(t.clock.current);
    const before = await footprint(db(), row.id);
    const response = await decide(row.id, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("VALIDATION_FAILED");
    if (field) expect(JSON.stringify(response.json().error)).toContain(field);
    expect(await footprint(db(), row.id)).toEqual(before);
  });

  it("answers in English with Accept-Language: en", async () => {
    const { row } = await intakeCertification(t.clock.current);
    const response = await decide(row.id, { resultReference: " " }, sessions.officer, {
      "accept-language": "en",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/[a-z]/);
    expect(response.json().error.fields[0].message).toBe("Must not be empty");
  });

  it("409 for a procedure with a duration (birth registration): it goes through the agency", async () => {
    const { row } = await intakeBirthRegistration(db(), world.officer, t.clock.current);
    const before = await footprint(db(), row.id);
    const response = await decide(row.id, { resultReference: "Số 1" });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe("NOT_DECIDED_AT_COUNTER");
    expect(response.json().error.message).toContain("trong ngày");
    expect(await footprint(db(), row.id)).toEqual(before);
  });

  it("409 once transferred (status 4) or already returned; 409 on a stale version", async () => {
    const { row } = await intakeCertification(t.clock.current);
    const stale = await decide(row.id, { resultReference: "Số 2", expectedVersion: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("STALE_DOSSIER");
    expect((await decide(row.id, { resultReference: "Số 2" })).statusCode).toBe(200);
    const again = await decide(row.id, { resultReference: "Số 2" });
    expect(again.statusCode).toBe(409);

    const other = await intakeCertification(t.clock.current);
    expect(
      (await post(`/api/office/dossiers/${other.row.id}/transfer`, {}, sessions.officer)).statusCode,
    ).toBe(200);
    const transferred = await decide(other.row.id, { resultReference: "Số 3" });
    expect(transferred.statusCode).toBe(409);
  });

  it("403 for a specialist and a citizen, 404 for another agency's counter, 401 without a session; nothing changed", async () => {
    const { row } = await intakeCertification(t.clock.current);
    const before = await footprint(db(), row.id);
    expect((await decide(row.id, { resultReference: "Số 4" }, sessions.specialist)).statusCode).toBe(403);
    expect((await decide(row.id, { resultReference: "Số 4" }, sessions.citizen)).statusCode).toBe(403);
    expect((await decide(row.id, { resultReference: "Số 4" }, sessions.other)).statusCode).toBe(404);
    const anonymous = await t.app.inject({
      method: "POST",
      url: `/api/office/dossiers/${row.id}/decide-at-counter`,
      payload: { resultReference: "Số 4" },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await footprint(db(), row.id)).toEqual(before);
  });
});
