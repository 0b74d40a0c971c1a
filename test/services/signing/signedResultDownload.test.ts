import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { type App, buildApp } from "../../../src/http/app.ts";
import {
  LocalCertificateAuthority,
  localSigning,
} from "../../../src/integrations/signing/localCertificateAuthority.ts";
import { verifyPdfSignatures } from "../../../src/integrations/signing/verifyPdfSignatures.ts";
import { filesystemStorage } from "../../../src/integrations/storage/filesystemStorage.ts";
import type { Actor } from "../../../src/services/accounts/actor.ts";
import { signResult } from "../../../src/services/digitisation/signResult.ts";
import { approveResult } from "../../../src/services/dossiers/processing/approveResult.ts";
import { assignDossier } from "../../../src/services/dossiers/processing/assignDossier.ts";
import { forwardDossier } from "../../../src/services/dossiers/processing/forwardDossier.ts";
import { runDossierCommand } from "../../../src/services/dossiers/runDossierCommand.ts";
import { storeUpload } from "../../../src/services/files/storeUpload.ts";
import { seedDemoProvince } from "../../../src/services/seed/seedDemoProvince.ts";
import { type SigningPorts, signingPortsOf } from "../../../src/services/signing/signingPorts.ts";
import { loginAs } from "../../support/authSession.ts";
import { demoUserIds, limits, submitBirthRegistration } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { actorNamed } from "../dossiers/processing/processingFixtures.ts";

/**
 * Issue #16's figures for signatures (R-RES-1: the electronic result, digitally signed, has the legal value of paper):
 * the leader signs the result and approves it; the applicant downloads it from the citizen portal, and the bytes they
 * get verify as any PDF reader would (valid, the leader's name, the signing time). A copy altered after signing — one
 * byte of the content changed, or an incremental update appended — is detected as broken.
 */
let database: DatabaseHandle;
let app: App;
let signing: SigningPorts;
let users: Record<string, string>;
let leader: Actor;
let downloaded: Buffer;
let downloadedFromStore: Buffer;
let signedAt: Date;
const storage = filesystemStorage(join(mkdtempSync(join(tmpdir(), "onestop-files-")), "files"));

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoProvince(database.db);
  const ca = await LocalCertificateAuthority.create("OneStop Test CA");
  signing = signingPortsOf(localSigning(ca));
  app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    storage,
    signing,
    config: {
      logLevel: "silent",
      publicRateLimitPerMinute: 1_000_000,
      loginRateLimitPerMinute: 1_000_000,
      publicUrl: "http://127.0.0.1:3000",
      adminMfaRequired: false,
    },
  });
  await app.ready();
  users = await demoUserIds(database.db);
  leader = await actorNamed(database.db, users, "lanhdao.trungtam");

  // An online dossier at Phường Trung Tâm, appraised and submitted to the leader.
  const now = new Date();
  // Đăng ký lại khai sinh without form data (the procedure has no published e-form), accepted and transferred.
  const { row: submitted } = await submitBirthRegistration(database.db, users["congdan.demo"]!, now, {
    procedureCode: "1.004884",
    formData: {},
  });
  const dossierId = submitted.id;
  const counterId = users["motcua.trungtam"]!;
  for (const command of [{ type: "accept" }, { type: "transfer" }] as const)
    await runDossierCommand(database.db, {
      dossierId,
      command,
      actor: { role: "counterOfficer", id: counterId },
      author: { userId: counterId, role: "counter_officer" },
      now,
      authorize: () => {},
    });
  await assignDossier(database.db, {
    dossierId,
    actor: await actorNamed(database.db, users, "truongphong.trungtam"),
    now,
    assigneeId: users["chuyenvien.trungtam"]!,
  });
  await forwardDossier(database.db, {
    dossierId,
    actor: await actorNamed(database.db, users, "chuyenvien.trungtam"),
    now,
    opinion: "Đủ điều kiện",
  });

  // The leader's draft decision, signed, then approved with the signed rendition.
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]).drawText("QUYET DINH cap ban sao trich luc khai sinh", { x: 72, y: 760 });
  const draft = await storeUpload(database.db, storage, {
    ownerUserId: leader.userId,
    fileName: "quyet-dinh.pdf",
    content: await doc.save(),
    now,
    limits,
  });
  // A whole second (the PDF's signing time has no milliseconds) not before the dossier's last change at `now`,
  // waited for so that it is not in the future either.
  signedAt = new Date(Math.ceil(now.getTime() / 1000) * 1000);
  while (Date.now() < signedAt.getTime()) await new Promise((resolve) => setTimeout(resolve, 20));
  const signed = await signResult(database.db, storage, signing, {
    dossierId,
    uploadId: draft.id,
    actor: leader,
    now: signedAt,
  });
  expect(signed.signature.state).toBe("valid");
  const { row } = await database.db
    .selectFrom("dossiers")
    .select("version")
    .where("id", "=", dossierId)
    .executeTakeFirstOrThrow()
    .then((dossier) => ({ row: dossier }));
  await approveResult(database.db, {
    dossierId,
    actor: leader,
    now: signedAt,
    uploadId: signed.uploadId,
    expectedVersion: row.version,
  });

  // The applicant, in the citizen portal: the dossier's result file, downloaded as the browser does.
  const citizen = await loginAs(app, "congdan.demo", "Demo@2026!CongDan");
  // The portal's download link of the result file (src/web/portal/DossierPage.tsx).
  const result = await database.db
    .selectFrom("dossier_files")
    .select("id")
    .where("dossier_id", "=", dossierId)
    .where("purpose", "=", "result")
    .executeTakeFirst();
  expect(result).toBeDefined();
  const download = await app.inject({
    method: "GET",
    url: `/api/dossiers/${dossierId}/files/${result!.id}`,
    headers: citizen.headers,
  });
  expect(download.statusCode).toBe(200);
  expect(download.headers["content-type"]).toContain("application/pdf");
  downloaded = download.rawPayload;

  // The same result in the applicant's data store (R-KHO-1), downloaded from there.
  const store = await app.inject({
    method: "GET",
    url: "/api/citizen/data-store/documents",
    headers: citizen.headers,
  });
  expect(store.statusCode).toBe(200);
  const stored = (store.json().items as { id: string; source: string; sourceDossierId?: string }[]).find(
    (item) => item.source === "result",
  );
  expect(stored).toBeDefined();
  const fromStore = await app.inject({
    method: "GET",
    url: `/api/citizen/data-store/documents/${stored!.id}/file`,
    headers: citizen.headers,
  });
  expect(fromStore.statusCode).toBe(200);
  downloadedFromStore = fromStore.rawPayload;
}, 240_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("a signed result downloaded from the citizen portal (R-RES-1)", () => {
  it("verifies: valid, signed by the approving leader, at the signing time, by the officers' CA", async () => {
    const checks = await verifyPdfSignatures(downloaded, await signing.trust());
    expect(checks).toEqual([
      expect.objectContaining({
        state: "valid",
        signerName: leader.fullName,
        organisation: expect.stringContaining("Trung Tâm"),
        signedAt,
        issuerName: "OneStop Test CA Officers",
      }),
    ]);
    expect(downloaded.toString("latin1")).toContain("/SubFilter /adbe.pkcs7.detached");
  });

  it("the copy downloaded from the applicant's data store is the same signed file and verifies", async () => {
    expect(downloadedFromStore.equals(downloaded)).toBe(true);
    const [check] = await verifyPdfSignatures(downloadedFromStore, await signing.trust());
    expect(check).toMatchObject({ state: "valid", signerName: leader.fullName });
  });

  it("a copy altered after signing (one byte of the text changed) is detected as broken", async () => {
    const altered = Buffer.from(downloaded);
    const position = altered.indexOf("/Contents");
    // A byte of the page content, inside the signed range (before the signature's own hole).
    const index = position > 200 ? 100 : altered.length - 10;
    altered.writeUInt8(altered.readUInt8(index) ^ 0x01, index);
    const [check] = await verifyPdfSignatures(altered, await signing.trust());
    expect(check).toMatchObject({ state: "broken", signerName: leader.fullName });
  });

  it("a copy with content appended after signing is detected as broken", async () => {
    const appended = Buffer.concat([
      downloaded,
      Buffer.from("\n1 0 obj\n<< /Forged true >>\nendobj\n%%EOF\n"),
    ]);
    const [check] = await verifyPdfSignatures(appended, await signing.trust());
    expect(check!.state).toBe("broken");
  });

  it("the portal's verification route says the same of the stored file (valid)", async () => {
    const citizen = await loginAs(app, "congdan.demo", "Demo@2026!CongDan");
    const [dossier] = await database.db
      .selectFrom("dossier_files")
      .select(["id", "dossier_id"])
      .where("purpose", "=", "result")
      .execute();
    const response = await app.inject({
      method: "GET",
      url: `/api/dossiers/${dossier!.dossier_id}/files/${dossier!.id}/signatures`,
      headers: citizen.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().signatures).toEqual([
      expect.objectContaining({
        state: "valid",
        signerName: leader.fullName,
        signedAt: signedAt.toISOString(),
      }),
    ]);
  });
});
