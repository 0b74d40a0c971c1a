import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import {
  LocalCertificateAuthority,
  localSigning,
} from "../../../../src/integrations/signing/localCertificateAuthority.ts";
import {
  SigningDeclined,
  type SigningPort,
  SigningUnavailable,
} from "../../../../src/integrations/signing/signingPort.ts";
import { findActor } from "../../../../src/services/accounts/actor.ts";
import { assignDossier } from "../../../../src/services/dossiers/processing/assignDossier.ts";
import { forwardDossier } from "../../../../src/services/dossiers/processing/forwardDossier.ts";
import { signingPortsOf } from "../../../../src/services/signing/signingPorts.ts";
import { dossierInProcessing } from "../../../services/dossiers/processing/processingFixtures.ts";
import { loginAs, type TestSession } from "../../../support/authSession.ts";
import { demoUserIds } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";
import { uploadFile } from "../../../support/uploadFile.ts";

/**
 * The signing routes (issue #16; R-RECV-7 digitise and sign at reception with the exemptions, R-RES-1 the leader signs
 * the result, verification on upload and on display): success, each validation error, each forbidden role and the
 * officer of another agency, through real HTTP on an app whose signing port is a local CA.
 */
const PASSWORDS: Record<string, string> = {
  "motcua.trungtam": "Demo@2026!MotCuaTT",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
  "lanhdao.trungtam": "Demo@2026!LanhDaoTT",
  "motcua.sotaichinh": "Demo@2026!MotCuaSTC",
  "lanhdao.sotaichinh": "Demo@2026!LanhDaoSTC",
  "congdan.demo": "Demo@2026!CongDan",
  "quantri.trungtam": "Demo@2026!QuanTriTT",
};

let database: DatabaseHandle;
let app: App;
/** The same database without a signing port: the signing routes answer 503. */
let unconfigured: App;
let ca: LocalCertificateAuthority;
let filesDir: string;
let users: Record<string, string>;
const sessions: Record<string, TestSession> = {};
/** Switches of the port around the local CA: the service down, or the officer declining on the app. */
const fault = { unavailable: false, declined: false };
const unknownId = "00000000-0000-4000-8000-000000000000";

const config = (filesDir: string) => ({
  logLevel: "silent" as const,
  publicRateLimitPerMinute: 1_000_000,
  publicUrl: "http://127.0.0.1:3000",
  loginRateLimitPerMinute: 1_000_000,
  filesDir,
  adminMfaRequired: false,
});

beforeAll(async () => {
  database = await createTestDatabase({ seeded: true });
  ca = await LocalCertificateAuthority.create("OneStop Test CA");
  const local = localSigning(ca);
  const port: SigningPort = {
    credentialFor: (officer) => local.credentialFor(officer),
    signDigest: async (credential, digest, description) => {
      if (fault.unavailable) throw new SigningUnavailable("503 from the service");
      if (fault.declined) throw new SigningDeclined();
      return local.signDigest(credential, digest, description);
    },
    trust: () => local.trust(),
  };
  filesDir = join(mkdtempSync(join(tmpdir(), "onestop-files-")), "files");
  app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    config: config(filesDir),
    signing: signingPortsOf(port),
  });
  await app.ready();
  unconfigured = await buildApp({ db: database.db, databaseKind: database.kind, config: config(filesDir) });
  await unconfigured.ready();
  users = await demoUserIds(database.db);
  for (const [username, password] of Object.entries(PASSWORDS))
    sessions[username] = await loginAs(app, username, password);
}, 600_000);

afterAll(async () => {
  await app?.close();
  await unconfigured?.close();
  await database?.close();
});

const inject = (
  method: "GET" | "POST",
  url: string,
  session?: TestSession,
  payload?: object,
  target: App = app,
) =>
  target.inject({
    method,
    url,
    headers: session?.headers ?? {},
    ...(payload === undefined ? {} : { payload }),
  });
const fieldsOf = (response: { json(): { error: { fields?: { field: string }[] } } }) =>
  response.json().error.fields?.map((field) => field.field) ?? [];

/** A real one-page PDF (what a scanner or a word processor gives), text only: no image, so no resolution to judge. */
async function realPdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]).drawText(text, { x: 72, y: 760, size: 12 });
  return doc.save();
}

async function upload(username: string, name: string, content?: Uint8Array): Promise<string> {
  const response = await uploadFile(
    app,
    sessions[username],
    name,
    content ?? (await realPdf(`${name} ${Math.random()}`)),
    "application/pdf",
  );
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

/** A paper dossier received at the counter of Phường Trung Tâm: three scanned components, not yet digitised. */
async function counterDossier(): Promise<{ id: string; files: { id: string; componentPosition: number }[] }> {
  const uploads = [];
  for (const position of [0, 1, 2]) uploads.push(await upload("motcua.trungtam", `ban-quet-${position}.pdf`));
  const response = await inject("POST", "/api/office/dossiers/intake", sessions["motcua.trungtam"], {
    // Đăng ký lại khai sinh: a procedure of the ward whose application has no published e-form to fill.
    procedureCode: "1.004884",
    agencyCode: "000.20.01.H99",
    channel: "counter",
    applicant: {
      kind: "person",
      name: "Trần Thị Mai",
      idNumber: "099190004567",
      address: "Số 5 đường Hòa Bình, phường Trung Tâm",
      phone: "0912345679",
    },
    formData: {},
    files: uploads.map((uploadId, componentPosition) => ({ componentPosition, uploadId })),
  });
  expect(response.statusCode).toBe(201);
  const dossier = response.json();
  return {
    id: dossier.id,
    files: dossier.files.map((file: { id: string; componentPosition: number }) => ({
      id: file.id,
      componentPosition: file.componentPosition,
    })),
  };
}

/** An online dossier of Phường Trung Tâm at the leader's approval step. */
async function dossierInApproval(): Promise<string> {
  const now = new Date();
  const dossierId = await dossierInProcessing(database.db, users, now);
  await assignDossier(database.db, {
    dossierId,
    actor: (await findActor(database.db, users["truongphong.trungtam"]!))!,
    now,
    assigneeId: users["chuyenvien.trungtam"]!,
  });
  await forwardDossier(database.db, {
    dossierId,
    actor: (await findActor(database.db, users["chuyenvien.trungtam"]!))!,
    now,
    opinion: "Đủ điều kiện",
  });
  return dossierId;
}

const digitiseBody = {
  documentType: "civilStatus",
  issuer: "UBND Phường Trung Tâm",
  documentNumber: "123/2026",
  issueDate: "2026-01-15",
  validUntil: null,
  pages: 1,
};
const digitiseUrl = (dossierId: string, fileId: string) =>
  `/api/office/dossiers/${dossierId}/files/${fileId}/digitisation`;

describe("POST /api/office/dossiers/:id/files/:fileId/digitisation (R-RECV-7, R-DIG-2)", () => {
  let dossier: Awaited<ReturnType<typeof counterDossier>>;
  beforeAll(async () => {
    dossier = await counterDossier();
  }, 300_000);

  it("201: the counter officer digitises a component; the file is now signed by the officer and verifies", async () => {
    const file = dossier.files[0]!;
    const response = await inject(
      "POST",
      digitiseUrl(dossier.id, file.id),
      sessions["motcua.trungtam"],
      digitiseBody,
    );
    expect(response.statusCode).toBe(201);
    const { id } = response.json();
    const state = await inject(
      "GET",
      `/api/office/dossiers/${dossier.id}/digitisation`,
      sessions["motcua.trungtam"],
    );
    expect(state.statusCode).toBe(200);
    const officer = await findActor(database.db, users["motcua.trungtam"]!);
    expect(state.json().records).toEqual([
      expect.objectContaining({
        id,
        fileId: file.id,
        kind: "component",
        componentCode: expect.any(String),
        documentType: "civilStatus",
        issuer: "UBND Phường Trung Tâm",
        documentNumber: "123/2026",
        pages: 1,
        exemptReason: null,
        signerName: officer!.fullName,
      }),
    ]);
    expect(state.json().files.find((f: { fileId: string }) => f.fileId === file.id).state).toBe("digitised");
    // Verification on display: the officer of the dossier and the applicant's own view see a valid signature.
    const signatures = await inject(
      "GET",
      `/api/dossiers/${dossier.id}/files/${file.id}/signatures`,
      sessions["motcua.trungtam"],
    );
    expect(signatures.statusCode).toBe(200);
    expect(signatures.json().signatures).toEqual([
      expect.objectContaining({
        state: "valid",
        signerName: officer!.fullName,
        organisation: expect.stringContaining("Trung Tâm"),
        issuerName: "OneStop Test CA Officers",
      }),
    ]);
    // The history tells it.
    const history = await database.db
      .selectFrom("dossier_events")
      .select("type")
      .where("dossier_id", "=", dossier.id)
      .execute();
    expect(history.map((event) => event.type)).toContain("componentDigitised");
  });

  it("409: the same component a second time", async () => {
    const response = await inject(
      "POST",
      digitiseUrl(dossier.id, dossier.files[0]!.id),
      sessions["motcua.trungtam"],
      digitiseBody,
    );
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe("ALREADY_DIGITISED");
  });

  it.each([
    ["an empty body", {}, ["documentType", "issuer", "pages"]],
    ["an unknown document type", { ...digitiseBody, documentType: "passport" }, ["documentType"]],
    ["a blank issuer", { ...digitiseBody, issuer: "   " }, ["issuer"]],
    ["an issue date not a date", { ...digitiseBody, issueDate: "15/01/2026" }, ["issueDate"]],
    ["no pages", { ...digitiseBody, pages: 0 }, ["pages"]],
    ["an unknown retention", { ...digitiseBody, retention: "forever" }, ["retention"]],
    ["an unknown field", { ...digitiseBody, colour: true }, ["colour"]],
  ])("400: %s", async (_, body, fields) => {
    const response = await inject(
      "POST",
      digitiseUrl(dossier.id, dossier.files[1]!.id),
      sessions["motcua.trungtam"],
      body,
    );
    expect(response.statusCode).toBe(400);
    for (const field of fields) expect(fieldsOf(response).join(" ")).toContain(field);
  });

  it.each([
    ["an issue date after today", { issueDate: "2099-01-01" }, "issueDate"],
    ["validity ending before the issue", { issueDate: "2026-01-15", validUntil: "2026-01-01" }, "validUntil"],
  ])("400: %s (the metadata rules)", async (_, change, field) => {
    const response = await inject(
      "POST",
      digitiseUrl(dossier.id, dossier.files[1]!.id),
      sessions["motcua.trungtam"],
      { ...digitiseBody, ...change },
    );
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toContain(field);
    expect(response.json().error.message).toMatch(/[ạ-ỹà-ú]/);
  });

  it("422: the scan has fewer pages than the paper (R-DIG-2), in Vietnamese and in English", async () => {
    const url = digitiseUrl(dossier.id, dossier.files[1]!.id);
    const vi = await inject("POST", url, sessions["motcua.trungtam"], { ...digitiseBody, pages: 3 });
    expect(vi.statusCode).toBe(422);
    expect(vi.json().error).toMatchObject({ code: "SCAN_CHECK_FAILED" });
    expect(vi.json().error.message).toContain("bản giấy có 3 trang");
    const en = await app.inject({
      method: "POST",
      url,
      headers: { ...sessions["motcua.trungtam"]!.headers, "accept-language": "en" },
      payload: { ...digitiseBody, pages: 3 },
    });
    expect(en.json().error.message).toContain("the paper 3");
  });

  it("403: a specialist of the agency; 404: the counter officer of another agency; 401: no session", async () => {
    const url = digitiseUrl(dossier.id, dossier.files[1]!.id);
    expect((await inject("POST", url, sessions["chuyenvien.trungtam"], digitiseBody)).statusCode).toBe(403);
    expect((await inject("POST", url, sessions["lanhdao.trungtam"], digitiseBody)).statusCode).toBe(403);
    expect((await inject("POST", url, sessions["congdan.demo"], digitiseBody)).statusCode).toBe(403);
    expect((await inject("POST", url, sessions["motcua.sotaichinh"], digitiseBody)).statusCode).toBe(404);
    expect((await inject("POST", url)).statusCode).toBe(401);
  });

  it("404: an unknown dossier or file; 400: ids that are not ids", async () => {
    const officer = sessions["motcua.trungtam"];
    expect(
      (await inject("POST", digitiseUrl(unknownId, dossier.files[1]!.id), officer, digitiseBody)).statusCode,
    ).toBe(404);
    expect((await inject("POST", digitiseUrl(dossier.id, unknownId), officer, digitiseBody)).statusCode).toBe(
      404,
    );
    const bad = await inject("POST", digitiseUrl("khong-phai-id", "x"), officer, digitiseBody);
    expect(bad.statusCode).toBe(400);
  });

  it("503 while the signing service is down, 409 when the officer declines; nothing is recorded; 503 without a service", async () => {
    const url = digitiseUrl(dossier.id, dossier.files[2]!.id);
    fault.unavailable = true;
    try {
      const down = await inject("POST", url, sessions["motcua.trungtam"], digitiseBody);
      expect(down.statusCode).toBe(503);
      expect(down.json().error.code).toBe("SIGNING_UNAVAILABLE");
    } finally {
      fault.unavailable = false;
    }
    fault.declined = true;
    try {
      const declined = await inject("POST", url, sessions["motcua.trungtam"], digitiseBody);
      expect(declined.statusCode).toBe(409);
      expect(declined.json().error.code).toBe("SIGNING_DECLINED");
    } finally {
      fault.declined = false;
    }
    const none = await inject("POST", url, sessions["motcua.trungtam"], digitiseBody, unconfigured);
    expect(none.statusCode).toBe(503);
    expect(none.json().error.code).toBe("SIGNING_NOT_CONFIGURED");
    const records = await database.db
      .selectFrom("digitisations")
      .select("id")
      .where("file_id", "=", dossier.files[2]!.id)
      .execute();
    expect(records).toEqual([]);
    // Once the service answers again, the same component is signed.
    expect((await inject("POST", url, sessions["motcua.trungtam"], digitiseBody)).statusCode).toBe(201);
  });
});

describe("POST /api/office/dossiers/:id/digitisation-exemptions (R-RECV-7 exemptions)", () => {
  let dossier: Awaited<ReturnType<typeof counterDossier>>;
  const url = () => `/api/office/dossiers/${dossier.id}/digitisation-exemptions`;
  beforeAll(async () => {
    dossier = await counterDossier();
  }, 300_000);

  it("201: a paper only shown, by component, and a classified file with its basis; both recorded with the reason", async () => {
    const shown = await inject("POST", url(), sessions["motcua.trungtam"], {
      componentPosition: 2,
      reason: "shownOnly",
      note: null,
    });
    expect(shown.statusCode).toBe(201);
    const classified = await inject("POST", url(), sessions["motcua.trungtam"], {
      fileId: dossier.files[0]!.id,
      reason: "classified",
      note: "Tài liệu mật theo Công văn 12/MT",
    });
    expect(classified.statusCode).toBe(201);
    const state = await inject(
      "GET",
      `/api/office/dossiers/${dossier.id}/digitisation`,
      sessions["lanhdao.trungtam"],
    );
    expect(state.json().records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: shown.json().id, fileId: null, exemptReason: "shownOnly" }),
        expect.objectContaining({
          id: classified.json().id,
          fileId: dossier.files[0]!.id,
          exemptReason: "classified",
          exemptNote: "Tài liệu mật theo Công văn 12/MT",
        }),
      ]),
    );
    expect(state.json().files.find((f: { fileId: string }) => f.fileId === dossier.files[0]!.id).state).toBe(
      "exempt",
    );
  });

  it("409: a component already exempted", async () => {
    const response = await inject("POST", url(), sessions["motcua.trungtam"], {
      fileId: dossier.files[0]!.id,
      reason: "shownOnly",
    });
    expect(response.statusCode).toBe(409);
  });

  it("422: an electronic submission for a paper dossier; a classified document without its basis", async () => {
    const electronic = await inject("POST", url(), sessions["motcua.trungtam"], {
      fileId: dossier.files[1]!.id,
      reason: "electronicSubmission",
    });
    expect(electronic.statusCode).toBe(422);
    expect(electronic.json().error.code).toBe("ONLINE_ONLY_FOR_ELECTRONIC");
    const classified = await inject("POST", url(), sessions["motcua.trungtam"], {
      fileId: dossier.files[1]!.id,
      reason: "classified",
    });
    expect(classified.statusCode).toBe(422);
    expect(classified.json().error.code).toBe("NOTE_REQUIRED");
  });

  it.each([
    ["no reason", { fileId: unknownId }, ["reason"]],
    ["an unknown reason", { fileId: unknownId, reason: "tooLong" }, ["reason"]],
    ["a file id not an id", { fileId: "abc", reason: "shownOnly" }, ["fileId"]],
    ["a negative position", { componentPosition: -1, reason: "shownOnly" }, ["componentPosition"]],
    ["an unknown field", { reason: "shownOnly", componentPosition: 1, why: "x" }, ["why"]],
  ])("400: %s", async (_, body, fields) => {
    const response = await inject("POST", url(), sessions["motcua.trungtam"], body);
    expect(response.statusCode).toBe(400);
    for (const field of fields) expect(fieldsOf(response).join(" ")).toContain(field);
  });

  it("404: an unknown file or component; 403 other roles; 404 another agency's officer; 401 no session", async () => {
    const officer = sessions["motcua.trungtam"];
    expect(
      (await inject("POST", url(), officer, { fileId: unknownId, reason: "shownOnly" })).statusCode,
    ).toBe(404);
    expect(
      (await inject("POST", url(), officer, { componentPosition: 99, reason: "shownOnly" })).statusCode,
    ).toBe(404);
    const body = { fileId: dossier.files[1]!.id, reason: "shownOnly" };
    expect((await inject("POST", url(), sessions["chuyenvien.trungtam"], body)).statusCode).toBe(403);
    expect((await inject("POST", url(), sessions["congdan.demo"], body)).statusCode).toBe(403);
    expect((await inject("POST", url(), sessions["motcua.sotaichinh"], body)).statusCode).toBe(404);
    expect((await inject("POST", url(), undefined, body)).statusCode).toBe(401);
  });
});

describe("POST /api/office/dossiers/:id/result-signature (R-RES-1)", () => {
  let dossierId: string;
  const url = () => `/api/office/dossiers/${dossierId}/result-signature`;
  beforeAll(async () => {
    dossierId = await dossierInApproval();
  }, 300_000);

  it("201: the leader signs the result upload; approving with the signed upload links the signed result", async () => {
    const uploadId = await upload("lanhdao.trungtam", "quyet-dinh.pdf");
    const response = await inject("POST", url(), sessions["lanhdao.trungtam"], { uploadId });
    expect(response.statusCode).toBe(201);
    const leader = await findActor(database.db, users["lanhdao.trungtam"]!);
    const signed = response.json();
    expect(signed).toMatchObject({
      fileName: "quyet-dinh-da-ky-so.pdf",
      signature: { state: "valid", signerName: leader!.fullName },
    });
    expect(signed.uploadId).not.toBe(uploadId);
    // Verification on upload: the signed rendition as the leader sees it before approving.
    const check = await inject(
      "GET",
      `/api/uploads/${signed.uploadId}/signatures`,
      sessions["lanhdao.trungtam"],
    );
    expect(check.statusCode).toBe(200);
    expect(check.json().signatures).toEqual([
      expect.objectContaining({ state: "valid", signerName: leader!.fullName }),
    ]);
    const before = await database.db
      .selectFrom("dossiers")
      .select("version")
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow();
    const approve = await inject(
      "POST",
      `/api/office/dossiers/${dossierId}/approve`,
      sessions["lanhdao.trungtam"],
      {
        uploadId: signed.uploadId,
        expectedVersion: before.version,
      },
    );
    expect(approve.statusCode).toBe(200);
    const state = await inject(
      "GET",
      `/api/office/dossiers/${dossierId}/digitisation`,
      sessions["lanhdao.trungtam"],
    );
    const result = state.json().files.find((file: { purpose: string }) => file.purpose === "result");
    expect(result).toMatchObject({ state: "digitised" });
    expect(state.json().records).toEqual([
      expect.objectContaining({ kind: "result", fileId: result.fileId, signerName: leader!.fullName }),
    ]);
    // The applicant sees the result as signed (verification on display).
    const citizen = await inject(
      "GET",
      `/api/dossiers/${dossierId}/files/${result.fileId}/signatures`,
      sessions["congdan.demo"],
    );
    expect(citizen.statusCode).toBe(200);
    expect(citizen.json().signatures).toEqual([
      expect.objectContaining({ state: "valid", signerName: leader!.fullName }),
    ]);
  });

  it("409: a file already signed is not signed again", async () => {
    const uploadId = await upload("lanhdao.trungtam", "quyet-dinh-2.pdf");
    const first = await inject("POST", url(), sessions["lanhdao.trungtam"], { uploadId });
    expect(first.statusCode).toBe(201);
    const again = await inject("POST", url(), sessions["lanhdao.trungtam"], {
      uploadId: first.json().uploadId,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("ALREADY_SIGNED");
  });

  it("422: an unknown upload, or someone else's", async () => {
    const unknown = await inject("POST", url(), sessions["lanhdao.trungtam"], { uploadId: unknownId });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe("UPLOAD_NOT_FOUND");
    const others = await upload("motcua.trungtam", "cua-nguoi-khac.pdf");
    const foreign = await inject("POST", url(), sessions["lanhdao.trungtam"], { uploadId: others });
    expect(foreign.statusCode).toBe(422);
  });

  it.each([
    ["no upload", {}, ["uploadId"]],
    ["an upload id not an id", { uploadId: "abc" }, ["uploadId"]],
    ["an unknown field", { uploadId: unknownId, pin: "1234" }, ["pin"]],
  ])("400: %s", async (_, body, fields) => {
    const response = await inject("POST", url(), sessions["lanhdao.trungtam"], body);
    expect(response.statusCode).toBe(400);
    for (const field of fields) expect(fieldsOf(response).join(" ")).toContain(field);
  });

  it("403: a specialist, the counter officer, the applicant; 404: the leader of another agency; 401: no session", async () => {
    const body = { uploadId: unknownId };
    expect((await inject("POST", url(), sessions["chuyenvien.trungtam"], body)).statusCode).toBe(403);
    expect((await inject("POST", url(), sessions["motcua.trungtam"], body)).statusCode).toBe(403);
    expect((await inject("POST", url(), sessions["congdan.demo"], body)).statusCode).toBe(403);
    expect((await inject("POST", url(), sessions["lanhdao.sotaichinh"], body)).statusCode).toBe(404);
    expect((await inject("POST", url(), undefined, body)).statusCode).toBe(401);
    expect(
      (
        await inject(
          "POST",
          `/api/office/dossiers/${unknownId}/result-signature`,
          sessions["lanhdao.trungtam"],
          body,
        )
      ).statusCode,
    ).toBe(404);
  });

  it("503: the service down, or none configured; 409: the leader declines", async () => {
    const uploadId = await upload("lanhdao.trungtam", "quyet-dinh-3.pdf");
    fault.unavailable = true;
    try {
      expect((await inject("POST", url(), sessions["lanhdao.trungtam"], { uploadId })).statusCode).toBe(503);
    } finally {
      fault.unavailable = false;
    }
    fault.declined = true;
    try {
      expect((await inject("POST", url(), sessions["lanhdao.trungtam"], { uploadId })).statusCode).toBe(409);
    } finally {
      fault.declined = false;
    }
    const none = await inject("POST", url(), sessions["lanhdao.trungtam"], { uploadId }, unconfigured);
    expect(none.statusCode).toBe(503);
  });
});

describe("GET digitisation and signature verification", () => {
  let dossier: Awaited<ReturnType<typeof counterDossier>>;
  beforeAll(async () => {
    dossier = await counterDossier();
  }, 300_000);

  it("GET /api/office/dossiers/:id/digitisation: every file pending at first; 403 the applicant; 404 another agency, unknown; 401", async () => {
    const url = `/api/office/dossiers/${dossier.id}/digitisation`;
    const response = await inject("GET", url, sessions["chuyenvien.trungtam"]);
    expect(response.statusCode).toBe(200);
    expect(response.json().records).toEqual([]);
    expect(response.json().files.map((file: { state: string }) => file.state)).toEqual([
      "pending",
      "pending",
      "pending",
    ]);
    expect((await inject("GET", url, sessions["congdan.demo"])).statusCode).toBe(403);
    expect((await inject("GET", url, sessions["motcua.sotaichinh"])).statusCode).toBe(404);
    expect(
      (await inject("GET", `/api/office/dossiers/${unknownId}/digitisation`, sessions["motcua.trungtam"]))
        .statusCode,
    ).toBe(404);
    expect((await inject("GET", url)).statusCode).toBe(401);
  });

  it("GET /api/dossiers/:id/files/:fileId/signatures: none on an unsigned scan; a revoked certificate shows revoked", async () => {
    const url = `/api/dossiers/${dossier.id}/files/${dossier.files[0]!.id}/signatures`;
    const unsigned = await inject("GET", url, sessions["motcua.trungtam"]);
    expect(unsigned.statusCode).toBe(200);
    expect(unsigned.json()).toEqual({ signatures: [] });
    // A citizen who does not own the dossier (a paper dossier has no owner account) and another agency: 404.
    expect((await inject("GET", url, sessions["congdan.demo"])).statusCode).toBe(404);
    expect((await inject("GET", url, sessions["motcua.sotaichinh"])).statusCode).toBe(404);
    expect((await inject("GET", url)).statusCode).toBe(401);
    expect(
      (
        await inject(
          "GET",
          `/api/dossiers/${dossier.id}/files/${unknownId}/signatures`,
          sessions["motcua.trungtam"],
        )
      ).statusCode,
    ).toBe(404);
    expect((await inject("GET", url, sessions["motcua.trungtam"], undefined, unconfigured)).statusCode).toBe(
      503,
    );
  });

  it("GET /api/uploads/:id/signatures: one's own upload only; an unsigned one has none", async () => {
    const uploadId = await upload("motcua.trungtam", "chua-ky.pdf");
    const own = await inject("GET", `/api/uploads/${uploadId}/signatures`, sessions["motcua.trungtam"]);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ signatures: [] });
    expect(
      (await inject("GET", `/api/uploads/${uploadId}/signatures`, sessions["lanhdao.trungtam"])).statusCode,
    ).toBe(404);
    expect((await inject("GET", `/api/uploads/${uploadId}/signatures`)).statusCode).toBe(401);
    expect((await inject("GET", "/api/uploads/abc/signatures", sessions["motcua.trungtam"])).statusCode).toBe(
      400,
    );
  });
});

// Last: revoking the counter officer's certificate would change what the earlier tests see.
describe("a revoked officer's signature, on display", () => {
  it("the digitised component shows revoked once the CA revokes the officer's certificate", async () => {
    const dossier = await counterDossier();
    const file = dossier.files[0]!;
    expect(
      (await inject("POST", digitiseUrl(dossier.id, file.id), sessions["motcua.trungtam"], digitiseBody))
        .statusCode,
    ).toBe(201);
    const before = await inject(
      "GET",
      `/api/dossiers/${dossier.id}/files/${file.id}/signatures`,
      sessions["motcua.trungtam"],
    );
    expect(before.json().signatures[0].state).toBe("valid");
    // A fresh app on the same files reads the trust list (CRL) again: the cached one lasts minutes.
    const serial = before.json().signatures[0].certificateSerial as string;
    ca.revoke(serial, new Date(Date.now() - 60 * 60_000));
    const fresh = await buildApp({
      db: database.db,
      databaseKind: database.kind,
      config: config(filesDir),
      signing: signingPortsOf(localSigning(ca)),
    });
    await fresh.ready();
    try {
      const after = await inject(
        "GET",
        `/api/dossiers/${dossier.id}/files/${file.id}/signatures`,
        sessions["motcua.trungtam"],
        undefined,
        fresh,
      );
      expect(after.statusCode).toBe(200);
      expect(after.json().signatures[0]).toMatchObject({ state: "revoked", certificateSerial: serial });
    } finally {
      await fresh.close();
    }
  });
});

describe("issue #20 (the authorization matrix): access before the signing service", () => {
  let dossier: Awaited<ReturnType<typeof counterDossier>>;
  beforeAll(async () => {
    dossier = await counterDossier();
  }, 300_000);

  it("without a signing port, another agency's officers are refused (404) before being told it is not configured (503)", async () => {
    const file = dossier.files[0]!;
    const digitise = await inject(
      "POST",
      digitiseUrl(dossier.id, file.id),
      sessions["motcua.sotaichinh"],
      digitiseBody,
      unconfigured,
    );
    expect(digitise.statusCode).toBe(404);
    const sign = await inject(
      "POST",
      `/api/office/dossiers/${dossier.id}/result-signature`,
      sessions["lanhdao.sotaichinh"],
      { uploadId: unknownId },
      unconfigured,
    );
    expect(sign.statusCode).toBe(404);
    const check = await inject(
      "GET",
      `/api/dossiers/${dossier.id}/files/${file.id}/signatures`,
      sessions["motcua.sotaichinh"],
      undefined,
      unconfigured,
    );
    expect(check.statusCode).toBe(404);
    // The dossier's own counter officer is told the service is not configured.
    const own = await inject(
      "POST",
      digitiseUrl(dossier.id, file.id),
      sessions["motcua.trungtam"],
      digitiseBody,
      unconfigured,
    );
    expect(own.statusCode).toBe(503);
  });

  it("the agency administrator, refused the dossier by the office, is refused its digitisation and files' signatures", async () => {
    const admin = sessions["quantri.trungtam"];
    expect((await inject("GET", `/api/office/dossiers/${dossier.id}`, admin)).statusCode).toBe(403);
    expect((await inject("GET", `/api/office/dossiers/${dossier.id}/digitisation`, admin)).statusCode).toBe(
      403,
    );
    const check = await inject(
      "GET",
      `/api/dossiers/${dossier.id}/files/${dossier.files[0]!.id}/signatures`,
      admin,
    );
    expect(check.statusCode).toBe(404);
  });
});
