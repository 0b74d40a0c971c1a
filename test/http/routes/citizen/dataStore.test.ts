import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDossierRecord } from "../../../../src/domain/sync/dossierPayload.ts";
import { filesystemStorage } from "../../../../src/integrations/storage/filesystemStorage.ts";
import { kpiIndex } from "../../../../src/services/kpi/kpiIndex.ts";
import { loadDossierSyncFacts } from "../../../../src/services/sync/dossierSyncFacts.ts";
import { accept, birthCertificateIssued, upload } from "../../../services/dataStore/dataStoreFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds } from "../../../support/dossierFixtures.ts";

/** Province time. */
const at = (local: string) => new Date(`${local}:00+07:00`);

const filesDir = join(mkdtempSync(join(tmpdir(), "onestop-store-")), "files");
const storage = filesystemStorage(filesDir);
let t: AuthTestApp;
let users: Record<string, string>;
let firstDossier: string;
let certificateId: string;
const s: Record<"citizen" | "other" | "officer" | "admin", TestSession> = {} as never;
const config = {
  sessionIdleMinutes: 1_000_000,
  sessionApplicantIdleMinutes: 1_000_000,
  sessionMaxHours: 100_000,
};

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-11-26T10:00"), config: { ...config, filesDir } });
  users = await demoUserIds(t.database.db);
  firstDossier = await birthCertificateIssued(t.database.db, storage, users, {
    submittedAt: at("2026-11-02T09:00"),
    approvedAt: at("2026-11-04T09:00"),
    returnedAt: at("2026-11-04T10:00"),
  });
  s.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
  s.other = await loginAs(t.app, "doanhnghiep.demo", "Demo@2026!DoanhNghiep");
  s.officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
  s.admin = await loginAs(t.app, "quantri.hethong", "Demo@2026!QuanTriHT");
});
afterAll(async () => t?.close());

const get = (url: string, session?: TestSession, language?: string) =>
  t.app.inject({
    method: "GET",
    url,
    headers: { ...(session?.headers ?? {}), ...(language ? { "accept-language": language } : {}) },
  });
const post = (url: string, payload: unknown, session?: TestSession, language?: string) =>
  t.app.inject({
    method: "POST",
    url,
    payload: payload as object,
    headers: { ...(session?.headers ?? {}), ...(language ? { "accept-language": language } : {}) },
  });

/** A second dossier, Đăng ký lại khai sinh (1.004884): GT02 (position 1) asks for the earlier birth papers. */
async function reRegistration(reuses: unknown[], session = s.citizen, withPosition1Upload = false) {
  const owner = session === s.other ? users["doanhnghiep.demo"]! : users["congdan.demo"]!;
  const positions = withPosition1Upload ? [0, 1, 2] : [0, 2];
  const files = [];
  for (const position of positions)
    files.push({
      componentPosition: position,
      uploadId: await upload(t.database.db, storage, owner, t.clock.now(), `tp-${position}.pdf`),
    });
  return post(
    "/api/citizen/dossiers",
    { procedureCode: "1.004884", agencyCode: "000.20.01.H99", formData: {}, files, reuses },
    session,
  );
}

describe("the result lands in the citizen's DataStore (R-KHO-1, R-DIG-1)", () => {
  it("lists the birth certificate with its type, validity and source dossier, only to its owner", async () => {
    const response = await get("/api/citizen/data-store/documents", s.citizen);
    expect(response.statusCode).toBe(200);
    const items = response.json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      source: "result",
      documentType: "GIAY_KHAI_SINH",
      typeName: { vi: "Giấy khai sinh", en: "Birth certificate" },
      validUntil: null,
      revokedAt: null,
      reusable: true,
      timesReused: 0,
    });
    const source = await t.database.db
      .selectFrom("dossiers")
      .select("code")
      .where("id", "=", firstDossier)
      .executeTakeFirstOrThrow();
    expect(items[0].sourceDossierCode).toBe(source.code);
    expect(items[0].verificationCode).toMatch(/\S+/);
    certificateId = items[0].id;
    expect((await get("/api/citizen/data-store/documents", s.other)).json().items).toEqual([]);
  });

  it("401 without a session; 403 for officers and administrators (nobody lists a store but its owner)", async () => {
    expect((await get("/api/citizen/data-store/documents")).statusCode).toBe(401);
    expect((await get("/api/citizen/data-store/documents", s.officer)).statusCode).toBe(403);
    expect((await get("/api/citizen/data-store/documents", s.admin)).statusCode).toBe(403);
    expect((await get("/api/citizen/data-store/access-log", s.officer)).statusCode).toBe(403);
    expect((await get(`/api/citizen/data-store/documents/${certificateId}/file`, s.officer)).statusCode).toBe(
      403,
    );
  });

  it("the owner downloads it (logged); another applicant gets 404 like an unknown document", async () => {
    const response = await get(`/api/citizen/data-store/documents/${certificateId}/file`, s.citizen);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.body.startsWith("%PDF")).toBe(true);
    const other = await get(`/api/citizen/data-store/documents/${certificateId}/file`, s.other);
    const unknown = await get(`/api/citizen/data-store/documents/${randomUUID()}/file`, s.other);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual(unknown.json());
    expect(other.json().error.message).toBe("Không tìm thấy giấy tờ trong kho dữ liệu");
    expect(
      (await get(`/api/citizen/data-store/documents/${randomUUID()}/file`, s.citizen, "en")).json().error
        .message,
    ).toBe("No such document in the data store");
    expect((await get("/api/citizen/data-store/documents/not-a-uuid/file", s.citizen)).statusCode).toBe(400);
  });

  it("offers it for the component of a later procedure that asks for a birth certificate, and for nothing else", async () => {
    const offers = await get("/api/citizen/data-store/offers?procedureCode=1.004884", s.citizen);
    expect(offers.statusCode).toBe(200);
    expect(offers.json().items).toEqual([
      expect.objectContaining({
        componentPosition: 1,
        documents: [expect.objectContaining({ id: certificateId })],
      }),
    ]);
    expect(
      (await get("/api/citizen/data-store/offers?procedureCode=1.001193", s.citizen)).json().items,
    ).toEqual([]);
    expect(
      (await get("/api/citizen/data-store/offers?procedureCode=1.004884", s.other)).json().items,
    ).toEqual([]);
    expect((await get("/api/citizen/data-store/offers?procedureCode=abc", s.citizen)).statusCode).toBe(400);
    expect((await get("/api/citizen/data-store/offers?procedureCode=9.999999", s.citizen)).statusCode).toBe(
      404,
    );
    expect((await get("/api/citizen/data-store/offers?procedureCode=1.004884", s.officer)).statusCode).toBe(
      403,
    );
  });
});

describe("reuse at submission (R-KHO-1, R-SYNC-2, R-KPI-3 4.3)", () => {
  it.each([
    [
      "an unknown document",
      () => ({ componentPosition: 1, documentId: randomUUID() }),
      "reuses.0.documentId",
      "Không tìm thấy giấy tờ trong kho dữ liệu",
    ],
    [
      "a component that takes no stored document",
      () => ({ componentPosition: 0, documentId: certificateId }),
      "reuses.0.documentId",
      "Giấy tờ không đúng loại thành phần hồ sơ yêu cầu",
    ],
    [
      "a component that does not exist",
      () => ({ componentPosition: 42, documentId: certificateId }),
      "reuses.0.componentPosition",
      "Thành phần hồ sơ không tồn tại",
    ],
  ])("400 for %s, and the dossier is not created", async (_name, reuse, field, message) => {
    const before = await t.database.db.selectFrom("dossiers").select("id").execute();
    const response = await reRegistration([reuse()]);
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.fields as { field: string; message: string }[];
    expect(fields.find((f) => f.field === field)?.message).toBe(message);
    expect(await t.database.db.selectFrom("dossiers").select("id").execute()).toHaveLength(before.length);
  });

  it("400 for another applicant's document, told as unknown; 400 for a malformed reuse", async () => {
    const response = await reRegistration([{ componentPosition: 1, documentId: certificateId }], s.other);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.map((f: { field: string }) => f.field)).toContain(
      "reuses.0.documentId",
    );
    expect((await reRegistration([{ componentPosition: 1 }])).statusCode).toBe(400);
    expect((await reRegistration([{ componentPosition: 1, documentId: "x" }])).statusCode).toBe(400);
  });

  it("a birth certificate from one dossier is reused in a second without upload; the sync flags it and 4.3 moves", async () => {
    const period = { from: at("2026-11-01T00:00"), to: at("2026-12-01T00:00") };
    const before = await kpiIndex(t.database.db, { agencyIds: null, period, now: t.clock.now() });
    const reuse43 = (score: typeof before) => score.indicators.find((indicator) => indicator.code === "4.3")!;
    const response = await reRegistration([{ componentPosition: 1, documentId: certificateId }]);
    expect(response.statusCode).toBe(201);
    const dossierId = response.json().id as string;
    const files = await t.database.db
      .selectFrom("dossier_files as f")
      .innerJoin("procedure_components as c", "c.id", "f.component_id")
      .select(["c.position", "f.reused", "f.storage_key"])
      .where("f.dossier_id", "=", dossierId)
      .orderBy("c.position")
      .execute();
    const certificate = await t.database.db
      .selectFrom("data_store_documents")
      .selectAll()
      .where("id", "=", certificateId)
      .executeTakeFirstOrThrow();
    expect(files.map((file) => [file.position, file.reused])).toEqual([
      [0, false],
      [1, true],
      [2, false],
    ]);
    // No copy, no upload: the component names the stored document's bytes.
    expect(files[1]!.storage_key).toBe(certificate.storage_key);
    const uploads = await t.database.db
      .selectFrom("uploads")
      .select("storage_key")
      .where("storage_key", "=", certificate.storage_key)
      .execute();
    expect(uploads).toHaveLength(1);

    const facts = await loadDossierSyncFacts(t.database.db, dossierId, "http://127.0.0.1:3000");
    const record = buildDossierRecord(facts!);
    const flagged = record.TaiLieuNop.filter((file) => file.DuocTaiSuDung === "1");
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({
      MaThanhPhanHoSo: "GT02",
      MaKetQuaThayThe: certificate.verification_code,
    });
    expect(
      record.TaiLieuNop.filter((file) => file.DuocTaiSuDung === "0").every(
        (file) => file.MaKetQuaThayThe === null,
      ),
    ).toBe(true);

    await accept(t.database.db, users, dossierId, t.clock.now());
    const after = await kpiIndex(t.database.db, { agencyIds: null, period, now: t.clock.now() });
    expect(reuse43(after).numerator).toBe((reuse43(before).numerator ?? 0) + 1);
    expect(reuse43(after).denominator).toBe((reuse43(before).denominator ?? 0) + 1);

    const listed = (await get("/api/citizen/data-store/documents", s.citizen)).json().items[0];
    expect(listed.timesReused).toBe(1);
  });

  it("an applicant cannot set the reused flag on an upload themselves", async () => {
    const files = [0, 1, 2].map(async (position) => ({
      componentPosition: position,
      uploadId: await upload(
        t.database.db,
        storage,
        users["congdan.demo"]!,
        t.clock.now(),
        `x-${position}.pdf`,
      ),
      reused: true,
      digitized: true,
    }));
    const response = await post(
      "/api/citizen/dossiers",
      {
        procedureCode: "1.004884",
        agencyCode: "000.20.01.H99",
        formData: {},
        files: await Promise.all(files),
      },
      s.citizen,
    );
    if (response.statusCode === 201) {
      const flags = await t.database.db
        .selectFrom("dossier_files")
        .select(["reused", "digitized"])
        .where("dossier_id", "=", response.json().id)
        .execute();
      expect(flags.every((flag) => !flag.reused && !flag.digitized)).toBe(true);
    } else expect(response.statusCode).toBe(400);
  });
});

describe("access: officers through the dossier only, every access logged, the owner reads the log", () => {
  it("an officer reading the reused component through the dossier shows in the owner's log with the dossier code", async () => {
    const reuse = await t.database.db
      .selectFrom("data_store_reuses as r")
      .innerJoin("dossiers as d", "d.id", "r.dossier_id")
      .select(["r.dossier_file_id", "r.dossier_id", "d.code"])
      .executeTakeFirstOrThrow();
    const file = await get(`/api/dossiers/${reuse.dossier_id}/files/${reuse.dossier_file_id}`, s.officer);
    expect(file.statusCode).toBe(200);
    const log = await get("/api/citizen/data-store/access-log", s.citizen);
    expect(log.statusCode).toBe(200);
    const lines = log.json().items as {
      action: string;
      actorKind: string;
      dossierCode: string | null;
      actorName: string;
    }[];
    expect(lines[0]).toMatchObject({ action: "viewed", actorKind: "officer", dossierCode: reuse.code });
    expect(lines.map((line) => line.action)).toEqual(
      expect.arrayContaining(["stored", "downloaded", "reused", "viewed"]),
    );
    expect((await get("/api/citizen/data-store/access-log", s.other)).json()).toEqual({
      total: 0,
      items: [],
    });
    expect((await get("/api/citizen/data-store/access-log?pageSize=0", s.citizen)).statusCode).toBe(400);
  });
});

describe("POST /api/citizen/data-store/documents/:id/revoke", () => {
  it("401, 403 for an officer, 404 for another applicant; nothing changes", async () => {
    expect((await post(`/api/citizen/data-store/documents/${certificateId}/revoke`, {})).statusCode).toBe(
      401,
    );
    expect(
      (await post(`/api/citizen/data-store/documents/${certificateId}/revoke`, {}, s.officer)).statusCode,
    ).toBe(403);
    expect(
      (await post(`/api/citizen/data-store/documents/${certificateId}/revoke`, {}, s.other)).statusCode,
    ).toBe(404);
    expect(
      (await post(`/api/citizen/data-store/documents/${certificateId}/revoke`, { x: 1 }, s.citizen))
        .statusCode,
    ).toBe(400);
    const row = await t.database.db
      .selectFrom("data_store_documents")
      .select("revoked_at")
      .where("id", "=", certificateId)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
  });

  it("the owner withdraws it from future reuse: no longer offered, a new reuse is refused; twice is 409", async () => {
    const response = await post(`/api/citizen/data-store/documents/${certificateId}/revoke`, {}, s.citizen);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ reusable: false, revokedAt: expect.any(String) });
    expect(
      (await get("/api/citizen/data-store/offers?procedureCode=1.004884", s.citizen)).json().items,
    ).toEqual([]);
    const refused = await reRegistration([{ componentPosition: 1, documentId: certificateId }]);
    expect(refused.statusCode).toBe(400);
    expect(
      refused.json().error.fields.find((f: { field: string }) => f.field === "reuses.0.documentId").message,
    ).toBe("Giấy tờ đã được thu hồi khỏi việc tái sử dụng");
    const twice = await post(
      `/api/citizen/data-store/documents/${certificateId}/revoke`,
      {},
      s.citizen,
      "en",
    );
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe("This document is already withdrawn from reuse");
  });
});

describe("GET /api/citizen/data-store/documents/:id/file streams the stored document (issue #21 item 5)", () => {
  const content = Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(3 * 1024 * 1024)]);
  const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
  let documentId: string;
  let storageKey: string;

  /** A 3 MB document in the citizen's store, on a file of the first dossier not yet in any store. */
  beforeAll(async () => {
    const stored = await storage.put(content);
    storageKey = stored.key;
    const certificate = await t.database.db
      .selectFrom("data_store_documents")
      .selectAll()
      .where("id", "=", certificateId)
      .executeTakeFirstOrThrow();
    const file = await t.database.db
      .selectFrom("dossier_files")
      .select("id")
      .where("dossier_id", "=", firstDossier)
      .where("id", "not in", t.database.db.selectFrom("data_store_documents").select("source_file_id"))
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const { id: _id, ...copy } = certificate;
    documentId = (
      await t.database.db
        .insertInto("data_store_documents")
        .values({
          ...copy,
          source: "component",
          source_file_id: file.id,
          name: "Bản sao giấy chứng sinh",
          storage_key: stored.key,
          sha256: stored.sha256,
          file_name: "Giấy chứng sinh (bản sao).pdf",
          size_bytes: content.byteLength,
          revoked_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  });

  it("the owner gets 3 MB byte-identical with its Content-Length and headers; the download is logged (R-KHO-1)", async () => {
    const before = await t.database.db
      .selectFrom("data_store_access_log")
      .select("document_id")
      .where("document_id", "=", documentId)
      .execute();
    const response = await get(`/api/citizen/data-store/documents/${documentId}/file`, s.citizen);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-length"]).toBe(String(content.byteLength));
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="Giay chung sinh (ban sao).pdf"; filename*=UTF-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20sinh%20%28b%E1%BA%A3n%20sao%29.pdf`,
    );
    expect(response.headers["cache-control"]).toBe("private, no-store");
    expect(response.rawPayload.byteLength).toBe(content.byteLength);
    // Compared by hash: a deep equality of 3 MB takes seconds.
    expect(sha256(response.rawPayload)).toBe(sha256(content));
    const after = await t.database.db
      .selectFrom("data_store_access_log")
      .select("action")
      .where("document_id", "=", documentId)
      .execute();
    expect(after.length).toBe(before.length + 1);
    expect(after.map((entry) => entry.action)).toContain("downloaded");
  });

  it("another applicant gets 404 as for an unknown document; officers and administrators 403; 401 without a session (R-KHO-1)", async () => {
    const other = await get(`/api/citizen/data-store/documents/${documentId}/file`, s.other);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.message).toBe("Không tìm thấy giấy tờ trong kho dữ liệu");
    expect((await get(`/api/citizen/data-store/documents/${documentId}/file`, s.officer)).statusCode).toBe(
      403,
    );
    expect((await get(`/api/citizen/data-store/documents/${documentId}/file`, s.admin)).statusCode).toBe(403);
    expect((await get(`/api/citizen/data-store/documents/${documentId}/file`)).statusCode).toBe(401);
  });

  it("bytes gone from the store answer 404 as an unknown document (vi / en), nothing logged, and the app goes on", async () => {
    const logged = async () =>
      (
        await t.database.db
          .selectFrom("data_store_access_log")
          .select("document_id")
          .where("document_id", "=", documentId)
          .execute()
      ).length;
    const before = await logged();
    unlinkSync(join(filesDir, storageKey.slice(0, 2), storageKey.slice(2, 4), storageKey));
    const vi = await get(`/api/citizen/data-store/documents/${documentId}/file`, s.citizen);
    expect(vi.statusCode).toBe(404);
    expect(vi.json().error.message).toBe("Không tìm thấy giấy tờ trong kho dữ liệu");
    const en = await get(`/api/citizen/data-store/documents/${documentId}/file`, s.citizen, "en");
    expect(en.statusCode).toBe(404);
    expect(en.json().error.message).toBe("No such document in the data store");
    expect(await logged()).toBe(before);
    expect((await get(`/api/citizen/data-store/documents/${certificateId}/file`, s.citizen)).statusCode).toBe(
      200,
    );
  });
});
