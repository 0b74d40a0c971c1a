import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { type App, buildApp } from "../../../src/http/app.ts";
import { attachmentDisposition } from "../../../src/http/routes/dossierFiles.ts";
import { createDossier } from "../../../src/services/dossiers/createDossier.ts";
import { storeUpload } from "../../../src/services/files/storeUpload.ts";
import { loginAs, type TestSession } from "../../support/authSession.ts";
import { demoUserIds, limits, samplePdf, temporaryStorage } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

const monday = new Date("2026-11-23T09:00:00+07:00");

describe("GET /api/dossiers/:id/files/:fileId (assertCanSee)", () => {
  let handle: DatabaseHandle;
  let app: App;
  let dossierId: string;
  let fileId: string;
  const declaration = samplePdf("Tờ khai đăng ký khai sinh");
  /** Larger than one chunk of the store's read stream (64 KiB) many times over (issue #21 item 5). */
  const large = Buffer.concat([
    Buffer.from("%PDF-1.4\n"),
    randomBytes(3 * 1024 * 1024),
    Buffer.from("\n%%EOF\n"),
  ]);
  let largeFileId: string;
  let missingFileId: string;
  const sessions: Record<string, TestSession> = {};

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    const users = await demoUserIds(handle.db);
    const storage = temporaryStorage();
    const citizen = users["congdan.demo"]!;
    const files = [];
    for (const position of [0, 1, 2]) {
      const upload = await storeUpload(handle.db, storage, {
        ownerUserId: citizen,
        fileName: position === 0 ? "Tờ khai đăng ký khai sinh.pdf" : `thanh-phan-${position}.pdf`,
        content: position === 0 ? declaration : position === 1 ? large : samplePdf(`component ${position}`),
        now: monday,
        limits,
      });
      files.push({ componentPosition: position, uploadId: upload.id });
    }
    const { row } = await createDossier(handle.db, {
      procedureCode: "1.004884",
      agencyCode: "000.20.01.H99",
      channel: "online",
      applicant: { kind: "person", name: "Nguyễn Văn An", idNumber: "099090001234" },
      formData: { tenTre: "Nguyễn Minh Khang" },
      files,
      ownerUserId: citizen,
      uploaderUserId: citizen,
      actor: { role: "applicant", id: citizen },
      author: { userId: citizen, role: "citizen" },
      now: monday,
      limits,
    });
    dossierId = row.id;
    fileId = (
      await handle.db
        .selectFrom("dossier_files")
        .select("id")
        .where("dossier_id", "=", row.id)
        .where("file_name", "=", "Tờ khai đăng ký khai sinh.pdf")
        .executeTakeFirstOrThrow()
    ).id;
    const fileOf = async (fileName: string) =>
      (
        await handle.db
          .selectFrom("dossier_files")
          .select("id")
          .where("dossier_id", "=", row.id)
          .where("file_name", "=", fileName)
          .executeTakeFirstOrThrow()
      ).id;
    largeFileId = await fileOf("thanh-phan-1.pdf");
    missingFileId = await fileOf("thanh-phan-2.pdf");
    // A record whose bytes the store no longer has (an operations problem).
    await handle.db
      .updateTable("dossier_files")
      .set({ storage_key: createHash("sha256").update("never stored").digest("hex") })
      .where("id", "=", missingFileId)
      .execute();
    app = await buildApp({
      db: handle.db,
      databaseKind: handle.kind,
      storage,
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        publicUrl: "http://127.0.0.1:3000",
        loginRateLimitPerMinute: 1_000_000,
      },
    });
    await app.ready();
    const passwords: Record<string, string> = {
      "congdan.demo": "Demo@2026!CongDan",
      "doanhnghiep.demo": "Demo@2026!DoanhNghiep",
      "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
      "motcua.sotaichinh": "Demo@2026!MotCuaSTC",
    };
    for (const [username, password] of Object.entries(passwords))
      sessions[username] = await loginAs(app, username, password);
  });
  afterAll(async () => {
    await app?.close();
    await handle.close();
  });

  const download = (username: string | null, url = `/api/dossiers/${dossierId}/files/${fileId}`) =>
    app.inject({ url, headers: username ? sessions[username]!.headers : {} });

  it("gives the owner the exact bytes, its media type and a UTF-8 file name", async () => {
    const response = await download("congdan.demo");
    expect(response.statusCode).toBe(200);
    expect(new Uint8Array(response.rawPayload)).toEqual(declaration);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-length"]).toBe(String(declaration.byteLength));
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="To khai dang ky khai sinh.pdf"; filename*=UTF-8''${encodeURIComponent("Tờ khai đăng ký khai sinh.pdf")}`,
    );
  });

  it("shows a PDF in the page with ?inline=true (the office's preview), and saves it otherwise", async () => {
    const response = await download(
      "chuyenvien.trungtam",
      `/api/dossiers/${dossierId}/files/${fileId}?inline=true`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-disposition"]).toMatch(
      /^inline; filename="To khai dang ky khai sinh.pdf"/,
    );
    const other = await download(
      "chuyenvien.trungtam",
      `/api/dossiers/${dossierId}/files/${fileId}?inline=false`,
    );
    expect(other.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(
      (await download("chuyenvien.trungtam", `/api/dossiers/${dossierId}/files/${fileId}?x=1`)).statusCode,
    ).toBe(400);
  });

  it("gives it to an officer of the dossier's agency", async () => {
    const response = await download("chuyenvien.trungtam");
    expect(response.statusCode).toBe(200);
    expect(new Uint8Array(response.rawPayload)).toEqual(declaration);
  });

  it("answers 404 to another applicant and to an officer of another agency, 401 without a session", async () => {
    const other = await download("doanhnghiep.demo");
    const elsewhere = await download("motcua.sotaichinh");
    expect(other.statusCode).toBe(404);
    expect(elsewhere.statusCode).toBe(404);
    expect(other.body).not.toContain("Tờ khai");
    expect((await download(null)).statusCode).toBe(401);
  });

  it("answers 404 for an unknown file, a file of another dossier and an unknown dossier", async () => {
    const unknownId = "00000000-0000-4000-8000-000000000000";
    expect((await download("congdan.demo", `/api/dossiers/${dossierId}/files/${unknownId}`)).statusCode).toBe(
      404,
    );
    expect((await download("congdan.demo", `/api/dossiers/${unknownId}/files/${fileId}`)).statusCode).toBe(
      404,
    );
    expect((await download("congdan.demo", `/api/dossiers/${dossierId}/files/not-a-uuid`)).statusCode).toBe(
      400,
    );
  });

  it("streams a 3 MB file byte-identical with its Content-Length (issue #21 item 5)", async () => {
    const response = await download("congdan.demo", `/api/dossiers/${dossierId}/files/${largeFileId}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-length"]).toBe(String(large.byteLength));
    expect(response.headers["cache-control"]).toBe("private, no-store");
    expect(response.rawPayload.byteLength).toBe(large.byteLength);
    // Compared by hash: a deep equality of 3 MB takes seconds.
    const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
    expect(sha256(response.rawPayload)).toBe(sha256(large));
    expect(
      (await download("doanhnghiep.demo", `/api/dossiers/${dossierId}/files/${largeFileId}`)).statusCode,
    ).toBe(404);
  });

  it("answers 404 (vi / en) for a file whose bytes are gone from the store, before anything is sent", async () => {
    const url = `/api/dossiers/${dossierId}/files/${missingFileId}`;
    const vi = await download("congdan.demo", url);
    expect(vi.statusCode).toBe(404);
    expect(vi.json().error.message).toBe("Không tìm thấy tệp của hồ sơ");
    const en = await app.inject({
      url,
      headers: { ...sessions["congdan.demo"]!.headers, "accept-language": "en" },
    });
    expect(en.statusCode).toBe(404);
    expect(en.json().error.message).toBe("No such file in this dossier");
    // The app goes on serving.
    expect((await download("congdan.demo")).statusCode).toBe(200);
  });

  it("escapes quotes and keeps an ASCII fallback in Content-Disposition", () => {
    expect(attachmentDisposition('Đơn "mẫu" (1).pdf')).toBe(
      `attachment; filename="Don _mau_ (1).pdf"; filename*=UTF-8''%C4%90%C6%A1n%20%22m%E1%BA%ABu%22%20%281%29.pdf`,
    );
  });
});
