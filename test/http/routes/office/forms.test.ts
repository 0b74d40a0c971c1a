import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupUrlOf } from "../../../../src/services/lookup/lookupDossier.ts";
import { lookupTokenFor } from "../../../../src/services/lookup/lookupToken.ts";
import { at, dossierInProcessing } from "../../../services/dossiers/processing/processingFixtures.ts";
import { pdfQrCodes, pdfText } from "../../../services/forms/pdfReading.ts";
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
const sessions: Record<"officer" | "other" | "specialist" | "citizen", TestSession> = {} as never;
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
  sessions.officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
  sessions.other = await loginAs(t.app, "motcua.sotaichinh", "Demo@2026!MotCuaSTC");
  sessions.specialist = await loginAs(t.app, "chuyenvien.trungtam", "Demo@2026!ChuyenVienTT");
  sessions.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
});

afterAll(async () => t?.close());

const get = (url: string, session?: TestSession) =>
  t.app.inject({ method: "GET", url, headers: session?.headers ?? {} });

describe("GET /api/office/dossiers/:id/forms", () => {
  it("lists the forms with data: slip and control sheet of a transferred dossier", async () => {
    const response = await get(`/api/office/dossiers/${dossierId}/forms`, sessions.specialist);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([
      {
        form: "reception-slip",
        title: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        fileName: `giay-tiep-nhan-${code}.pdf`,
      },
      {
        form: "control-sheet",
        title: "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        fileName: `phieu-kiem-soat-${code}.pdf`,
      },
    ]);
  });

  it("401 without a session, 403 for an applicant, 404 for an officer of another agency", async () => {
    expect((await get(`/api/office/dossiers/${dossierId}/forms`)).statusCode).toBe(401);
    expect((await get(`/api/office/dossiers/${dossierId}/forms`, sessions.citizen)).statusCode).toBe(403);
    expect((await get(`/api/office/dossiers/${dossierId}/forms`, sessions.other)).statusCode).toBe(404);
  });
});

describe("GET /api/office/dossiers/:id/forms/:form.pdf", () => {
  it("returns the slip inline as a PDF with a UTF-8 file name, its text and QR, stored once", async () => {
    const response = await get(
      `/api/office/dossiers/${dossierId}/forms/reception-slip.pdf`,
      sessions.officer,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toBe(
      `inline; filename="giay-tiep-nhan-${code}.pdf"; filename*=UTF-8''giay-tiep-nhan-${code}.pdf`,
    );
    const bytes = new Uint8Array(response.rawPayload);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const text = await pdfText(bytes);
    expect(text).toContain("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
    expect(text).toContain("Ông/Bà: Nguyễn Văn An");
    expect(text).toContain("Thời gian nhận hồ sơ: 09:00 23/11/2026");
    // The slip's QR carries the lookup token (issue #20): the full name for whoever holds the paper.
    expect(await pdfQrCodes(bytes)).toEqual([
      lookupUrlOf("http://127.0.0.1:3000", code, await lookupTokenFor(t.database.db, code)),
    ]);
    const again = await get(
      `/api/office/dossiers/${dossierId}/forms/reception-slip.pdf`,
      sessions.specialist,
    );
    expect(again.rawPayload.equals(response.rawPayload)).toBe(true);
    const stored = await t.database.db
      .selectFrom("dossier_files")
      .select(["sha256", "purpose"])
      .where("dossier_id", "=", dossierId)
      .where("file_name", "=", `giay-tiep-nhan-${code}.pdf`)
      .execute();
    expect(stored).toEqual([
      { sha256: createHash("sha256").update(response.rawPayload).digest("hex"), purpose: "notice" },
    ]);
  });

  it("the control sheet for a specialist of the agency", async () => {
    const response = await get(
      `/api/office/dossiers/${dossierId}/forms/control-sheet.pdf`,
      sessions.specialist,
    );
    expect(response.statusCode).toBe(200);
    expect(await pdfText(new Uint8Array(response.rawPayload))).toContain(
      "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    );
  });

  it("404 without data, 400 for an unknown form, 404 outside the agency or for an unknown dossier", async () => {
    const noData = await get(`/api/office/dossiers/${dossierId}/forms/stop-notice.pdf`, sessions.officer);
    expect(noData.statusCode).toBe(404);
    expect(
      (await get(`/api/office/dossiers/${dossierId}/forms/so-theo-doi.pdf`, sessions.officer)).statusCode,
    ).toBe(400);
    expect(
      (await get(`/api/office/dossiers/${dossierId}/forms/reception-slip.pdf`, sessions.other)).statusCode,
    ).toBe(404);
    expect(
      (await get(`/api/office/dossiers/${randomUUID()}/forms/reception-slip.pdf`, sessions.officer))
        .statusCode,
    ).toBe(404);
  });
});

describe("GET /api/office/register.pdf (R-FORM-6)", () => {
  const url = (query: string) => `/api/office/register.pdf?agencyCode=000.20.01.H99&sectorCode=TP&${query}`;

  it("lists the dossiers received in the sector and period with every column", async () => {
    const response = await get(url("from=2026-11-23&to=2026-11-23"), sessions.officer);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toMatch(
      /^inline; filename="so-theo-doi-TP-2026-11-23-2026-11-23\.pdf"/,
    );
    const text = await pdfText(new Uint8Array(response.rawPayload));
    for (const expected of [
      "SỔ THEO DÕI HỒ SƠ",
      "Lĩnh vực: Tư pháp (TP)",
      "từ ngày 23/11/2026 đến ngày 23/11/2026",
      "Mã hồ sơ",
      "Tên thủ tục",
      "Tên cá nhân, tổ chức",
      "Địa chỉ, số điện thoại",
      "Cơ quan chủ trì giải quyết",
      "Nhận hồ sơ",
      "Hẹn trả kết quả",
      "Ngày trả kết quả",
      "Phương thức nhận kết quả",
      "Ký nhận",
      "Tổng số hồ sơ: 1",
    ])
      expect(text).toContain(expected);
    // Narrow columns wrap values over lines: compare them without the line breaks.
    const compact = text.replace(/\s/g, "");
    for (const value of [code, "NguyễnVănAn", "0912345678", "09:0023/11/2026", "ỦybannhândânphườngTrungTâm"])
      expect(compact).toContain(value);
    const empty = await get(url("from=2026-11-24&to=2026-11-30"), sessions.officer);
    expect(await pdfText(new Uint8Array(empty.rawPayload))).toContain("Tổng số hồ sơ: 0");
  });

  it("403 outside the agency or for an applicant, 400 for a bad period, 404 for an unknown sector", async () => {
    expect((await get(url("from=2026-11-23&to=2026-11-23"), sessions.other)).statusCode).toBe(403);
    expect((await get(url("from=2026-11-23&to=2026-11-23"), sessions.citizen)).statusCode).toBe(403);
    expect((await get(url("from=2026-11-24&to=2026-11-23"), sessions.officer)).statusCode).toBe(400);
    expect((await get(url("from=2026-11-23"), sessions.officer)).statusCode).toBe(400);
    const unknown =
      "/api/office/register.pdf?agencyCode=000.20.01.H99&sectorCode=XX&from=2026-11-23&to=2026-11-23";
    expect((await get(unknown, sessions.officer)).statusCode).toBe(404);
  });
});
