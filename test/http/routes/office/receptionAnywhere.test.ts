import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  at,
  type CounterWorld,
  counterWorld,
  uploadScans,
} from "../../../services/dossiers/counter/counterFixtures.ts";
import { pdfText } from "../../../services/forms/pdfReading.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";

/**
 * Issue #12 §5 through HTTP: a counter officer anywhere in the province receives a dossier for any agency of the
 * province (R-XFER-3); the three organisations and a reception outside the office (R-RECV-5) are recorded and shown on
 * the dossier, the reception slip's data and its PDF (R-FORM-1); the transfer follows the 15:00 rule (R-XFER-1).
 */
let t: AuthTestApp;
let world: CounterWorld;
const sessions: Record<"ward" | "department" | "specialist" | "citizen", TestSession> = {} as never;
const config = {
  sessionIdleMinutes: 1_000_000,
  sessionApplicantIdleMinutes: 1_000_000,
  sessionMaxHours: 100_000,
};
const thursday1530 = at("2026-11-26T15:30:00");

beforeAll(async () => {
  t = await createAuthTestApp({
    start: thursday1530,
    config: { ...config, filesDir: join(mkdtempSync(join(tmpdir(), "onestop-anywhere-")), "files") },
  });
  world = await counterWorld(t.database.db);
  sessions.ward = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
  sessions.department = await loginAs(t.app, "motcua.sotaichinh", "Demo@2026!MotCuaSTC");
  sessions.specialist = await loginAs(t.app, "chuyenvien.trungtam", "Demo@2026!ChuyenVienTT");
  sessions.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const request = (method: "GET" | "POST", url: string, session?: TestSession, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: session?.headers ?? {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

/** The Sở Tài chính counter officer takes in a ward's birth registration (1.001193 decided by 000.20.01.H99). */
async function intakeAtDepartment(extra: Record<string, unknown> = {}) {
  const ids = await uploadScans(db(), world.otherOfficer.userId, t.clock.current);
  return request("POST", "/api/office/dossiers/intake", sessions.department, {
    procedureCode: "1.001193",
    agencyCode: "000.20.01.H99",
    channel: "counter",
    applicant: { kind: "person", name: "Phạm Thị Lan", idNumber: "099190008888" },
    files: ids.map((uploadId, componentPosition) => ({ componentPosition, uploadId })),
    ...extra,
  });
}

describe("POST /api/office/dossiers/intake anywhere in the province (R-XFER-3, R-RECV-5)", () => {
  it("201: received at the officer's own counter, decided by the ward; the three organisations and the mobile flag are shown", async () => {
    const response = await intakeAtDepartment({ receptionPlace: "mobile" });
    expect(response.statusCode).toBe(201);
    const dossier = response.json();
    const departmentCode = (
      await db()
        .selectFrom("agencies")
        .select("code")
        .where("id", "=", world.otherOfficer.grants.find((g) => g.role === "counter_officer")!.agencyId!)
        .executeTakeFirstOrThrow()
    ).code;
    expect(dossier).toMatchObject({
      status: 2,
      receivingAgency: { code: departmentCode },
      decidingAgency: { code: "000.20.01.H99" },
      assistedAtAgency: { code: departmentCode },
      receptionPlace: "mobile",
      legalTimeKind: null,
    });

    const slip = await request(
      "GET",
      `/api/office/dossiers/${dossier.id}/reception-slip`,
      sessions.department,
    );
    expect(slip.statusCode).toBe(200);
    expect(slip.json()).toMatchObject({
      organisations: {
        assisted: { code: departmentCode },
        received: { code: departmentCode },
        deciding: { code: "000.20.01.H99" },
      },
      receptionPlace: "mobile",
      legalTime: { amount: 1, unit: "wd", kind: null, text: { vi: "1 ngày làm việc" } },
    });
    const pdf = await request(
      "GET",
      `/api/office/dossiers/${dossier.id}/forms/reception-slip.pdf`,
      sessions.department,
    );
    expect(pdf.statusCode).toBe(200);
    const text = await pdfText(new Uint8Array(pdf.rawPayload));
    expect(text).toContain("Nơi hỗ trợ người nộp");
    expect(text).toContain("Cơ quan giải quyết: Ủy ban nhân dân phường Trung Tâm");
    expect(text).toContain("tiếp nhận lưu động, ngoài trụ sở");

    // The public lookup names the three organisations too (R-XFER-3).
    const lookup = await request("GET", `/api/public/lookup/${encodeURIComponent(dossier.code)}`);
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toMatchObject({
      receivingAgency: dossier.receivingAgency.name,
      assistedAgency: dossier.assistedAtAgency.name,
      decidingAgency: "Ủy ban nhân dân phường Trung Tâm",
    });

    // The deciding ward's counter sees it too; the receiving counter transfers the paper under the 15:00 rule.
    expect((await request("GET", `/api/office/dossiers/${dossier.id}`, sessions.ward)).statusCode).toBe(200);
    t.clock.current = at("2026-11-27T08:00:00");
    const transfer = await request(
      "POST",
      `/api/office/dossiers/${dossier.id}/transfer`,
      sessions.department,
      {},
    );
    expect(transfer.statusCode).toBe(200);
    expect(transfer.json().history.at(-1).details).toMatchObject({
      paper: true,
      paperTransferDueAt: at("2026-11-27T07:00:00").toISOString(),
      // Received Thursday 15:30: it had to reach the ward by the start of Friday (R-XFER-1, R-CAL-9 c).
      paperTransferOnTime: false,
    });
    t.clock.current = thursday1530;
  });

  it("an on-site reception is flagged; no flag means the counter", async () => {
    expect((await intakeAtDepartment({ receptionPlace: "on_site" })).json().receptionPlace).toBe("on_site");
    expect((await intakeAtDepartment()).json().receptionPlace).toBeNull();
  });

  it("400 for an unknown reception place, in Vietnamese or English; no dossier", async () => {
    const before = await db()
      .selectFrom("dossiers")
      .select(db().fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const response = await intakeAtDepartment({ receptionPlace: "street" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("VALIDATION_FAILED");
    expect(JSON.stringify(response.json().error.fields)).toContain("receptionPlace");
    const after = await db()
      .selectFrom("dossiers")
      .select(db().fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("403 for a specialist and a citizen (no counter role anywhere), 401 without a session", async () => {
    const ids = await uploadScans(db(), world.specialist.userId, t.clock.current);
    const body = {
      procedureCode: "1.001193",
      agencyCode: "000.20.01.H99",
      channel: "counter",
      applicant: { kind: "person", name: "Phạm Thị Lan" },
      files: ids.map((uploadId, componentPosition) => ({ componentPosition, uploadId })),
    };
    expect((await request("POST", "/api/office/dossiers/intake", sessions.specialist, body)).statusCode).toBe(
      403,
    );
    expect((await request("POST", "/api/office/dossiers/intake", sessions.citizen, body)).statusCode).toBe(
      403,
    );
    expect((await request("POST", "/api/office/dossiers/intake", undefined, body)).statusCode).toBe(401);
  });
});
