import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import {
  type DvcqgSimulator,
  startDvcqgSimulator,
} from "../../../../src/integrations/dvcqg/simulator/server.ts";
import { runDossierCommand } from "../../../../src/services/dossiers/runDossierCommand.ts";
import { fetchNationalFiles } from "../../../../src/services/integration/fetchNationalFiles.ts";
import { loginAs } from "../../../support/authSession.ts";
import { demoUserIds, limits, samplePdf, temporaryStorage } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

/**
 * National-portal mode end to end (issue #13, R-LAW-4): an applicant submits on the simulated national portal, which
 * signs and posts the dossier to OneStop over real HTTP; the attachment job fetches its files from the portal; the
 * counter asks for a supplement, the applicant answers on the portal; officers see every file.
 */
describe("national-portal mode, simulator → OneStop over HTTP", () => {
  let handle: DatabaseHandle;
  let app: App;
  let simulator: DvcqgSimulator;
  const storage = temporaryStorage();
  const now = new Date("2026-11-23T09:10:00+07:00");
  const clock = () => now;
  const portal = async (path: string, body: unknown) => {
    const response = await fetch(`${simulator.baseUrl}/control/portal/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { status: number; body: Record<string, unknown> };
  };
  const pdf = (text: string) => Buffer.from(samplePdf(text)).toString("base64");

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    app = await buildApp({
      db: handle.db,
      databaseKind: handle.kind,
      clock,
      storage,
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        loginRateLimitPerMinute: 1_000_000,
        publicUrl: "http://127.0.0.1:3000",
        nationalPortalApiKey: "khoa-api-cong-dvcqg-2026",
        nationalPortalHmacSecret: "bi-mat-hmac-cong-dvcqg-2026-dai",
      },
    });
    const address = await app.listen({ host: "127.0.0.1", port: 0 });
    simulator = await startDvcqgSimulator();
    const target = await fetch(`${simulator.baseUrl}/control/portal/target`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        url: address,
        apiKey: "khoa-api-cong-dvcqg-2026",
        hmacSecret: "bi-mat-hmac-cong-dvcqg-2026-dai",
      }),
    });
    expect(target.status).toBe(200);
  });
  afterAll(async () => {
    await simulator.close();
    await app.close();
    await handle.close();
  });

  it("a dossier submitted on the portal is received, its files fetched, supplemented on the portal, seen by officers", async () => {
    const submitted = await portal("dossiers", {
      dossier: {
        MaHoSo: "G22.100.01-261123-000777",
        MaTTHC: "1.001193",
        MaCoQuan: "000.20.01.H99",
        ChuHoSo: "Lê Thị Cúc",
        SoGiayToChuHoSo: "099190007777",
        DuLieuBieuMau: { tenTre: "Lê Minh Châu" },
        NgayNopHoSo: "20261123090000",
      },
      files: [
        { name: "to-khai.pdf", contentBase64: pdf("to khai"), componentCode: "GT01" },
        { name: "giay-chung-sinh.pdf", contentBase64: pdf("giay chung sinh"), componentCode: "GT02" },
      ],
    });
    expect(submitted.status).toBe(201);
    const dossierId = submitted.body.id as string;
    expect(submitted.body).toMatchObject({ status: 1, nationalCode: "G22.100.01-261123-000777" });

    const files = { maxAttempts: 3, backoffSeconds: 1, timeoutMs: 2_000, maxFileBytes: limits.maxFileBytes };
    expect(await fetchNationalFiles(handle.db, storage, clock, files)).toEqual({
      fetched: 2,
      retried: 0,
      failed: 0,
    });

    const officer = await loginAs(app, "motcua.trungtam", "Demo@2026!MotCuaTT");
    const listed = await app.inject({
      method: "GET",
      url: `/api/office/dossiers/${dossierId}/national-files`,
      headers: officer.headers,
    });
    expect(listed.json().files.map((file: { state: string }) => file.state)).toEqual(["fetched", "fetched"]);
    const fileId = listed.json().files[0].dossierFileId as string;
    const download = await app.inject({
      method: "GET",
      url: `/api/dossiers/${dossierId}/files/${fileId}`,
      headers: officer.headers,
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");

    // The counter asks for a supplement at reception; the applicant answers on the national portal.
    const officerId = (await demoUserIds(handle.db))["motcua.trungtam"]!;
    await runDossierCommand(handle.db, {
      dossierId,
      command: { type: "requestSupplementAtReception", reason: "Ảnh mờ", items: ["Giấy chứng sinh rõ nét"] },
      actor: { role: "counterOfficer", id: officerId },
      author: { userId: officerId, role: "counter_officer" },
      now,
      authorize: () => {},
    });
    const answered = await portal("messages/supplement", {
      message: { MaThongDiep: "bs-000777-1", MaHoSo: "G22.100.01-261123-000777", ThoiDiem: "20261123091000" },
      files: [{ name: "giay-chung-sinh-ro.pdf", contentBase64: pdf("ro net"), componentCode: "GT02" }],
    });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ status: 1, replayed: false });
    expect(await fetchNationalFiles(handle.db, storage, clock, files)).toEqual({
      fetched: 1,
      retried: 0,
      failed: 0,
    });
    const after = await app.inject({
      method: "GET",
      url: `/api/office/dossiers/${dossierId}/national-files`,
      headers: officer.headers,
    });
    expect(
      after
        .json()
        .files.map((file: { purpose: string; state: string }) => [file.purpose, file.state])
        .sort(),
    ).toEqual([
      ["component", "fetched"],
      ["component", "fetched"],
      ["supplement", "fetched"],
    ]);

    // The applicant withdraws on the portal (R-STOP-1 k2): status 7; a replay changes nothing.
    const withdrawal = {
      MaThongDiep: "rut-000777",
      MaHoSo: "G22.100.01-261123-000777",
      ThoiDiem: "20261123091500",
      LyDo: "Đổi ý",
    };
    expect((await portal("messages/withdrawal", { message: withdrawal })).body).toMatchObject({ status: 7 });
    expect(await portal("messages/withdrawal", { message: withdrawal })).toMatchObject({
      status: 200,
      body: { replayed: true },
    });
  });
});
