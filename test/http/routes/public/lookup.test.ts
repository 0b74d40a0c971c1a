import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import { runDossierCommand } from "../../../../src/services/dossiers/runDossierCommand.ts";
import { lookupDossier } from "../../../../src/services/lookup/lookupDossier.ts";
import { lookupTokenFor } from "../../../../src/services/lookup/lookupToken.ts";
import { dossierInProcessing } from "../../../services/dossiers/processing/processingFixtures.ts";
import { demoUserIds, submitBirthRegistration } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

const monday = new Date("2026-11-23T09:00:00+07:00");
const publicUrl = "https://dichvucong.demo.gov.vn";

const COMMON_KEYS = [
  "applicantName",
  "applicantNameMasked",
  "assistedAgency",
  "code",
  "currentDepartment",
  "decidingAgency",
  "departments",
  "lookupUrl",
  "receivingAgency",
  "status",
  "steps",
];
const PENDING_KEYS = [...COMMON_KEYS, "submittedAt"].sort();
const ACCEPTED_KEYS = [...COMMON_KEYS, "appointmentAt", "organisationName", "receivedAt"].sort();

describe("GET /api/public/lookup (R-LOOK-1, R-LOOK-2)", () => {
  let handle: DatabaseHandle;
  let users: Record<string, string>;
  const apps: App[] = [];
  let app: App;
  let pendingCode: string;
  let acceptedCode: string;
  /** Refused at reception (3), withdrawal asked (7), stopped (8). */
  const closedCodes: Record<3 | 7 | 8, string> = { 3: "", 7: "", 8: "" };

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
    handle = await createTestDatabase({ seeded: true });
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

    const counter = { role: "counterOfficer" as const, id: users["motcua.trungtam"]! };
    const counterAuthor = { userId: users["motcua.trungtam"]!, role: "counter_officer" as const };
    const refused = await submitBirthRegistration(handle.db, citizen, monday);
    await runDossierCommand(handle.db, {
      dossierId: refused.row.id,
      command: { type: "refuse", reasons: ["Hồ sơ không thuộc thẩm quyền giải quyết"] },
      actor: counter,
      author: counterAuthor,
      now: new Date("2026-11-23T10:30:00+07:00"),
      authorize: () => {},
    });
    closedCodes[3] = refused.row.code;
    for (const stop of [false, true]) {
      const id = await dossierInProcessing(handle.db, users, new Date("2026-11-23T11:00:00+07:00"));
      await runDossierCommand(handle.db, {
        dossierId: id,
        command: { type: "requestWithdrawal", reason: "Không còn nhu cầu" },
        actor: { role: "applicant", id: citizen },
        author: { userId: citizen, role: "citizen" },
        now: new Date("2026-11-23T13:45:00+07:00"),
        authorize: () => {},
      });
      if (stop)
        await runDossierCommand(handle.db, {
          dossierId: id,
          command: { type: "confirmStop", noticeRef: "TB-dung-1" },
          actor: counter,
          author: counterAuthor,
          now: new Date("2026-11-23T14:00:00+07:00"),
          authorize: () => {},
        });
      const { code } = await handle.db
        .selectFrom("dossiers")
        .select("code")
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      closedCodes[stop ? 8 : 7] = code;
    }
    app = await appWith({});
  });
  afterAll(async () => {
    for (const built of apps) await built.close();
    await handle.close();
  });

  it("an online dossier not yet accepted: its status and receiving agency, the name masked on a bare code, the submission date", async () => {
    const response = await app.inject({ url: `/api/public/lookup/${encodeURIComponent(pendingCode)}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(PENDING_KEYS);
    expect(body).toEqual({
      code: pendingCode,
      lookupUrl: `${publicUrl}/tra-cuu/${encodeURIComponent(pendingCode)}`,
      status: { code: 1, name: "Mới đăng ký" },
      receivingAgency: "Ủy ban nhân dân phường Trung Tâm",
      assistedAgency: "Ủy ban nhân dân phường Trung Tâm",
      decidingAgency: "Ủy ban nhân dân phường Trung Tâm",
      departments: ["Ủy ban nhân dân phường Trung Tâm"],
      currentDepartment: null,
      steps: [],
      applicantName: "Nguyễn V** A*",
      applicantNameMasked: true,
      submittedAt: monday.toISOString(),
    });
  });

  it("an accepted dossier: status, departments with the one holding it and the steps, the R-LOOK-2 fields and no other personal data", async () => {
    const response = await app.inject({ url: `/api/public/lookup?code=${encodeURIComponent(acceptedCode)}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(ACCEPTED_KEYS);
    expect(body).toMatchObject({
      code: acceptedCode,
      lookupUrl: `${publicUrl}/tra-cuu/${encodeURIComponent(acceptedCode)}`,
      status: { code: 2, name: "Được tiếp nhận" },
      receivingAgency: "Ủy ban nhân dân phường Trung Tâm",
      organisationName: "Công ty TNHH Nông sản Xanh Demo",
      applicantName: "Trần T** B***",
      receivedAt: new Date("2026-11-23T10:00:00+07:00").toISOString(),
      appointmentAt: new Date("2026-11-24T10:00:00+07:00").toISOString(),
    });
    expect(body.departments[0]).toBe("Ủy ban nhân dân phường Trung Tâm");
    expect(body.departments.some((name: string) => name.includes("Văn hóa"))).toBe(true);
    expect(body.steps).toHaveLength(1);
    expect(body.steps[0]).toMatchObject({ done: false });
    expect(body.steps[0].department).toContain("Văn hóa");
    for (const secret of ["099090009999", "0912000002", "lienhe@example.com", "Số 3 đường Demo", "Khang"]) {
      expect(response.body).not.toContain(secret);
    }
  });

  it.each([
    [3, "Không được tiếp nhận", "Not received"],
    [7, "Công dân yêu cầu rút hồ sơ", "Applicant requested withdrawal"],
    [8, "Dừng xử lý", "Processing stopped"],
  ] as const)(
    "status %i shows as %s, never as waiting for acceptance (R-LOOK-2 clarified)",
    async (status, vi, en) => {
      const code = closedCodes[status];
      const response = await app.inject({ url: `/api/public/lookup/${encodeURIComponent(code)}` });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.status).toEqual({ code: status, name: vi });
      expect(response.body).not.toContain("Mới đăng ký");
      expect(body.departments).toContain("Ủy ban nhân dân phường Trung Tâm");
      if (status !== 7) expect(body.currentDepartment).toBeNull();
      const english = await app.inject({
        url: `/api/public/lookup/${encodeURIComponent(code)}`,
        headers: { "accept-language": "en" },
      });
      expect(english.json().status).toEqual({ code: status, name: en });
    },
  );

  it("a refused dossier keeps the reduced personal set (never accepted)", async () => {
    const body = (
      await app.inject({ url: `/api/public/lookup/${encodeURIComponent(closedCodes[3])}` })
    ).json();
    expect(Object.keys(body).sort()).toEqual(PENDING_KEYS);
  });

  it("codes are found whatever their case and the spaces around them (issue #12 §1)", async () => {
    const expected = (
      await app.inject({ url: `/api/public/lookup/${encodeURIComponent(acceptedCode)}` })
    ).json();
    for (const typed of [
      acceptedCode.toLowerCase(),
      `  ${acceptedCode}  `,
      ` ${acceptedCode.toLowerCase()}\t`,
    ]) {
      const byQuery = await app.inject({ url: `/api/public/lookup?code=${encodeURIComponent(typed)}` });
      expect(byQuery.statusCode).toBe(200);
      expect(byQuery.json()).toEqual(expected);
      const byPath = await app.inject({ url: `/api/public/lookup/${encodeURIComponent(typed)}` });
      expect(byPath.json()).toEqual(expected);
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

  it("R-LOOK-2: with the slip's token the QR carries it too; a wrong token gets the bare address, never an error", async () => {
    const svgOf = (url: string) =>
      QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    const bare = `${publicUrl}/tra-cuu/${encodeURIComponent(acceptedCode)}`;
    const token = await lookupTokenFor(handle.db, acceptedCode);
    const withToken = await app.inject({
      url: `/api/public/lookup/${encodeURIComponent(acceptedCode)}/qr.svg?t=${token}`,
    });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.body).toBe(await svgOf(`${bare}?t=${token}`));
    expect(withToken.headers["cache-control"]).toBe("private, no-store");
    const otherToken = await lookupTokenFor(handle.db, pendingCode);
    for (const wrong of [otherToken, "abc", ""]) {
      const answer = await app.inject({
        url: `/api/public/lookup/${encodeURIComponent(acceptedCode)}/qr.svg?t=${encodeURIComponent(wrong)}`,
      });
      expect(answer.statusCode).toBe(200);
      expect(answer.body).toBe(await svgOf(bare));
    }
    const tooLong = await app.inject({
      url: `/api/public/lookup/${encodeURIComponent(acceptedCode)}/qr.svg?t=${"a".repeat(65)}`,
    });
    expect(tooLong.statusCode).toBe(400);
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

  it("issue #20: the full name only with the QR's token or the last 4 digits of the phone or ID number", async () => {
    const url = (query: string) => `/api/public/lookup/${encodeURIComponent(pendingCode)}${query}`;
    const name = async (query: string) => (await app.inject({ url: url(query) })).json();
    const token = await lookupTokenFor(handle.db, pendingCode);
    expect(await name(`?t=${token}`)).toMatchObject({
      applicantName: "Nguyễn Văn An",
      applicantNameMasked: false,
    });
    // The applicant's phone 0912345678 and identification number 099090001234.
    expect((await name("?last4=5678")).applicantName).toBe("Nguyễn Văn An");
    expect((await name("?last4=1234")).applicantName).toBe("Nguyễn Văn An");
    for (const wrong of ["?last4=0000", `?t=${await lookupTokenFor(handle.db, acceptedCode)}`, "?t=abc"])
      expect(await name(wrong)).toMatchObject({ applicantName: "Nguyễn V** A*", applicantNameMasked: true });
    const byQuery = await app.inject({
      url: `/api/public/lookup?code=${encodeURIComponent(acceptedCode)}&last4=0002`,
    });
    expect(byQuery.json().applicantName).toBe("Trần Thị Bình");
    const malformed = await app.inject({ url: url("?last4=12a4") });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toMatch(/[ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữự]/);
  });

  it("LOOKUP_MASK_NAMES=false: the literal reading of R-LOOK-2, the full name on a bare code", async () => {
    const literal = await appWith({ lookupMaskNames: false });
    const pending = await literal.inject({ url: `/api/public/lookup/${encodeURIComponent(pendingCode)}` });
    expect(pending.json()).toMatchObject({ applicantName: "Nguyễn Văn An", applicantNameMasked: false });
    const accepted = await literal.inject({ url: `/api/public/lookup/${encodeURIComponent(acceptedCode)}` });
    expect(accepted.json().applicantName).toBe("Trần Thị Bình");
  });

  it("the route answers what the one lookup service answers", async () => {
    const viaRoute = (
      await app.inject({ url: `/api/public/lookup/${encodeURIComponent(acceptedCode)}` })
    ).json();
    const viaService = await lookupDossier(handle.db, acceptedCode, { publicUrl, maskNames: true });
    expect(viaRoute).toEqual(viaService);
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
