import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import { runDossierCommand } from "../../../../src/services/dossiers/runDossierCommand.ts";
import { seedDemoProvince } from "../../../../src/services/seed/seedDemoProvince.ts";
import { demoUserIds, submitBirthRegistration } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

const monday = new Date("2026-11-23T09:00:00+07:00");
const publicUrl = "https://dichvucong.demo.gov.vn";

const PENDING_KEYS = ["applicantName", "code", "lookupUrl", "receivingAgency", "submittedAt"];
const ACCEPTED_KEYS = [
  "applicantName",
  "appointmentAt",
  "code",
  "departments",
  "lookupUrl",
  "organisationName",
  "receivedAt",
  "receivingAgency",
];

describe("GET /api/public/lookup (R-LOOK-1, R-LOOK-2)", () => {
  let handle: DatabaseHandle;
  let users: Record<string, string>;
  const apps: App[] = [];
  let app: App;
  let pendingCode: string;
  let acceptedCode: string;

  async function appWith(config: { lookupMaskNames?: boolean; lookupRateLimitPerMinute?: number }) {
    const built = await buildApp({
      db: handle.db,
      databaseKind: handle.kind,
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        publicUrl,
        lookupRateLimitPerMinute: 1_000_000,
        ...config,
      },
    });
    await built.ready();
    apps.push(built);
    return built;
  }

  beforeAll(async () => {
    handle = await createTestDatabase();
    await seedDemoProvince(handle.db);
    users = await demoUserIds(handle.db);
    const citizen = users["congdan.demo"]!;
    pendingCode = (await submitBirthRegistration(handle.db, citizen, monday)).row.code;
    const accepted = await submitBirthRegistration(handle.db, citizen, monday, {
      applicant: {
        kind: "organisation",
        name: "Trần Thị Bình",
        organisationName: "Công ty TNHH Nông sản Xanh Demo",
        idNumber: "099090009999",
        phone: "0912000002",
        email: "lienhe@example.com",
        address: "Số 3 đường Demo",
      },
    });
    await runDossierCommand(handle.db, {
      dossierId: accepted.row.id,
      command: { type: "accept" },
      actor: { role: "counterOfficer", id: users["motcua.trungtam"]! },
      author: { userId: users["motcua.trungtam"]!, role: "counter_officer" },
      now: new Date("2026-11-23T10:00:00+07:00"),
      authorize: () => {},
    });
    // A step of the workflow at the ward's culture and society office.
    const unit = await handle.db
      .selectFrom("units as u")
      .innerJoin("agencies as a", "a.id", "u.agency_id")
      .select(["u.id", "u.agency_id"])
      .where("a.code", "=", "000.20.01.H99")
      .where("u.code", "=", "PVHXH")
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto("tasks")
      .values({
        dossier_id: accepted.row.id,
        agency_id: unit.agency_id,
        step: "appraisal",
        unit_id: unit.id,
        role: "specialist",
        status: "open",
        created_at: new Date("2026-11-23T10:05:00+07:00"),
      })
      .execute();
    acceptedCode = accepted.row.code;
    app = await appWith({});
  });
  afterAll(async () => {
    for (const built of apps) await built.close();
    await handle.close();
  });

  it("an online dossier not yet accepted shows only code + QR URL, receiving agency, applicant and submission date", async () => {
    const response = await app.inject({ url: `/api/public/lookup/${encodeURIComponent(pendingCode)}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(PENDING_KEYS);
    expect(body).toEqual({
      code: pendingCode,
      lookupUrl: `${publicUrl}/tra-cuu/${encodeURIComponent(pendingCode)}`,
      receivingAgency: "Ủy ban nhân dân phường Trung Tâm",
      applicantName: "Nguyễn Văn An",
      submittedAt: monday.toISOString(),
    });
  });

  it("an accepted dossier shows exactly the R-LOOK-2 fields, departments included, and no other personal data", async () => {
    const response = await app.inject({ url: `/api/public/lookup?code=${encodeURIComponent(acceptedCode)}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(ACCEPTED_KEYS);
    expect(body).toMatchObject({
      code: acceptedCode,
      lookupUrl: `${publicUrl}/tra-cuu/${encodeURIComponent(acceptedCode)}`,
      receivingAgency: "Ủy ban nhân dân phường Trung Tâm",
      organisationName: "Công ty TNHH Nông sản Xanh Demo",
      applicantName: "Trần Thị Bình",
      receivedAt: new Date("2026-11-23T10:00:00+07:00").toISOString(),
      appointmentAt: new Date("2026-11-24T10:00:00+07:00").toISOString(),
    });
    expect(body.departments[0]).toBe("Ủy ban nhân dân phường Trung Tâm");
    expect(body.departments.some((name: string) => name.includes("Văn hóa"))).toBe(true);
    for (const secret of ["099090009999", "0912000002", "lienhe@example.com", "Số 3 đường Demo", "Khang"]) {
      expect(response.body).not.toContain(secret);
    }
  });

  it("R-CODE-6: the QR image is an SVG encoding exactly the dossier's lookup URL, and any code gets one", async () => {
    const response = await app.inject({
      url: `/api/public/lookup/${encodeURIComponent(acceptedCode)}/qr.svg`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("image/svg+xml");
    const expected = await QRCode.toString(`${publicUrl}/tra-cuu/${encodeURIComponent(acceptedCode)}`, {
      type: "svg",
      errorCorrectionLevel: "M",
      margin: 2,
    });
    expect(response.body).toBe(expected);
    const unknown = await app.inject({ url: "/api/public/lookup/KHONG-CO-261123-0001/qr.svg" });
    expect(unknown.statusCode).toBe(200);
  });

  it("both routes give the same answer", async () => {
    const byPath = await app.inject({ url: `/api/public/lookup/${encodeURIComponent(acceptedCode)}` });
    const byQuery = await app.inject({ url: `/api/public/lookup?code=${encodeURIComponent(acceptedCode)}` });
    expect(byPath.json()).toEqual(byQuery.json());
  });

  it("unknown and malformed-but-plausible codes get the very same 404 body; only absurd input is a 400", async () => {
    const answers = await Promise.all(
      ["000.20.01.H99-261123-9999", "không-phải-mã", "X", "000.20.01.H99-261399-0001"].map((code) =>
        app.inject({ url: `/api/public/lookup/${encodeURIComponent(code)}` }),
      ),
    );
    for (const answer of answers) {
      expect(answer.statusCode).toBe(404);
      expect(answer.body).toBe(answers[0]!.body);
    }
    expect(answers[0]!.json().error.code).toBe("NOT_FOUND");
    const query = await app.inject({ url: "/api/public/lookup?code=khong-co" });
    expect(query.statusCode).toBe(404);
    expect(query.body).toBe(answers[0]!.body);

    const absurd = await app.inject({ url: `/api/public/lookup/${"9".repeat(61)}` });
    expect(absurd.statusCode).toBe(400);
    expect((await app.inject({ url: "/api/public/lookup" })).statusCode).toBe(400);
  });

  it("masks the applicant's name when the province turns masking on", async () => {
    const masked = await appWith({ lookupMaskNames: true });
    const pending = await masked.inject({ url: `/api/public/lookup/${encodeURIComponent(pendingCode)}` });
    expect(pending.json().applicantName).toBe("Nguyễn V** A*");
    const accepted = await masked.inject({ url: `/api/public/lookup/${encodeURIComponent(acceptedCode)}` });
    expect(accepted.json().applicantName).toBe("Trần T** B***");
    expect(accepted.json().organisationName).toBe("Công ty TNHH Nông sản Xanh Demo");
  });

  it("answers 429 after the configured number of lookups per minute, across both routes", async () => {
    const limited = await appWith({ lookupRateLimitPerMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++)
      statuses.push(
        (await limited.inject({ url: `/api/public/lookup/${encodeURIComponent(pendingCode)}` })).statusCode,
      );
    statuses.push((await limited.inject({ url: "/api/public/lookup?code=khong-co" })).statusCode);
    const over = await limited.inject({ url: `/api/public/lookup?code=${encodeURIComponent(pendingCode)}` });
    expect(statuses).toEqual([200, 200, 404]);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe("RATE_LIMITED");
  });
});
