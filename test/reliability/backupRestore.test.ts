import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "../../src/db/connection.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import type { Database } from "../../src/db/schema.ts";
import { filesystemStorage } from "../../src/integrations/storage/filesystemStorage.ts";
import { storeUpload } from "../../src/services/files/storeUpload.ts";
import { seedDemoProvince } from "../../src/services/seed/seedDemoProvince.ts";
import { createTempPostgres, type TempPostgres } from "./support/tempPostgres.ts";

/**
 * Issue #20 "Backup and restore": `onestop backup` then `onestop restore` into an empty target, on both databases;
 * every row of every table and every file compare equal.
 */
const bin = fileURLToPath(new URL("../../bin/onestop.js", import.meta.url));
let folder: string;
let postgres: TempPostgres;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "onestop-backup-"));
  postgres = await createTempPostgres();
  postgres.start();
}, 120_000);
afterAll(() => {
  postgres?.destroy();
  rmSync(folder, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string | undefined>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "silent", ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: childEnv,
    encoding: "utf8",
    timeout: 180_000,
  });
  if (result.status !== 0)
    throw new Error(`onestop ${args.join(" ")}: ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Every row of every table, as text, in a stable order. */
async function everyRow(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db);
  const result: Record<string, string[]> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{
      r: string;
    }>`select t::text as r from ${sql.table(name)} t order by 1`.execute(db);
    result[name] = rows.map((row) => row.r);
  }
  return result;
}

function everyFile(root: string): Record<string, string> {
  if (!existsSync(root)) return {};
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return files;
}

async function fill(db: Kysely<Database>, filesDir: string): Promise<void> {
  await migrateToLatest(db);
  await seedDemoProvince(db);
  const owner = await db
    .selectFrom("users")
    .select("id")
    .where("username", "=", "congdan.demo")
    .executeTakeFirstOrThrow();
  const storage = filesystemStorage(filesDir);
  for (const text of ["giấy khai sinh", "sổ hộ khẩu"]) {
    const content = new TextEncoder().encode(`%PDF-1.4\n${text}\n%%EOF`);
    await storeUpload(db, storage, {
      ownerUserId: owner.id,
      fileName: `${text}.pdf`,
      content,
      now: new Date("2026-03-02T02:00:00Z"),
      limits: { maxFileBytes: 1_048_576, maxDossierBytes: 10_485_760 },
    });
  }
}

describe("onestop backup → onestop restore, every row and every file (issue #20)", () => {
  it("on the embedded PGlite", async () => {
    const source = {
      PGLITE_DATA_DIR: join(folder, "pglite-a", "db"),
      FILES_DIR: join(folder, "pglite-a", "files"),
    };
    const target = {
      PGLITE_DATA_DIR: join(folder, "pglite-b", "db"),
      FILES_DIR: join(folder, "pglite-b", "files"),
    };
    const handle = await connectDatabase({ pgliteDataDir: source.PGLITE_DATA_DIR });
    await fill(handle.db, source.FILES_DIR);
    await handle.close();

    const started = performance.now();
    expect(cli(["backup", join(folder, "pglite-backup")], source)).toContain("Đã sao lưu");
    expect(cli(["restore", join(folder, "pglite-backup")], target)).toContain("Đã khôi phục");
    console.log(`PGlite backup + restore: ${Math.round(performance.now() - started)} ms`);

    const a = await connectDatabase({ pgliteDataDir: source.PGLITE_DATA_DIR });
    const b = await connectDatabase({ pgliteDataDir: target.PGLITE_DATA_DIR });
    try {
      const rowsA = await everyRow(a.db);
      expect(rowsA.users?.length).toBeGreaterThan(0);
      expect(rowsA.uploads).toHaveLength(2);
      expect(await everyRow(b.db)).toEqual(rowsA);
    } finally {
      await a.close();
      await b.close();
    }
    expect(Object.keys(everyFile(source.FILES_DIR))).toHaveLength(2);
    expect(everyFile(target.FILES_DIR)).toEqual(everyFile(source.FILES_DIR));
    // A restore never overwrites: the target now holds data.
    const again = spawnSync(process.execPath, [bin, "restore", join(folder, "pglite-backup")], {
      env: { ...process.env, ...target, LOG_LEVEL: "silent", DATABASE_URL: "" },
      encoding: "utf8",
    });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("đã có dữ liệu");
  });

  it("on a PostgreSQL server", async () => {
    const admin = await connectDatabase({ databaseUrl: postgres.url(), poolMax: 1 });
    await sql`create database backup_a`.execute(admin.db);
    await sql`create database backup_b`.execute(admin.db);
    await admin.close();
    const source = { DATABASE_URL: postgres.url("backup_a"), FILES_DIR: join(folder, "pg-a", "files") };
    const target = { DATABASE_URL: postgres.url("backup_b"), FILES_DIR: join(folder, "pg-b", "files") };
    const handle = await connectDatabase({ databaseUrl: source.DATABASE_URL });
    await fill(handle.db, source.FILES_DIR);
    await handle.close();

    const started = performance.now();
    expect(cli(["backup", join(folder, "pg-backup")], source)).toContain("Đã sao lưu");
    expect(cli(["restore", join(folder, "pg-backup")], target)).toContain("Đã khôi phục");
    console.log(`PostgreSQL backup + restore: ${Math.round(performance.now() - started)} ms`);

    const a = await connectDatabase({ databaseUrl: source.DATABASE_URL });
    const b = await connectDatabase({ databaseUrl: target.DATABASE_URL });
    try {
      const rowsA = await everyRow(a.db);
      expect(rowsA.uploads).toHaveLength(2);
      expect(await everyRow(b.db)).toEqual(rowsA);
    } finally {
      await a.close();
      await b.close();
    }
    expect(everyFile(target.FILES_DIR)).toEqual(everyFile(source.FILES_DIR));
  });
});
