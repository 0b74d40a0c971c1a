import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { connectDatabase } from "../../src/db/connection.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** PostgreSQL: a migrated template database each test file copies. */
    templateDatabaseUrl: string | null;
    /** PGlite: a migrated data dump each test file loads. */
    pgliteSnapshotPath: string | null;
  }
}

/**
 * Migrates once per run, then every test file starts from a copy: `CREATE DATABASE … TEMPLATE` on PostgreSQL
 * (when DATABASE_URL is set), a PGlite data dump otherwise. Test files never share a database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const templateName = `onestop_template_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${templateName}`);
    const templateUrl = withDatabase(serverUrl, templateName);
    const handle = await connectDatabase({ databaseUrl: templateUrl });
    await migrateToLatest(handle.db);
    await handle.close();
    project.provide("templateDatabaseUrl", templateUrl);
    project.provide("pgliteSnapshotPath", null);
    return async () => {
      await admin.query(`drop database if exists ${templateName} with (force)`);
      await admin.end();
    };
  }

  const folder = mkdtempSync(join(tmpdir(), "onestop-test-"));
  const handle = await connectDatabase({ pgliteDataDir: "memory://" });
  await migrateToLatest(handle.db);
  const dump = await (await pgliteDumpOf(handle)).arrayBuffer();
  await handle.close();
  const snapshotPath = join(folder, "migrated.tar");
  writeFileSync(snapshotPath, Buffer.from(dump));
  project.provide("templateDatabaseUrl", null);
  project.provide("pgliteSnapshotPath", snapshotPath);
  return async () => rmSync(folder, { recursive: true, force: true });
}

async function pgliteDumpOf(handle: Awaited<ReturnType<typeof connectDatabase>>): Promise<Blob> {
  if (!handle.dumpDataDir) throw new Error("the embedded database cannot be dumped");
  return handle.dumpDataDir();
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
