import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideAtCounter } from "../../../../src/services/dossiers/counter/decideAtCounter.ts";
import { intakePaperDossier } from "../../../../src/services/dossiers/counter/intakePaperDossier.ts";
import { refuseDossier } from "../../../../src/services/dossiers/counter/refuseDossier.ts";
import {
  at,
  type CounterWorld,
  counterWorld,
  intakeBirthRegistration,
  uploadScans,
} from "../../../services/dossiers/counter/counterFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { limits, submitBirthRegistration } from "../../../support/dossierFixtures.ts";

/**
 * GET /api/monitoring/reception-organisations (issue #12 §5, R-XFER-3): dossiers counted by where the applicant was
 * helped, where they were received (with reception outside the office, refusals, supplement requests and decisions at
 * the counter) and which agency decides.
 */
let t: AuthTestApp;
let world: CounterWorld;
const sessions: Record<string, TestSession> = {};
const now = at("2026-11-24T09:00:00");

beforeAll(async () => {
  t = await createAuthTestApp({
    start: now,
    config: {
      sessionIdleMinutes: 1_000_000,
      filesDir: join(mkdtempSync(join(tmpdir(), "onestop-organisations-")), "files"),
    },
  });
  world = await counterWorld(t.database.db);
  const db = t.database.db;
  // A ward's dossier taken in by the department's counter, on a mobile reception (R-XFER-3, R-RECV-5).
  await intakeBirthRegistration(db, world.otherOfficer, now, { receptionPlace: "mobile" });
  // The ward's own paper dossier, and a certification decided at once (R-RECV-4).
  await intakeBirthRegistration(db, world.officer, now);
  const [uploadId] = await uploadScans(db, world.officer.userId, now, [0]);
  const certification = await intakePaperDossier(db, {
    actor: world.officer,
    procedureCode: "2.000815",
    agencyCode: "000.20.01.H99",
    channel: "counter",
    applicant: { kind: "person", name: "Lê Văn Hùng" },
    files: [{ componentPosition: 0, uploadId: uploadId! }],
    now,
    limits,
  });
  await decideAtCounter(db, {
    actor: world.officer,
    dossierId: certification.row.id,
    resultReference: "Số 1",
    returnChannel: "counter",
    now,
  });
  // An online dossier refused at reception (R-REJ-1).
  const online = await submitBirthRegistration(db, world.users["congdan.demo"]!, now);
  await refuseDossier(db, {
    actor: world.officer,
    dossierId: online.row.id,
    reasons: ["Sai thẩm quyền"],
    now,
  });
  for (const [username, password] of [
    ["giamsat.ttpvhcc", "Demo@2026!GiamSatHCC"],
    ["lanhdao.trungtam", "Demo@2026!LanhDaoTT"],
    ["motcua.trungtam", "Demo@2026!MotCuaTT"],
    ["congdan.demo", "Demo@2026!CongDan"],
  ] as const)
    sessions[username] = await loginAs(t.app, username, password);
});
afterAll(async () => t?.close());

const get = (url: string, username?: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: "GET",
    url,
    headers: { ...(username ? sessions[username]!.headers : {}), ...headers },
  });

describe("GET /api/monitoring/reception-organisations", () => {
  it("counts each dossier under its three organisations, with the reception outcomes at the receiving counter", async () => {
    const response = await get(
      "/api/monitoring/reception-organisations?kind=month&date=2026-11-24",
      "giamsat.ttpvhcc",
    );
    expect(response.statusCode).toBe(200);
    const rows = response.json().agencies as { code: string; agencyId: string }[];
    const ward = rows.find((row) => row.code === "000.20.01.H99");
    expect(ward).toMatchObject({
      assisted: 3,
      received: 3,
      deciding: 4,
      receivedOutsideOffice: 0,
      refusedAtReception: 1,
      decidedAtCounter: 1,
    });
    const departmentId = world.otherOfficer.grants.find((g) => g.role === "counter_officer")!.agencyId;
    expect(rows.find((row) => row.agencyId === departmentId)).toMatchObject({
      assisted: 1,
      received: 1,
      deciding: 0,
      receivedOutsideOffice: 1,
    });
  });

  it("an agency leader sees only their agency; another month counts nothing", async () => {
    const leader = await get(
      "/api/monitoring/reception-organisations?kind=month&date=2026-11-24",
      "lanhdao.trungtam",
    );
    expect(leader.statusCode).toBe(200);
    expect(leader.json().agencies.map((row: { code: string }) => row.code)).toEqual(["000.20.01.H99"]);
    const october = await get(
      "/api/monitoring/reception-organisations?kind=month&date=2026-10-15",
      "giamsat.ttpvhcc",
    );
    expect(october.json().agencies).toEqual([]);
  });

  it("400 for a bad period, in Vietnamese or English", async () => {
    const vi = await get("/api/monitoring/reception-organisations?kind=fortnight", "giamsat.ttpvhcc");
    expect(vi.statusCode).toBe(400);
    expect(vi.json().error.code).toBe("VALIDATION_FAILED");
    const en = await get("/api/monitoring/reception-organisations?date=15-10-2026", "giamsat.ttpvhcc", {
      "accept-language": "en",
    });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toBe("The input is not valid");
  });

  it("401 without a session; 403 for a counter officer and a citizen", async () => {
    expect((await get("/api/monitoring/reception-organisations")).statusCode).toBe(401);
    expect((await get("/api/monitoring/reception-organisations", "motcua.trungtam")).statusCode).toBe(403);
    expect((await get("/api/monitoring/reception-organisations", "congdan.demo")).statusCode).toBe(403);
  });
});
