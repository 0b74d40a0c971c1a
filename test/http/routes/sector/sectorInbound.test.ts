import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  civilStatusScenario,
  createSectorSimulator,
  signedHeaders,
} from "../../../../src/integrations/sector/simulator/sectorSimulator.ts";
import type { SectorDossierReport } from "../../../../src/services/sector/sectorReportSchema.ts";
import { type AuthTestApp, createAuthTestApp, type TestSession } from "../../../support/authSession.ts";
import { demoUserIds, submitBirthRegistration } from "../../../support/dossierFixtures.ts";
import { caller, loginAll, SYSTEM_ADMIN } from "../admin/adminTestKit.ts";

/**
 * Issue #18 (R-STATUS-4): a sector system reports its dossiers through the signed inbound API. Real HTTP for the
 * simulator (the app listens on a loopback port); inject for the detailed refusals.
 */
const url = "/api/integration/sector/dossiers";
const AGENCY = "000.20.01.H99";
const OTHER_COMMUNE = "000.20.02.H99";
const PROCEDURE = "1.001193";
const START = new Date("2026-03-02T02:00:00Z");

let t: AuthTestApp;
let sessions: Record<string, TestSession>;
let call: ReturnType<typeof caller>;
let civil: { id: string; apiKey: string; hmacSecret: string };
let land: { id: string; apiKey: string; hmacSecret: string };
let baseUrl: string;

type Answer = { dossierId: string; code: string; status: number; outcome: string; replayed: boolean };
type Refusal = { error: { code: string; message: string; fields?: { field: string; message: string }[] } };

const post = (
  body: string,
  credentials: { apiKey: string; hmacSecret: string } = civil,
  language: "vi" | "en" = "vi",
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method: "POST",
    url,
    payload: body,
    headers: {
      ...signedHeaders(body, credentials.apiKey, credentials.hmacSecret),
      "accept-language": language,
      ...headers,
    },
  });
const send = (report: unknown, credentials = civil, language: "vi" | "en" = "vi") =>
  post(JSON.stringify(report), credentials, language);

let sequence = 0;
const newCode = () => `${AGENCY}-260302-${String(7000 + ++sequence).padStart(4, "0")}`;
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000).toISOString();

function report(overrides: Partial<SectorDossierReport> & { code?: string } = {}): SectorDossierReport {
  const { code, ...rest } = overrides;
  return {
    reportId: `r-${code ?? "x"}-${Math.random().toString(36).slice(2, 10)}`,
    reportedAt: at(-30),
    dossier: {
      code: code ?? newCode(),
      procedureCode: PROCEDURE,
      agencyCode: AGENCY,
      channel: "counter",
      submittedAt: at(-120),
      receivedAt: at(-110),
    },
    applicant: { kind: "person", name: "Phạm Thị Hoa", idNumber: "001190012345", phone: "0912345678" },
    status: 2,
    progress: { appointmentAt: at(24 * 60), steps: [{ name: "Tiếp nhận", startedAt: at(-110) }] },
    ...rest,
  };
}

const events = async (dossierId: string) =>
  t.database.db
    .selectFrom("dossier_events")
    .select(["sequence", "type", "from_status", "to_status", "actor_role"])
    .where("dossier_id", "=", dossierId)
    .orderBy("sequence")
    .execute();

beforeAll(async () => {
  t = await createAuthTestApp({ start: START });
  sessions = await loginAll(t, [SYSTEM_ADMIN, "motcua.trungtam"]);
  call = caller(t, sessions);
  const register = async (code: string, procedures: string[], agencies: string[]) => {
    const response = await call("POST", "/api/admin/sector-systems", SYSTEM_ADMIN, {
      code,
      name: `Hệ thống ${code}`,
      kind: code === "hotich" ? "civil_status" : "land",
      procedureCodes: procedures,
      agencyCodes: agencies,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; apiKey: string; hmacSecret: string };
  };
  civil = await register("hotich", [PROCEDURE], [AGENCY, "000.00.13.H99"]);
  land = await register("datdai", [PROCEDURE], [AGENCY, OTHER_COMMUNE]);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  // A seeded database, two registrations and a listening socket: minutes on a busy two-core machine.
}, 300_000);
afterAll(async () => {
  await t?.close();
});

describe("POST /api/integration/sector/dossiers (issue #18, R-STATUS-4)", () => {
  it("the simulator's civil-status dossier: 201, then each status forward (200), each with its event and outbox row", async () => {
    const simulator = createSectorSimulator({
      baseUrl,
      apiKey: civil.apiKey,
      hmacSecret: civil.hmacSecret,
      agencyCode: AGENCY,
      procedureCode: PROCEDURE,
    });
    const code = newCode();
    const sent = await simulator.run(
      civilStatusScenario({
        code,
        agencyCode: AGENCY,
        procedureCode: PROCEDURE,
        start: new Date(START.getTime() - 3_600_000),
      }),
    );
    expect(sent.map((s) => s.status)).toEqual([201, 200, 200, 200]);
    expect(sent.map((s) => (s.body as Answer).outcome)).toEqual(["created", "updated", "updated", "updated"]);
    const dossier = await t.database.db
      .selectFrom("dossiers")
      .selectAll()
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    expect(dossier.sector_system_id).toBe(civil.id);
    expect(dossier.status).toBe(10);
    expect(dossier.received_at).not.toBeNull();
    expect(dossier.finished_at).not.toBeNull();
    expect(dossier.owner_user_id).toBeNull();
    expect((await events(dossier.id)).map((e) => [e.type, e.from_status, e.to_status])).toEqual([
      ["sectorReported", null, 2],
      ["sectorStatusReported", 2, 4],
      ["sectorStatusReported", 4, 9],
      ["sectorStatusReported", 9, 10],
    ]);
    const outbox = await t.database.db
      .selectFrom("outbox")
      .select(["event_sequence"])
      .where("dossier_id", "=", dossier.id)
      .orderBy("event_sequence")
      .execute();
    expect(outbox.map((row) => row.event_sequence)).toEqual([1, 2, 3, 4]);
    const progress = await t.database.db
      .selectFrom("sector_dossiers")
      .selectAll()
      .where("dossier_id", "=", dossier.id)
      .executeTakeFirstOrThrow();
    expect(progress.progress.steps).toHaveLength(2);
    expect(progress.progress.resultAt).not.toBeNull();
  });

  it("faults: duplicate sends are replayed (same answer, nothing written twice); out-of-order updates are refused", async () => {
    const simulator = createSectorSimulator({
      baseUrl,
      apiKey: civil.apiKey,
      hmacSecret: civil.hmacSecret,
      agencyCode: AGENCY,
      procedureCode: PROCEDURE,
    });
    const code = newCode();
    const reports = civilStatusScenario({
      code,
      agencyCode: AGENCY,
      procedureCode: PROCEDURE,
      start: new Date(START.getTime() - 3_600_000),
    });
    const sent = await simulator.run(reports, ["duplicate", "outOfOrder"]);
    // Order sent: r1, r1, r2, r2, r4, r4, r3, r3 — r3 (status 9, older) arrives after r4 (status 10).
    expect(sent.map((s) => s.status)).toEqual([201, 200, 200, 200, 200, 200, 409, 409]);
    expect(sent.map((s) => (s.body as Answer).replayed)).toEqual([
      false,
      true,
      false,
      true,
      false,
      true,
      undefined,
      undefined,
    ]);
    expect(sent[1]!.body).toEqual({ ...sent[0]!.body, replayed: true });
    expect((sent[6]!.body as Refusal).error.code).toBe("SECTOR_REPORT_OUT_OF_ORDER");
    const dossier = await t.database.db
      .selectFrom("dossiers")
      .select(["id", "status"])
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    expect(dossier.status).toBe(10);
    expect((await events(dossier.id)).map((e) => e.to_status)).toEqual([2, 4, 10]);
  });

  it("a report with nothing new answers 'unchanged' and writes no event; a progress change writes one", async () => {
    const first = report();
    expect((await send(first)).statusCode).toBe(201);
    const same = await send({ ...first, reportId: `${first.reportId}-b`, reportedAt: at(-29) });
    expect(same.statusCode).toBe(200);
    expect((same.json() as Answer).outcome).toBe("unchanged");
    const moved = await send({
      ...first,
      reportId: `${first.reportId}-c`,
      reportedAt: at(-28),
      progress: { ...first.progress, appointmentAt: at(48 * 60) },
    });
    expect((moved.json() as Answer).outcome).toBe("updated");
    const log = await events((moved.json() as Answer).dossierId);
    expect(log.map((e) => [e.type, e.from_status, e.to_status])).toEqual([
      ["sectorReported", null, 2],
      ["sectorProgressReported", 2, 2],
    ]);
    expect(log.every((e) => e.actor_role === "sectorSystem")).toBe(true);
  });

  it("409 for a move backwards, in Vietnamese and in English; nothing recorded", async () => {
    const first = report({ status: 4 });
    const created = await send(first);
    expect(created.statusCode).toBe(201);
    const back = { ...first, reportId: `${first.reportId}-back`, reportedAt: at(-20), status: 2 };
    const vi = await send(back);
    expect(vi.statusCode).toBe(409);
    expect((vi.json() as Refusal).error.code).toBe("SECTOR_STATUS_BACKWARDS");
    expect((vi.json() as Refusal).error.message).toContain("không được chuyển hồ sơ lùi");
    const en = await send({ ...back, reportId: `${back.reportId}-en` }, civil, "en");
    expect((en.json() as Refusal).error.message).toContain("cannot move a dossier backwards");
    // Back to "newly registered" after acceptance is backwards too, even through a supplement request.
    const toOne = await send({ ...back, reportId: `${back.reportId}-1`, status: 1 });
    expect(toOne.statusCode).toBe(409);
    expect((await events((created.json() as Answer).dossierId)).length).toBe(1);
    // After a terminal status nothing else.
    const closed = await send({
      ...first,
      reportId: `${first.reportId}-stop`,
      reportedAt: at(-19),
      status: 8,
    });
    expect(closed.statusCode).toBe(200);
    const after = await send({
      ...first,
      reportId: `${first.reportId}-again`,
      reportedAt: at(-18),
      status: 4,
    });
    expect((after.json() as Refusal).error.code).toBe("SECTOR_DOSSIER_CLOSED");
  });

  it("a replayed report id with another body is 409; the same body is the first answer", async () => {
    const first = report();
    const created = await send(first);
    const replay = await send(first);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ ...(created.json() as Answer), replayed: true });
    const reused = await send({ ...first, applicant: { ...first.applicant, name: "Người Khác" } });
    expect(reused.statusCode).toBe(409);
    expect((reused.json() as Refusal).error.code).toBe("SECTOR_REPORT_ID_REUSED");
  });

  it("403 for another system's dossier and for OneStop's own dossier (Vietnamese, English)", async () => {
    const mine = report();
    expect((await send(mine)).statusCode).toBe(201);
    const theirs = await send({ ...mine, reportId: "land-1", reportedAt: at(-10), status: 4 }, land);
    expect(theirs.statusCode).toBe(403);
    expect((theirs.json() as Refusal).error.code).toBe("SECTOR_DOSSIER_NOT_YOURS");
    expect((theirs.json() as Refusal).error.message).toContain("không do hệ thống của bạn quản lý");
    const en = await send({ ...mine, reportId: "land-2", reportedAt: at(-10), status: 4 }, land, "en");
    expect((en.json() as Refusal).error.message).toContain("cannot update another system's dossiers");
    // One of OneStop's own dossiers (submitted online by the demo citizen).
    const users = await demoUserIds(t.database.db);
    const own = (await submitBirthRegistration(t.database.db, users["congdan.demo"]!, START)).row;
    const onestop = await send(report({ code: own.code }));
    expect(onestop.statusCode).toBe(403);
    const status = await t.database.db
      .selectFrom("dossiers")
      .select("status")
      .where("code", "=", mine.dossier.code)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe(2);
  });

  it("403 for a procedure or agency the system is not registered for; 422 where the agency does not offer it", async () => {
    const procedure = await send(report({ dossier: { ...report().dossier, procedureCode: "1.000956" } }));
    expect(procedure.statusCode).toBe(403);
    expect((procedure.json() as Refusal).error.code).toBe("SECTOR_PROCEDURE_NOT_ALLOWED");
    const agency = await send(report({ dossier: { ...report().dossier, agencyCode: "000.20.03.H99" } }));
    expect(agency.statusCode).toBe(403);
    expect((agency.json() as Refusal).error.code).toBe("SECTOR_AGENCY_NOT_ALLOWED");
    const notOffered = await send(report({ dossier: { ...report().dossier, agencyCode: "000.00.13.H99" } }));
    expect(notOffered.statusCode).toBe(422);
    expect((notOffered.json() as Refusal).error.code).toBe("SECTOR_PROCEDURE_NOT_OFFERED");
  });

  it("409 when an update would change the dossier's agency", async () => {
    const first = report();
    await send(first);
    const moved = await send(
      {
        ...first,
        reportId: `${first.reportId}-m`,
        reportedAt: at(-5),
        dossier: { ...first.dossier, agencyCode: OTHER_COMMUNE },
      },
      land,
    );
    // Land may report that commune, but the dossier is the civil-status system's.
    expect(moved.statusCode).toBe(403);
    const changed = await send({
      ...first,
      reportId: `${first.reportId}-n`,
      reportedAt: at(-5),
      dossier: { ...first.dossier, agencyCode: "000.00.13.H99" },
    });
    expect(changed.statusCode).toBe(409);
    expect((changed.json() as Refusal).error.code).toBe("SECTOR_DOSSIER_FIELDS_FIXED");
  });

  it.each([
    ["applicant.name", (r: SectorDossierReport) => ({ ...r, applicant: { ...r.applicant, name: "" } })],
    [
      "applicant.name",
      (r: SectorDossierReport) => ({ ...r, applicant: { ...r.applicant, name: "A".repeat(201) } }),
    ],
    [
      "applicant.phone",
      (r: SectorDossierReport) => ({ ...r, applicant: { ...r.applicant, phone: "gọi tôi" } }),
    ],
    ["status", (r: SectorDossierReport) => ({ ...r, status: 11 })],
    [
      "dossier.procedureCode",
      (r: SectorDossierReport) => ({ ...r, dossier: { ...r.dossier, procedureCode: "1001193" } }),
    ],
    ["dossier.channel", (r: SectorDossierReport) => ({ ...r, dossier: { ...r.dossier, channel: "fax" } })],
    ["reportId", (r: SectorDossierReport) => ({ ...r, reportId: "có dấu cách" })],
    [
      "progress.steps",
      (r: SectorDossierReport) => ({
        ...r,
        progress: { steps: Array.from({ length: 51 }, () => ({ name: "b", startedAt: at(-100) })) },
      }),
    ],
    ["dossier.code", (r: SectorDossierReport) => ({ ...r, dossier: { ...r.dossier, code: "KHONG-DUNG" } })],
    ["reportedAt", (r: SectorDossierReport) => ({ ...r, reportedAt: at(60) })],
    [
      "dossier.receivedAt",
      (r: SectorDossierReport) => ({ ...r, status: 4, dossier: { ...r.dossier, receivedAt: undefined } }),
    ],
    ["progress.resultAt", (r: SectorDossierReport) => ({ ...r, status: 9 })],
    [
      "progress.steps.0.finishedAt",
      (r: SectorDossierReport) => ({
        ...r,
        progress: { steps: [{ name: "b", startedAt: at(-50), finishedAt: at(-60) }] },
      }),
    ],
  ] as const)("400 naming %s, in Vietnamese and English; nothing written", async (field, mutate) => {
    const before = await t.database.db.selectFrom("dossiers").select("id").execute();
    for (const language of ["vi", "en"] as const) {
      const response = await send(JSON.parse(JSON.stringify(mutate(report()))), civil, language);
      expect(response.statusCode, response.body).toBe(400);
      const body = response.json() as Refusal;
      const hit = body.error.fields?.find(
        (f) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`),
      );
      expect(hit, `${field} in ${response.body}`).toBeDefined();
      if (language === "vi") expect(body.error.message).toMatch(/[ạảấầậắằẵặẹẻếềểệịọỏốồổộớờởợụủứừửữự]/);
    }
    expect((await t.database.db.selectFrom("dossiers").select("id").execute()).length).toBe(before.length);
  });

  it("400 for an unknown field", async () => {
    const response = await send({ ...report(), extra: 1 });
    expect(response.statusCode).toBe(400);
  });

  it("401 for a missing or wrong key, a disabled system, a missing or wrong signature, a body altered on the way", async () => {
    const body = JSON.stringify(report());
    const noKey = await t.app.inject({
      method: "POST",
      url,
      payload: body,
      headers: { "content-type": "application/json" },
    });
    expect(noKey.statusCode).toBe(401);
    expect((noKey.json() as Refusal).error.code).toBe("INVALID_API_KEY");
    const wrongKey = await post(body, { apiKey: "sk_khong_co", hmacSecret: civil.hmacSecret });
    expect((wrongKey.json() as Refusal).error.code).toBe("INVALID_API_KEY");
    const wrongSecret = await post(body, { apiKey: civil.apiKey, hmacSecret: land.hmacSecret });
    expect(wrongSecret.statusCode).toBe(401);
    expect((wrongSecret.json() as Refusal).error.code).toBe("INVALID_SIGNATURE");
    const noSignature = await t.app.inject({
      method: "POST",
      url,
      payload: body,
      headers: { "content-type": "application/json", "x-api-key": civil.apiKey },
    });
    expect((noSignature.json() as Refusal).error.code).toBe("INVALID_SIGNATURE");
    const altered = await t.app.inject({
      method: "POST",
      url,
      payload: body.replace("Phạm Thị Hoa", "Phạm Thị Hòa"),
      headers: signedHeaders(body, civil.apiKey, civil.hmacSecret),
    });
    expect(altered.statusCode).toBe(401);
    const en = await post(body, { apiKey: civil.apiKey, hmacSecret: "x" }, "en");
    expect((en.json() as Refusal).error.message).toBe("Missing or wrong HMAC signature of the request body");

    const disabled = await call("POST", `/api/admin/sector-systems/${land.id}/enabled`, SYSTEM_ADMIN, {
      enabled: false,
    });
    expect(disabled.statusCode).toBe(204);
    const off = await send(report({ dossier: { ...report().dossier, agencyCode: OTHER_COMMUNE } }), land);
    expect(off.statusCode).toBe(401);
    expect(
      (await call("POST", `/api/admin/sector-systems/${land.id}/enabled`, SYSTEM_ADMIN, { enabled: true }))
        .statusCode,
    ).toBe(204);
  });

  it("the office refuses every command on a sector dossier and never lists it in an inbox", async () => {
    const created = await send(report({ status: 2 }));
    const { dossierId, code } = created.json() as Answer;
    const accept = await call("POST", `/api/office/dossiers/${dossierId}/transfer`, "motcua.trungtam", {});
    expect(accept.statusCode, accept.body).toBe(409);
    expect((accept.json() as Refusal).error.code).toBe("SECTOR_HANDLED_DOSSIER");
    expect((accept.json() as Refusal).error.message).toContain("hệ thống chuyên ngành");
    for (const box of ["toReceive", "toProcess", "dueSoon", "overdue", "toReturn"]) {
      const inbox = await call("GET", `/api/office/inbox?box=${box}&pageSize=100`, "motcua.trungtam");
      expect(inbox.statusCode, inbox.body).toBe(200);
      expect(inbox.body).not.toContain(code);
    }
  });
});
