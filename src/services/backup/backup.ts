import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { connectDatabase, pgliteExtensions } from "../../db/connection.ts";
import { type S3StorageSettings, s3Storage } from "../../integrations/storage/s3Storage.ts";
import { spoolToFile } from "../../integrations/storage/spoolToFile.ts";

const run = promisify(execFile);

/**
 * `onestop backup` and `onestop restore` (issue #20): the database (PostgreSQL with pg_dump's custom format, or the
 * embedded PGlite's data folder as a tarball) and the file store, in one folder with a manifest.
 *
 * Consistency: the database is dumped first, then the files are copied. Files are content-addressed, never changed
 * or deleted, and each is durable before the transaction that references it commits; so every file the dump
 * references already exists when the copy starts. A file uploaded during the backup may be copied without a row
 * pointing at it, which is harmless.
 */
export interface BackupManifest {
  format: "onestop-backup-1";
  createdAt: string;
  database: { kind: "postgres" | "pglite"; file: string; sha256: string };
  files: { count: number; bytes: number };
}

export interface BackupTarget {
  /** PostgreSQL server URL; unset = the embedded database in `pgliteDataDir`. */
  databaseUrl: string | undefined;
  pgliteDataDir: string;
  filesDir: string;
  /** The S3-compatible file store (FILES_S3_*, issue #21), used instead of `filesDir` when set. */
  filesS3?: S3StorageSettings | undefined;
}

const sha256File = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

function storedFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /^[0-9a-f]{64}$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

export async function backup(target: BackupTarget, folder: string, now: Date): Promise<BackupManifest> {
  if (existsSync(folder) && readdirSync(folder).length > 0)
    throw new BackupError(`Thư mục sao lưu ${folder} đã có dữ liệu; hãy chọn một thư mục mới.`);
  mkdirSync(folder, { recursive: true });
  let database: BackupManifest["database"];
  if (target.databaseUrl) {
    const file = join(folder, "database.pgdump");
    try {
      await run("pg_dump", [
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        "--file",
        file,
        target.databaseUrl,
      ]);
    } catch (error) {
      throw new BackupError(
        `pg_dump thất bại (cần pg_dump cùng phiên bản với máy chủ): ${(error as Error).message}`,
      );
    }
    database = { kind: "postgres", file: "database.pgdump", sha256: sha256File(file) };
  } else {
    // Opening the folder takes its lock: the embedded database is backed up while the server is stopped.
    const handle = await connectDatabase({ pgliteDataDir: target.pgliteDataDir });
    try {
      if (!handle.dumpDataDir) throw new BackupError("cơ sở dữ liệu nhúng không xuất được");
      const dump = await handle.dumpDataDir();
      writeFileSync(join(folder, "database.tar"), Buffer.from(await dump.arrayBuffer()));
    } finally {
      await handle.close();
    }
    database = { kind: "pglite", file: "database.tar", sha256: sha256File(join(folder, "database.tar")) };
  }
  // After the database: every file it references is already durable (see above).
  let count = 0;
  let bytes = 0;
  if (target.filesS3) {
    // The bucket's objects streamed into the same layout as a filesystem store, each checked against its key.
    const storage = s3Storage(target.filesS3);
    try {
      for await (const key of storage.keys?.() ?? []) {
        const file = join(folder, "files", key.slice(0, 2), key.slice(2, 4), key);
        mkdirSync(join(file, ".."), { recursive: true });
        const object = await storage.getStream(key);
        if (!object) continue;
        const copied = await spoolToFile(object.body, file, Number.MAX_SAFE_INTEGER);
        if (copied.sha256 !== key) throw new BackupError(`Tệp ${key} trong kho S3 bị hỏng (sai mã băm)`);
        count += 1;
        bytes += copied.size;
      }
    } finally {
      storage.close?.();
    }
  } else {
    const files = storedFiles(target.filesDir);
    for (const file of files) {
      mkdirSync(join(folder, "files", file, ".."), { recursive: true });
      cpSync(join(target.filesDir, file), join(folder, "files", file));
      bytes += readFileSync(join(folder, "files", file)).byteLength;
    }
    count = files.length;
  }
  const manifest: BackupManifest = {
    format: "onestop-backup-1",
    createdAt: now.toISOString(),
    database,
    files: { count, bytes },
  };
  writeFileSync(join(folder, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Restores a backup into an empty target: a PostgreSQL database with no tables, or an embedded data folder that does
 * not exist yet, and the file store. Every file is checked against its name (its sha256) before it is put back.
 */
export async function restore(target: BackupTarget, folder: string): Promise<BackupManifest> {
  const manifestPath = join(folder, "manifest.json");
  if (!existsSync(manifestPath))
    throw new BackupError(`${folder} không phải là bản sao lưu OneStop (thiếu manifest.json)`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BackupManifest;
  if (manifest.format !== "onestop-backup-1")
    throw new BackupError(`Định dạng sao lưu không hỗ trợ: ${manifest.format}`);
  const dumpPath = join(folder, manifest.database.file);
  if (sha256File(dumpPath) !== manifest.database.sha256)
    throw new BackupError("Tệp cơ sở dữ liệu của bản sao lưu bị hỏng (sai mã băm)");
  const expectedKind = target.databaseUrl ? "postgres" : "pglite";
  if (manifest.database.kind !== expectedKind)
    throw new BackupError(
      `Bản sao lưu là của ${manifest.database.kind === "postgres" ? "PostgreSQL" : "PGlite nhúng"}; ` +
        "hãy khôi phục vào cùng loại cơ sở dữ liệu",
    );

  if (target.databaseUrl) {
    const handle = await connectDatabase({ databaseUrl: target.databaseUrl, poolMax: 1 });
    try {
      const { rows } = await import("kysely").then(({ sql }) =>
        sql<{
          n: number;
        }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(
          handle.db,
        ),
      );
      if ((rows[0]?.n ?? 0) > 0)
        throw new BackupError(
          "Cơ sở dữ liệu đích đã có bảng; hãy khôi phục vào một cơ sở dữ liệu mới, trống",
        );
    } finally {
      await handle.close();
    }
    try {
      await run("pg_restore", [
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--dbname",
        target.databaseUrl,
        dumpPath,
      ]);
    } catch (error) {
      throw new BackupError(`pg_restore thất bại: ${(error as Error).message}`);
    }
  } else {
    if (existsSync(target.pgliteDataDir) && readdirSync(target.pgliteDataDir).length > 0)
      throw new BackupError(
        `Thư mục ${target.pgliteDataDir} đã có dữ liệu; hãy khôi phục vào một thư mục mới`,
      );
    mkdirSync(target.pgliteDataDir, { recursive: true });
    const pglite = await PGlite.create(target.pgliteDataDir, {
      extensions: pgliteExtensions,
      loadDataDir: new Blob([readFileSync(dumpPath)]),
    });
    await pglite.close();
  }

  const files = storedFiles(join(folder, "files"));
  const storage = target.filesS3 ? s3Storage(target.filesS3) : undefined;
  try {
    for (const file of files) {
      const source = join(folder, "files", file);
      const name = file.split(/[\\/]/).pop() ?? "";
      if (sha256File(source) !== name)
        throw new BackupError(`Tệp ${file} của bản sao lưu bị hỏng (sai mã băm)`);
      // Issue #21: into the S3 bucket, streamed; the store hashes it again and keys it by content.
      if (storage) await storage.putStream(createReadStream(source), { maxBytes: Number.MAX_SAFE_INTEGER });
      else restoreFile(source, join(target.filesDir, file));
    }
  } finally {
    storage?.close?.();
  }
  if (files.length !== manifest.files.count)
    throw new BackupError(`Bản sao lưu thiếu tệp: có ${files.length}, cần ${manifest.files.count}`);
  return manifest;
}

function restoreFile(source: string, destination: string): void {
  if (existsSync(destination)) return;
  mkdirSync(join(destination, ".."), { recursive: true });
  // Under a temporary name, then renamed: a restore cut off leaves no partial file under a real key.
  cpSync(source, `${destination}.restore.tmp`);
  renameSync(`${destination}.restore.tmp`, destination);
}
