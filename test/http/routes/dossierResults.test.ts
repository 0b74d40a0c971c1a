import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyUrlOf } from "../../../src/domain/results/verifyUrl.ts";
import { pdfQrCodes, pdfText } from "../../services/forms/pdfReading.ts";
import { approvedDossier } from "../../services/results/resultFixtures.ts";
import { type AuthTestApp, createAuthTestApp, loginAs, type TestSession } from "../../support/authSession.ts";
import { demoUserIds } from "../../support/dossierFixtures.ts";

let t: AuthTestApp;
let dossierId: string;
let issued: { verification_code: string; jws: string; file_sha256: string; file_id: string };
const sessions: Record<string, TestSession> = {};

beforeAll(async () => {
  t = await createAuthTestApp();
  const users = await demoUserIds(t.database.db);
  ({ dossierId } = await approvedDossier(t.database.db, users));
  issued = await t.database.db
    .selectFrom("issued_results")
    .select(["verification_code", "jws", "file_sha256", "file_id"])
    .where("dossier_id", "=", dossierId)
    .executeTakeFirstOrThrow();
  for (const [username, password] of [
    ["congdan.demo", "Demo@2026!CongDan"],
    ["doanhnghiep.demo", "Demo@2026!DoanhNghiep"],
    ["motcua.trungtam", "Demo@2026!MotCuaTT"],
    ["motcua.sotaichinh", "Demo@2026!MotCuaSTC"],
  ] as const)
    sessions[username] = await loginAs(t.app, username, password);
}, 120_000);
afterAll(async () => t.close());

const list = (session: TestSession | undefined, id = dossierId, language?: string) =>
  t.app.inject({
    url: `/api/dossiers/${id}/results`,
    headers: { ...(session?.headers ?? {}), ...(language ? { "accept-language": language } : {}) },
  });

describe("GET /api/dossiers/:id/results", () => {
  it("the owner and the dossier's officers get the code and the QR address", async () => {
    const owner = await list(sessions["congdan.demo"]);
    expect(owner.statusCode).toBe(200);
    expect(owner.json()).toEqual([
      {
        code: issued.verification_code,
        fileId: issued.file_id,
        fileName: "giay-khai-sinh.pdf",
        fileSha256: issued.file_sha256,
        issuedAt: "2026-11-23T03:00:00.000Z",
        verifyUrl: verifyUrlOf("http://127.0.0.1:3000", issued.verification_code, issued.jws),
      },
    ]);
    const officer = await list(sessions["motcua.trungtam"]);
    expect(officer.json()).toEqual(owner.json());
  });

  it("401 without a session; 404 for another citizen, an officer of another agency and an unknown dossier", async () => {
    expect((await list(undefined)).statusCode).toBe(401);
    for (const username of ["doanhnghiep.demo", "motcua.sotaichinh"]) {
      const response = await list(sessions[username]);
      expect(response.statusCode, username).toBe(404);
    }
    const unknown = await list(sessions["congdan.demo"], "00000000-0000-4000-8000-000000000000");
    expect(unknown.statusCode).toBe(404);
  });

  it("400 for an id that is not a uuid, in Vietnamese or English", async () => {
    const vi = await list(sessions["congdan.demo"], "khong-phai-uuid");
    expect(vi.statusCode).toBe(400);
    const en = await list(sessions["congdan.demo"], "khong-phai-uuid", "en");
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toBe("The input is not valid");
    expect(vi.json().error.message).toBe("Dữ liệu không hợp lệ");
  });
});

describe("GET /api/dossiers/:id/results/:code/phieu-xac-thuc.pdf", () => {
  const slip = (session: TestSession | undefined, code = issued.verification_code) =>
    t.app.inject({
      url: `/api/dossiers/${dossierId}/results/${code}/phieu-xac-thuc.pdf`,
      headers: session?.headers ?? {},
    });

  it("prints the code, the public facts, the file's hash and a QR code holding the verify address with the token", async () => {
    const response = await slip(sessions["congdan.demo"]);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toMatch(/^inline; filename="phieu-xac-thuc-/);
    const bytes = new Uint8Array(response.rawPayload);
    const text = await pdfText(bytes);
    for (const expected of [
      "PHIẾU XÁC THỰC KẾT QUẢ ĐIỆN TỬ",
      `Mã xác thực: ${issued.verification_code}`,
      "Nguyễn V** A*",
      "giay-khai-sinh.pdf",
      "10:00 23/11/2026",
    ])
      expect(text).toContain(expected);
    expect(text.replace(/\s/g, "")).toContain(issued.file_sha256);
    expect(text).not.toContain("Nguyễn Văn An");
    // Issue #12 §7: the province's seal is the system's electronic seal, not an officer's digital signature.
    expect(text.replace(/\s+/g, " ")).toContain("con dấu điện tử của hệ thống");
    expect(await pdfQrCodes(bytes)).toEqual([
      verifyUrlOf("http://127.0.0.1:3000", issued.verification_code, issued.jws),
    ]);
    const again = await slip(sessions["motcua.trungtam"]);
    expect(Buffer.compare(again.rawPayload, response.rawPayload)).toBe(0);
  });

  it("401 without a session; 404 for another citizen, another agency's officer and a code not of this dossier", async () => {
    expect((await slip(undefined)).statusCode).toBe(401);
    expect((await slip(sessions["doanhnghiep.demo"])).statusCode).toBe(404);
    expect((await slip(sessions["motcua.sotaichinh"])).statusCode).toBe(404);
    const unknown = await slip(sessions["congdan.demo"], "00000-00000-00000");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe("Không tìm thấy kết quả của hồ sơ");
  });
});
