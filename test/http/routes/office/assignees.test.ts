import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignDossier } from "../../../../src/services/dossiers/processing/assignDossier.ts";
import {
  actorNamed,
  at,
  dossierInProcessing,
} from "../../../services/dossiers/processing/processingFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds, submitBirthRegistration } from "../../../support/dossierFixtures.ts";

const PASSWORDS: Record<string, string> = {
  "congdan.demo": "Demo@2026!CongDan",
  "motcua.trungtam": "Demo@2026!MotCuaTT",
  "truongphong.trungtam": "Demo@2026!TruongPhongTT",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
  "lanhdao.sotaichinh": "Demo@2026!LanhDaoSTC",
};

let t: AuthTestApp;
let users: Record<string, string>;
const sessions: Record<string, TestSession> = {};
const monday = at("2026-11-23T09:00");

const candidates = (id: string, username?: string) =>
  t.app.inject({
    method: "GET",
    url: `/api/office/dossiers/${id}/assignees`,
    headers: username ? sessions[username]!.headers : {},
  });

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-11-23T10:00") });
  users = await demoUserIds(t.database.db);
  for (const username of Object.keys(PASSWORDS))
    sessions[username] = await loginAs(t.app, username, PASSWORDS[username]!);
});
afterAll(async () => {
  await t.close();
});

describe("GET /api/office/dossiers/:id/assignees", () => {
  it("lists the specialists a unit head may assign, then the leaders the specialist may forward to", async () => {
    const db = t.database.db;
    const id = await dossierInProcessing(db, users, monday);
    const forHead = await candidates(id, "truongphong.trungtam");
    expect(forHead.statusCode, forHead.body).toBe(200);
    const body = forHead.json() as { step: string; role: string; officers: { id: string; name: string }[] };
    expect(body.step).toBe("appraisal");
    expect(body.role).toBe("specialist");
    expect(body.officers.map((o) => o.id)).toContain(users["chuyenvien.trungtam"]);

    await assignDossier(db, {
      dossierId: id,
      actor: await actorNamed(db, users, "truongphong.trungtam"),
      now: monday,
      assigneeId: users["chuyenvien.trungtam"]!,
    });
    const forSpecialist = (await candidates(id, "chuyenvien.trungtam")).json() as typeof body;
    expect(forSpecialist.step).toBe("awaitingApproval");
    expect(forSpecialist.role).toBe("agency_leader");
    expect(forSpecialist.officers.length).toBeGreaterThan(0);
  });

  it("is empty outside processing, 404 for other agencies and applicants, 401 without a session", async () => {
    const db = t.database.db;
    const { row } = await submitBirthRegistration(db, users["congdan.demo"]!, monday);
    const fresh = await candidates(row.id, "motcua.trungtam");
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json()).toEqual({ step: null, role: null, officers: [] });
    expect((await candidates(row.id, "lanhdao.sotaichinh")).statusCode).toBe(404);
    expect((await candidates(row.id, "congdan.demo")).statusCode).toBe(403);
    expect((await candidates(row.id)).statusCode).toBe(401);
  });
});

describe("GET /api/office/inbox?box=toProcess at the counter", () => {
  it("holds what waits at the counter: a received dossier to transfer, a withdrawal to confirm", async () => {
    const db = t.database.db;
    const post = (url: string, username: string, payload: Record<string, unknown> = {}) =>
      t.app.inject({ method: "POST", url, headers: sessions[username]!.headers, payload });
    const toProcess = async () => {
      const response = await t.app.inject({
        method: "GET",
        url: "/api/office/inbox?box=toProcess",
        headers: sessions["motcua.trungtam"]!.headers,
      });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as { items: { id: string; status: number }[] }).items;
    };
    const received = (await submitBirthRegistration(db, users["congdan.demo"]!, monday)).row.id;
    expect((await post(`/api/office/dossiers/${received}/accept`, "motcua.trungtam")).statusCode).toBe(200);
    const withdrawn = (await submitBirthRegistration(db, users["congdan.demo"]!, monday)).row.id;
    const withdrawal = await post(`/api/citizen/dossiers/${withdrawn}/withdraw`, "congdan.demo", {
      reason: "Không còn nhu cầu",
    });
    expect(withdrawal.statusCode, withdrawal.body).toBe(200);
    const items = await toProcess();
    expect(items.find((item) => item.id === received)?.status).toBe(2);
    expect(items.find((item) => item.id === withdrawn)?.status).toBe(7);
    const specialist = await t.app.inject({
      method: "GET",
      url: "/api/office/inbox?box=toProcess",
      headers: sessions["chuyenvien.trungtam"]!.headers,
    });
    expect((specialist.json() as { items: { id: string }[] }).items.map((item) => item.id)).not.toContain(
      received,
    );
  });
});
