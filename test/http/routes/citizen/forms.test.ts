import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, dossierInProcessing } from "../../../services/dossiers/processing/processingFixtures.ts";
import { pdfText } from "../../../services/forms/pdfReading.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds } from "../../../support/dossierFixtures.ts";

let t: AuthTestApp;
let dossierId: string;
let code: string;
const sessions: Record<"citizen" | "otherApplicant" | "officer", TestSession> = {} as never;
const config = {
  sessionIdleMinutes: 1_000_000,
  sessionApplicantIdleMinutes: 1_000_000,
  sessionMaxHours: 100_000,
};

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-11-24T10:00"), config });
  const users = await demoUserIds(t.database.db);
  dossierId = await dossierInProcessing(t.database.db, users, at("2026-11-23T09:00"));
  code = (
    await t.database.db
      .selectFrom("dossiers")
      .select("code")
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow()
  ).code;
  sessions.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
  sessions.otherApplicant = await loginAs(t.app, "doanhnghiep.demo", "Demo@2026!DoanhNghiep");
  sessions.officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
});

afterAll(async () => t?.close());

const get = (url: string, session?: TestSession) =>
  t.app.inject({ method: "GET", url, headers: session?.headers ?? {} });

describe("GET /api/citizen/dossiers/:id/forms", () => {
  it("offers the applicant the slip, never the internal control sheet", async () => {
    const response = await get(`/api/citizen/dossiers/${dossierId}/forms`, sessions.citizen);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([
      {
        form: "reception-slip",
        title: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        fileName: `giay-tiep-nhan-${code}.pdf`,
      },
    ]);
  });

  it("404 for another applicant, 403 for an officer on the citizen route", async () => {
    expect((await get(`/api/citizen/dossiers/${dossierId}/forms`, sessions.otherApplicant)).statusCode).toBe(
      404,
    );
    expect((await get(`/api/citizen/dossiers/${dossierId}/forms`, sessions.officer)).statusCode).toBe(403);
  });
});

describe("GET /api/citizen/dossiers/:id/forms/:form.pdf", () => {
  it("the applicant downloads their slip", async () => {
    const response = await get(
      `/api/citizen/dossiers/${dossierId}/forms/reception-slip.pdf`,
      sessions.citizen,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toMatch(/^inline; filename="giay-tiep-nhan-/);
    const text = await pdfText(new Uint8Array(response.rawPayload));
    expect(text).toContain("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
    expect(text).toContain(`Mã hồ sơ: ${code}`);
    expect(text).toContain("Nguyễn Văn An");
  });

  it("the control sheet, a form without data and another's dossier answer like an unknown dossier", async () => {
    const unknown = await get(
      `/api/citizen/dossiers/${randomUUID()}/forms/reception-slip.pdf`,
      sessions.citizen,
    );
    expect(unknown.statusCode).toBe(404);
    for (const response of [
      await get(`/api/citizen/dossiers/${dossierId}/forms/control-sheet.pdf`, sessions.citizen),
      await get(`/api/citizen/dossiers/${dossierId}/forms/apology-letter.pdf`, sessions.citizen),
      await get(`/api/citizen/dossiers/${dossierId}/forms/reception-slip.pdf`, sessions.otherApplicant),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual(unknown.json());
    }
    expect(
      (await get(`/api/citizen/dossiers/${dossierId}/forms/giay-khac.pdf`, sessions.citizen)).statusCode,
    ).toBe(400);
  });
});

describe("R-FORM-8: the control sheet stays with the office", () => {
  it("once the office printed it, the applicant neither sees it among the dossier's files nor downloads it", async () => {
    const printed = await get(`/api/office/dossiers/${dossierId}/forms/control-sheet.pdf`, sessions.officer);
    expect(printed.statusCode).toBe(200);
    const stored = await t.database.db
      .selectFrom("dossier_files")
      .select(["id", "purpose"])
      .where("dossier_id", "=", dossierId)
      .where("file_name", "like", "phieu-kiem-soat%")
      .executeTakeFirstOrThrow();
    expect(stored.purpose).toBe("internal");

    const view = (await get(`/api/citizen/dossiers/${dossierId}`, sessions.citizen)).json();
    expect(view.files.map((file: { id: string }) => file.id)).not.toContain(stored.id);
    const download = await get(`/api/dossiers/${dossierId}/files/${stored.id}`, sessions.citizen);
    expect(download.statusCode).toBe(404);
    const officerDownload = await get(`/api/dossiers/${dossierId}/files/${stored.id}`, sessions.officer);
    expect(officerDownload.statusCode).toBe(200);
  });
});
