import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { type App, buildApp } from "../../../src/http/app.ts";
import {
  type FileStorage,
  FileStoreUnavailableError,
  StoredFileTooLargeError,
} from "../../../src/integrations/storage/fileStorage.ts";
import { filesystemStorage } from "../../../src/integrations/storage/filesystemStorage.ts";
import { openFileStorage } from "../../../src/integrations/storage/openFileStorage.ts";
import { s3Storage } from "../../../src/integrations/storage/s3Storage.ts";
import { backup, restore } from "../../../src/services/backup/backup.ts";
import { createDossier } from "../../../src/services/dossiers/createDossier.ts";
import { loginAs, type TestSession } from "../../support/authSession.ts";
import { demoUserIds, limits, samplePdf } from "../../support/dossierFixtures.ts";
import { startS3Server, type TestS3Server } from "../../support/s3Server.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/**
 * Issue #21 item 5: the S3-compatible file store, against s3rver (an S3-compatible server from npm) on 127.0.0.1, and
 * the filesystem store, through the same contract; then the upload and download routes on an app built on S3.
 */
const scratch = mkdtempSync(join(tmpdir(), "onestop-s3-test-"));
let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A stream of `content` in chunks of 64 KiB, as a socket gives it. */
const chunked = (content: Uint8Array) =>
  Readable.from(
    (function* () {
      for (let offset = 0; offset < content.byteLength; offset += 65_536)
        yield content.subarray(offset, offset + 65_536);
    })(),
  );

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const filesUnder = (folder: string) =>
  existsSync(folder)
    ? readdirSync(folder, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name)
    : [];

interface Adapter {
  name: string;
  open(): { storage: FileStorage; objects(): Promise<string[]>; leftovers(): string[] };
}

const adapters: Adapter[] = [
  {
    name: "filesystem",
    open() {
      const root = mkdtempSync(join(scratch, "fs-"));
      return {
        storage: filesystemStorage(root),
        objects: async () => filesUnder(root).filter((name) => /^[0-9a-f]{64}$/.test(name)),
        leftovers: () => filesUnder(root).filter((name) => name.endsWith(".tmp")),
      };
    },
  },
  {
    name: "S3 (s3rver)",
    open() {
      const spoolDir = mkdtempSync(join(scratch, "spool-"));
      const storage = s3Storage({ ...s3.settings, spoolDir });
      return {
        storage,
        // s3rver keeps each object as a file named `<key>._S3rver_object` under the bucket's folder.
        objects: async () =>
          filesUnder(s3.directory)
            .filter((name) => name.endsWith("._S3rver_object"))
            .map((name) => name.replace(/\._S3rver_object$/, "")),
        leftovers: () => filesUnder(spoolDir),
      };
    },
  },
];

describe.each(adapters)("the file store contract: $name (issue #21)", (adapter) => {
  let store: ReturnType<Adapter["open"]>;
  let before: string[];
  beforeAll(async () => {
    store = adapter.open();
    before = await store.objects();
  });
  afterAll(() => store.storage.close?.());

  const sixMegabytes = randomBytes(6 * 1_048_576 + 123);

  it("streams a multi-MB file in and out byte-identical, and put/get/has agree", async () => {
    const stored = await store.storage.putStream(chunked(sixMegabytes), { maxBytes: 8 * 1_048_576 });
    expect(stored).toEqual({
      key: sha256(sixMegabytes),
      sha256: sha256(sixMegabytes),
      size: sixMegabytes.byteLength,
    });
    expect(await store.storage.has(stored.key)).toBe(true);
    const streamed = await store.storage.getStream(stored.key);
    expect(streamed?.size).toBe(sixMegabytes.byteLength);
    expect(sha256(await readAll(streamed!.body))).toBe(stored.sha256);
    expect(sha256((await store.storage.get(stored.key))!)).toBe(stored.sha256);
    const small = new TextEncoder().encode("Phiếu kiểm soát quá trình giải quyết hồ sơ");
    const put = await store.storage.put(small);
    expect(new TextDecoder().decode(await store.storage.get(put.key))).toBe(
      "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    );
    expect(store.leftovers()).toEqual([]);
  });

  it("the same content twice is one object, by either write", async () => {
    const content = randomBytes(300_000);
    const first = await store.storage.putStream(chunked(content), { maxBytes: 1_048_576 });
    const count = (await store.objects()).length;
    const second = await store.storage.putStream(chunked(content), { maxBytes: 1_048_576 });
    const third = await store.storage.put(content);
    expect(second.key).toBe(first.key);
    expect(third.key).toBe(first.key);
    expect((await store.objects()).length).toBe(count);
  });

  it("past maxBytes the write stops, throws, and leaves no object and no temporary file", async () => {
    const content = randomBytes(2 * 1_048_576);
    const objects = await store.objects();
    const error = await store.storage
      .putStream(chunked(content), { maxBytes: 1_048_576 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoredFileTooLargeError);
    expect(await store.storage.has(sha256(content))).toBe(false);
    expect(await store.objects()).toEqual(objects);
    expect(store.leftovers()).toEqual([]);
  });

  it("a verify that refuses the content leaves nothing", async () => {
    const content = randomBytes(10_000);
    const error = await store.storage
      .putStream(chunked(content), {
        maxBytes: 1_048_576,
        verify: async (read, stored) => {
          expect(stored.size).toBe(10_000);
          expect(sha256(await readAll(read()))).toBe(stored.sha256);
          throw new Error("refused");
        },
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe("refused");
    expect(await store.storage.has(sha256(content))).toBe(false);
    expect(store.leftovers()).toEqual([]);
  });

  it("a missing key is undefined / false; a malformed one is refused", async () => {
    const missing = sha256(randomBytes(16));
    expect(await store.storage.get(missing)).toBeUndefined();
    expect(await store.storage.getStream(missing)).toBeUndefined();
    expect(await store.storage.has(missing)).toBe(false);
    await expect(store.storage.get("../../etc/passwd")).rejects.toThrow(RangeError);
  });

  it("the readiness probe writes and leaves no object", async () => {
    const objects = await store.objects();
    await store.storage.probe?.();
    expect(await store.objects()).toEqual(objects);
    expect(before.every((key) => objects.includes(key))).toBe(true);
  });
});

describe("the S3 store's failures (issue #21)", () => {
  it("a 500 from the server is retried; three in a row throw FileStoreUnavailableError and store nothing", async () => {
    const storage = s3Storage(s3.settings);
    try {
      s3.failNextPuts(1);
      const once = randomBytes(5_000);
      expect((await storage.putStream(chunked(once), { maxBytes: 10_000 })).key).toBe(sha256(once));
      expect(await storage.has(sha256(once))).toBe(true);
      s3.failNextPuts(3);
      const never = randomBytes(5_000);
      const error = await storage.putStream(chunked(never), { maxBytes: 10_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileStoreUnavailableError);
      expect(await storage.has(sha256(never))).toBe(false);
    } finally {
      s3.failNextPuts(0);
      storage.close?.();
    }
  });

  it("a wrong bucket fails the readiness probe", async () => {
    const storage = s3Storage({ ...s3.settings, bucket: "khong-co-bucket-nay" });
    try {
      await expect(storage.probe?.()).rejects.toThrow();
    } finally {
      storage.close?.();
    }
  });

  it("openFileStorage: S3 when FILES_S3_BUCKET is set, else the filesystem store (the default)", async () => {
    const filesDir = mkdtempSync(join(scratch, "default-"));
    const local = openFileStorage({ filesDir, filesS3: undefined });
    const put = await local.put(samplePdf("mặc định"));
    expect(filesUnder(filesDir)).toContain(put.key);
    const remote = openFileStorage({ filesDir, filesS3: s3.settings });
    try {
      const content = samplePdf("trên S3");
      const stored = await remote.put(content);
      expect(filesUnder(filesDir)).not.toContain(stored.key);
      expect(await remote.has(stored.key)).toBe(true);
    } finally {
      remote.close?.();
    }
  });
});

describe("backup and restore with the S3 store (issue #20, issue #21)", () => {
  it("backs the bucket's files up into the backup folder and restores them into an empty bucket", async () => {
    const storage = s3Storage(s3.settings);
    const restoredBucket = { ...s3.settings, bucket: "onestop-restored" };
    const client = new S3Client({
      ...s3.settings,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    try {
      const kept = await storage.put(samplePdf("sao lưu S3"));
      const keys: string[] = [];
      for await (const key of storage.keys?.() ?? []) keys.push(key);
      expect(keys).toContain(kept.key);
      const folder = join(scratch, "backup");
      const manifest = await backup(
        {
          databaseUrl: undefined,
          pgliteDataDir: join(scratch, "db"),
          filesDir: join(scratch, "no-files"),
          filesS3: s3.settings,
        },
        folder,
        new Date(),
      );
      expect(manifest.files.count).toBe(keys.length);
      expect(filesUnder(join(folder, "files")).sort()).toEqual([...keys].sort());
      await client.send(new CreateBucketCommand({ Bucket: restoredBucket.bucket }));
      await restore(
        {
          databaseUrl: undefined,
          pgliteDataDir: join(scratch, "db-restored"),
          filesDir: join(scratch, "no-files"),
          filesS3: restoredBucket,
        },
        folder,
      );
      const restored = s3Storage(restoredBucket);
      try {
        expect(new TextDecoder().decode(await restored.get(kept.key))).toContain("sao lưu S3");
        const restoredKeys: string[] = [];
        for await (const key of restored.keys?.() ?? []) restoredKeys.push(key);
        expect(restoredKeys.sort()).toEqual([...keys].sort());
      } finally {
        restored.close?.();
      }
      expect(existsSync(join(scratch, "no-files"))).toBe(false);
    } finally {
      storage.close?.();
      client.destroy();
    }
  }, 120_000);
});

describe("upload and download through the HTTP routes on the S3 store (issue #21)", () => {
  let handle: DatabaseHandle;
  let app: App;
  let base: string;
  let citizen: TestSession;
  let citizenId: string;
  // A 3 MB PDF: streamed through the multipart route into S3 and back.
  const bigPdf = Buffer.concat([samplePdf("hồ sơ lớn"), randomBytes(3 * 1_048_576)]);

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    citizenId = (await demoUserIds(handle.db))["congdan.demo"]!;
    app = await buildApp({
      db: handle.db,
      databaseKind: handle.kind,
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        publicUrl: "http://127.0.0.1:3000",
        loginRateLimitPerMinute: 1_000_000,
        adminMfaRequired: false,
        maxFileBytes: 8 * 1_048_576,
        filesDir: join(scratch, "unused-files"),
        filesS3: s3.settings,
      },
    });
    await app.listen({ host: "127.0.0.1", port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    citizen = await loginAs(app, "congdan.demo", "Demo@2026!CongDan");
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const upload = (content: Uint8Array, fileName: string) => {
    const form = new FormData();
    form.append("file", new Blob([content], { type: "application/pdf" }), fileName);
    return fetch(`${base}/api/uploads`, { method: "POST", headers: citizen.headers, body: form });
  };
  const uploadRows = async () =>
    Number(
      (
        await handle.db
          .selectFrom("uploads")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("a component uploaded over HTTP lands in the bucket and downloads back byte-identical", async () => {
    const response = await upload(bigPdf, "Tờ khai.pdf");
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      id: string;
      sha256: string;
      sizeBytes: number;
      mediaType: string;
    };
    expect(body).toMatchObject({
      sha256: sha256(bigPdf),
      sizeBytes: bigPdf.byteLength,
      mediaType: "application/pdf",
    });
    expect(filesUnder(join(scratch, "unused-files"))).toEqual([]);
    const others = [];
    for (const position of [1, 2]) {
      const other = await upload(samplePdf(`thành phần ${position}`), `thanh-phan-${position}.pdf`);
      expect(other.status).toBe(201);
      others.push({ componentPosition: position, uploadId: ((await other.json()) as { id: string }).id });
    }
    const { row } = await createDossier(handle.db, {
      procedureCode: "1.004884",
      agencyCode: "000.20.01.H99",
      channel: "online",
      applicant: { kind: "person", name: "Nguyễn Văn An", idNumber: "099090001234" },
      formData: { tenTre: "Nguyễn Minh Khang" },
      files: [{ componentPosition: 0, uploadId: body.id }, ...others],
      ownerUserId: citizenId,
      uploaderUserId: citizenId,
      actor: { role: "applicant", id: citizenId },
      author: { userId: citizenId, role: "citizen" },
      now: new Date(),
      limits,
    });
    const file = await handle.db
      .selectFrom("dossier_files")
      .select(["id"])
      .where("dossier_id", "=", row.id)
      .where("file_name", "=", "Tờ khai.pdf")
      .executeTakeFirstOrThrow();
    const download = await fetch(`${base}/api/dossiers/${row.id}/files/${file.id}`, {
      headers: citizen.headers,
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-length")).toBe(String(bigPdf.byteLength));
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.equals(bigPdf)).toBe(true);
  });

  it("an office document (a ZIP container) is recognised on the whole stored copy: XLSX accepted", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Danh sách").addRow(["Họ tên", "Số định danh"]);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    const response = await upload(xlsx, "danh-sach.xlsx");
    expect(response.status).toBe(201);
    expect(((await response.json()) as { mediaType: string }).mediaType).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
  });

  it("a file of another type is refused at its first bytes: 415, no row, no object", async () => {
    const rows = await uploadRows();
    const fake = Buffer.concat([Buffer.from("MZ\x90\x00"), randomBytes(2 * 1_048_576)]);
    const response = await upload(fake, "hoadon.pdf");
    expect(response.status).toBe(415);
    expect(await uploadRows()).toBe(rows);
    const storage = s3Storage(s3.settings);
    try {
      expect(await storage.has(sha256(fake))).toBe(false);
    } finally {
      storage.close?.();
    }
  });

  it("when S3 fails the PUT, the upload fails with a clear 503 and no row is written", async () => {
    const rows = await uploadRows();
    s3.failNextPuts(3);
    try {
      const response = await upload(Buffer.concat([samplePdf("lỗi S3"), randomBytes(50_000)]), "loi.pdf");
      expect(response.status).toBe(503);
      const error = ((await response.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("FILE_STORE_UNAVAILABLE");
      expect(error.message).toContain("Kho lưu trữ tệp đang tạm gián đoạn");
      expect(response.headers.get("retry-after")).toBe("5");
    } finally {
      s3.failNextPuts(0);
    }
    expect(await uploadRows()).toBe(rows);
  });
});
