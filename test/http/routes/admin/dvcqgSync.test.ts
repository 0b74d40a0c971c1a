import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpSyncClient } from "../../../../src/integrations/dvcqg/httpSyncClient.ts";
import {
  type DvcqgSimulator,
  startDvcqgSimulator,
} from "../../../../src/integrations/dvcqg/simulator/server.ts";
import { runDvcqgSync } from "../../../../src/jobs/dvcqgSync.ts";
import { createTestUser } from "../../../support/accounts.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds, submitBirthRegistration } from "../../../support/dossierFixtures.ts";

describe("DVCQG sync routes (issue #13)", () => {
  let t: AuthTestApp;
  let simulator: DvcqgSimulator;
  let agencyAdmin: TestSession;
  let otherAdmin: TestSession;
  let systemAdmin: TestSession;
  let counter: TestSession;
  let otherCounter: TestSession;
  let citizen: TestSession;
  let failedId: string;
  let failedCode: string;
  let syncedId: string;

  beforeAll(async () => {
    t = await createAuthTestApp({ start: new Date("2026-11-23T02:00:00Z") });
    simulator = await startDvcqgSimulator({ token: "dung" });
    const users = await demoUserIds(t.database.db);
    const synced = await submitBirthRegistration(t.database.db, users["congdan.demo"]!, t.clock.now());
    syncedId = synced.row.id;
    const good = httpSyncClient({ url: simulator.syncUrl, token: "dung", timeoutMs: 5000 });
    await runDvcqgSync(t.database.db, good, t.clock.now, {
      publicUrl: "http://127.0.0.1:3000",
      maxBackoffSeconds: 60,
    });
    const failed = await submitBirthRegistration(t.database.db, users["congdan.demo"]!, t.clock.now());
    failedId = failed.row.id;
    failedCode = failed.row.code;
    const wrong = httpSyncClient({ url: simulator.syncUrl, token: "sai", timeoutMs: 5000 });
    await runDvcqgSync(t.database.db, wrong, t.clock.now, {
      publicUrl: "http://127.0.0.1:3000",
      maxBackoffSeconds: 60,
      maxRejections: 1,
    });
    await createTestUser(t.database.db, {
      username: "quantri.khac",
      password: "Khac@2026!QuanTri",
      role: "agency_admin",
      agencyCode: "000.00.12.H99",
    });
    await createTestUser(t.database.db, {
      username: "motcua.khac",
      password: "Khac@2026!MotCua",
      role: "counter_officer",
      agencyCode: "000.00.12.H99",
    });
    agencyAdmin = await loginAs(t.app, "quantri.trungtam", "Demo@2026!QuanTriTT");
    otherAdmin = await loginAs(t.app, "quantri.khac", "Khac@2026!QuanTri");
    systemAdmin = await loginAs(t.app, "quantri.hethong", "Demo@2026!QuanTriHT");
    counter = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
    otherCounter = await loginAs(t.app, "motcua.khac", "Khac@2026!MotCua");
    citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
  });

  afterAll(async () => {
    await simulator?.close();
    await t?.close();
  });

  describe("GET /api/office/dossiers/:id/dvcqg-sync", () => {
    it("shows a counter officer of the agency that the dossier is synchronised", async () => {
      const response = await t.app.inject({
        url: `/api/office/dossiers/${syncedId}/dvcqg-sync`,
        headers: counter.headers,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        state: "synced",
        lastError: null,
        packets: [{ service: "DongBoHoSoMC", status: "sent", attempts: 1 }],
      });
    });

    it("shows a failed dossier with DVCQG's error", async () => {
      const response = await t.app.inject({
        url: `/api/office/dossiers/${failedId}/dvcqg-sync`,
        headers: counter.headers,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().state).toBe("failed");
      expect(response.json().lastError).toContain("401");
    });

    it("answers an officer of another agency as if the dossier did not exist (404); refuses a citizen (403), nobody logged in (401), an unknown id (404)", async () => {
      const url = `/api/office/dossiers/${syncedId}/dvcqg-sync`;
      expect((await t.app.inject({ url, headers: otherCounter.headers })).statusCode).toBe(404);
      expect((await t.app.inject({ url, headers: citizen.headers })).statusCode).toBe(403);
      expect((await t.app.inject({ url })).statusCode).toBe(401);
      const unknown = await t.app.inject({
        url: "/api/office/dossiers/00000000-0000-4000-8000-000000000000/dvcqg-sync",
        headers: counter.headers,
      });
      expect(unknown.statusCode).toBe(404);
      const bad = await t.app.inject({
        url: "/api/office/dossiers/khong-phai-uuid/dvcqg-sync",
        headers: counter.headers,
      });
      expect(bad.statusCode).toBe(400);
    });
  });

  describe("GET /api/admin/dvcqg-sync", () => {
    it("gives an agency administrator the failures, backlog and lag of their agency", async () => {
      const response = await t.app.inject({ url: "/api/admin/dvcqg-sync", headers: agencyAdmin.headers });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.deadLetters).toBe(1);
      expect(body.dossiers.failed).toBe(1);
      expect(body.problems).toEqual([expect.objectContaining({ dossierCode: failedCode, state: "failed" })]);
    });

    it("shows another agency's administrator none of them", async () => {
      const response = await t.app.inject({ url: "/api/admin/dvcqg-sync", headers: otherAdmin.headers });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ deadLetters: 0, backlog: 0, problems: [] });
    });

    it("refuses a counter officer (403) and nobody logged in (401)", async () => {
      expect(
        (await t.app.inject({ url: "/api/admin/dvcqg-sync", headers: counter.headers })).statusCode,
      ).toBe(403);
      expect((await t.app.inject({ url: "/api/admin/dvcqg-sync" })).statusCode).toBe(401);
    });
  });

  describe("POST /api/admin/dvcqg-sync/replay", () => {
    const replay = (session: TestSession | undefined, payload: unknown, language = "vi") =>
      t.app.inject({
        method: "POST",
        url: "/api/admin/dvcqg-sync/replay",
        headers: { ...(session?.headers ?? {}), "accept-language": language },
        payload: payload as Record<string, unknown>,
      });

    it("refuses another agency's administrator as if the dossier did not exist (404), and a counter officer (403)", async () => {
      expect((await replay(otherAdmin, { dossierCode: failedCode })).statusCode).toBe(404);
      expect((await replay(counter, { dossierCode: failedCode })).statusCode).toBe(403);
      expect((await replay(undefined, { dossierCode: failedCode })).statusCode).toBe(401);
    });

    it("rejects a bad period with a clear message (400) and changes nothing", async () => {
      const reversed = await replay(agencyAdmin, { fromDay: "2026-11-30", toDay: "2026-11-01" });
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json().error.fields[0].message).toContain("Đến ngày");
      const english = await replay(agencyAdmin, { fromDay: "2026-02-30", toDay: "2026-03-01" }, "en");
      expect(english.statusCode).toBe(400);
      expect(english.json().error.fields[0].message).toContain("Not a valid date");
      expect((await replay(agencyAdmin, { dossierCode: "" })).statusCode).toBe(400);
      expect((await replay(agencyAdmin, { fromDay: "hôm qua", toDay: "2026-11-23" })).statusCode).toBe(400);
      const state = await t.database.db
        .selectFrom("dvcqg_sync_states")
        .select("state")
        .where("dossier_id", "=", failedId)
        .executeTakeFirstOrThrow();
      expect(state.state).toBe("failed");
    });

    it("replays a failed dossier: it is delivered with the right token, and the replay is in the audit log", async () => {
      const response = await replay(agencyAdmin, { dossierCode: failedCode });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ dossiers: 1, packets: 1 });
      const good = httpSyncClient({ url: simulator.syncUrl, token: "dung", timeoutMs: 5000 });
      await runDvcqgSync(t.database.db, good, t.clock.now, {
        publicUrl: "http://127.0.0.1:3000",
        maxBackoffSeconds: 60,
      });
      expect(simulator.context.sync.find(failedCode)?.record.TrangThaiHoSo).toBe("1");
      const view = await t.app.inject({
        url: `/api/office/dossiers/${failedId}/dvcqg-sync`,
        headers: counter.headers,
      });
      expect(view.json().state).toBe("synced");
      const audit = await t.database.db
        .selectFrom("admin_audit")
        .selectAll()
        .where("entity", "=", "dvcqg_sync")
        .execute();
      expect(audit.map((row) => row.entity_id)).toContain(failedCode);
    });

    it("replays a period for the system administrator", async () => {
      const response = await replay(systemAdmin, { fromDay: "2026-11-23", toDay: "2026-11-23" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ dossiers: 2, packets: 2 });
    });
  });
});
