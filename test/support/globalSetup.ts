import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { connectDatabase } from "../../src/db/connection.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { seedDemoProvince } from "../../src/services/seed/seedDemoProvince.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** PostgreSQL: a migrated template database each test file copies. */
    templateDatabaseUrl: string | null;
    /** PGlite: a migrated data dump each test file loads. */
    pgliteSnapshotPath: string | null;
    /** The same two, with the demo province seeded too: most files start from it, and seeding costs seconds. */
    seededTemplateDatabaseUrl: string | null;
    pgliteSeededSnapshotPath: string | null;
  }
}

/**
 * Migrates once per run, then every test file starts from a copy: `CREATE DATABASE … TEMPLATE` on PostgreSQL
 * (when DATABASE_URL is set), a PGlite data dump otherwise. Test files never share a database. A second copy holds
 * the demo province too: seeding hashes fourteen passwords with argon2 and writes the catalog, about three seconds
 * per file that every file asking for it would otherwise spend again.
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
    const seededName = `${templateName}_seeded`;
    await admin.query(`create database ${seededName} template ${templateName}`);
    const seededUrl = withDatabase(serverUrl, seededName);
    const seeded = await connectDatabase({ databaseUrl: seededUrl });
    await seedDemoProvince(seeded.db);
    await seeded.close();
    project.provide("templateDatabaseUrl", templateUrl);
    project.provide("seededTemplateDatabaseUrl", seededUrl);
    project.provide("pgliteSnapshotPath", null);
    project.provide("pgliteSeededSnapshotPath", null);
    return async () => {
      await admin.query(`drop database if exists ${seededName} with (force)`);
      await admin.query(`drop database if exists ${templateName} with (force)`);
      await admin.end();
    };
  }

  const folder = mkdtempSync(join(tmpdir(), "onestop-test-"));
  const handle = await connectDatabase({ pgliteDataDir: "memory://" });
  await migrateToLatest(handle.db);
  const dump = await (await pgliteDumpOf(handle)).arrayBuffer();
  await seedDemoProvince(handle.db);
  const seededDump = await (await pgliteDumpOf(handle)).arrayBuffer();
  await handle.close();
  const snapshotPath = join(folder, "migrated.tar");
  writeFileSync(snapshotPath, Buffer.from(dump));
  const seededSnapshotPath = join(folder, "seeded.tar");
  writeFileSync(seededSnapshotPath, Buffer.from(seededDump));
  project.provide("templateDatabaseUrl", null);
  project.provide("seededTemplateDatabaseUrl", null);
  project.provide("pgliteSnapshotPath", snapshotPath);
  project.provide("pgliteSeededSnapshotPath", seededSnapshotPath);
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
