import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  at,
  type CounterWorld,
  counterWorld,
  footprint,
  intakeBirthRegistration,
} from "../../../services/dossiers/counter/counterFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";

/**
 * POST /api/office/dossiers/:id/forward-to-authority (issue #12 §5, R-XFER-2): a dossier received for the wrong
 * authority goes to the competent authority's counter, its paper under the 15:00 rule (R-XFER-1).
 */
let t: AuthTestApp;
let world: CounterWorld;
const sessions: Record<"officer" | "other" | "specialist" | "citizen", TestSession> = {} as never;
const thursday1530 = at("2026-11-26T15:30:00");

beforeAll(async () => {
  t = await createAuthTestApp({
    start: thursday1530,
    config: {
      sessionIdleMinutes: 1_000_000,
      sessionApplicantIdleMinutes: 1_000_000,
      sessionMaxHours: 100_000,
      filesDir: join(mkdtempSync(join(tmpdir(), "onestop-forward-")), "files"),
    },
  });
  world = await counterWorld(t.database.db);
  sessions.officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
  sessions.other = await loginAs(t.app, "motcua.sotaichinh", "Demo@2026!MotCuaSTC");
  sessions.specialist = await loginAs(t.app, "chuyenvien.trungtam", "Demo@2026!ChuyenVienTT");
  sessions.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const forward = (id: string, body: unknown, session: TestSession = sessions.officer, headers = {}) =>
  t.app.inject({
    method: "POST",
    url: `/api/office/dossiers/${id}/forward-to-authority`,
    headers: { ...session.headers, ...headers },
    payload: body as object,
  });
const body = {
  agencyCode: "000.20.02.H99",
  reason: "Người yêu cầu cư trú tại phường khác; thuộc thẩm quyền phường đó",
};

describe("POST /api/office/dossiers/:id/forward-to-authority", () => {
  it("200: the other ward now decides and receives it, where it was helped is kept; late after the start of Friday", async () => {
    const { row } = await intakeBirthRegistration(db(), world.officer, thursday1530);
    t.clock.current = at("2026-11-27T08:00:00");
    const response = await forward(row.id, { ...body, expectedVersion: 1 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 2,
      version: 2,
      code: row.code,
      decidingAgency: { code: "000.20.02.H99" },
      receivingAgency: { code: "000.20.02.H99" },
      assistedAtAgency: { code: "000.20.01.H99" },
    });
    expect(response.json().history.at(-1)).toMatchObject({
      type: "forwardedToAuthority",
      fromStatus: 2,
      toStatus: 2,
      details: {
        reason: body.reason,
        fromAgency: { code: "000.20.01.H99" },
        toAgency: { code: "000.20.02.H99" },
        paper: true,
        paperTransferDueAt: at("2026-11-27T07:00:00").toISOString(),
        paperTransferOnTime: false,
      },
    });
    // It has left the first ward: its counter no longer reaches it.
    expect((await forward(row.id, body)).statusCode).toBe(404);
    t.clock.current = thursday1530;
  });

  it.each([
    ["a blank reason", { ...body, reason: "   " }, "reason"],
    ["no agency", { reason: "x" }, "agencyCode"],
    ["a malformed agency code", { ...body, agencyCode: "phuong 2" }, "agencyCode"],
  ])("400 for %s; nothing changed", async (_name, payload, field) => {
    const { row } = await intakeBirthRegistration(db(), world.officer, t.clock.current);
    const before = await footprint(db(), row.id);
    const response = await forward(row.id, payload);
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json().error)).toContain(field);
    expect(await footprint(db(), row.id)).toEqual(before);
  });

  it("404 for an agency that does not handle the procedure, 409 for the authority that already decides, 409 once transferred; in English too", async () => {
    const { row } = await intakeBirthRegistration(db(), world.officer, t.clock.current);
    const before = await footprint(db(), row.id);
    const unknown = await forward(row.id, { ...body, agencyCode: "000.00.13.H99" }, sessions.officer, {
      "accept-language": "en",
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe("Agency 000.00.13.H99 does not handle procedure 1.001193");
    const same = await forward(row.id, { ...body, agencyCode: "000.20.01.H99" });
    expect(same.statusCode).toBe(409);
    expect(same.json().error.code).toBe("SAME_AUTHORITY");
    expect(await footprint(db(), row.id)).toEqual(before);
    await t.app.inject({
      method: "POST",
      url: `/api/office/dossiers/${row.id}/transfer`,
      headers: sessions.officer.headers,
      payload: {},
    });
    expect((await forward(row.id, body)).statusCode).toBe(409);
  });

  it("403 for a specialist and a citizen, 404 for another agency's counter; nothing changed", async () => {
    const { row } = await intakeBirthRegistration(db(), world.officer, t.clock.current);
    const before = await footprint(db(), row.id);
    expect((await forward(row.id, body, sessions.specialist)).statusCode).toBe(403);
    expect((await forward(row.id, body, sessions.citizen)).statusCode).toBe(403);
    expect((await forward(row.id, body, sessions.other)).statusCode).toBe(404);
    expect(await footprint(db(), row.id)).toEqual(before);
  });
});
