import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { connectDatabase, type DatabaseHandle } from "../../src/db/connection.ts";

/**
 * A fresh, migrated database for one test file: a copy of the run's template on PostgreSQL, or a PGlite loaded
 * from the migrated snapshot. `close()` drops it. `seeded` starts it with the demo province already loaded (the
 * same as calling `seedDemoProvince` on it, done once per run by test/support/globalSetup.ts).
 */
export async function createTestDatabase(options: { seeded?: boolean } = {}): Promise<DatabaseHandle> {
  const templateUrl = inject(options.seeded ? "seededTemplateDatabaseUrl" : "templateDatabaseUrl");
  if (templateUrl) {
    const template = new URL(templateUrl);
    const templateName = template.pathname.slice(1);
    const name = `onestop_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: templateUrl.replace(`/${templateName}`, "/postgres") });
    await admin.connect();
    await admin.query(`create database ${name} template ${templateName}`);
    template.pathname = `/${name}`;
    const handle = await connectDatabase({ databaseUrl: template.toString(), poolMax: 10 });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        // pg-pool's end() resolves before the server has closed every backend; a forced drop would kill sessions
        // still closing and surface their "terminating connection" errors, so wait for them first.
        for (let attempt = 0; attempt < 100; attempt++) {
          const { rows } = await admin.query(
            "select count(*)::int as n from pg_stat_activity where datname = $1",
            [name],
          );
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  const snapshotPath = inject(options.seeded ? "pgliteSeededSnapshotPath" : "pgliteSnapshotPath");
  if (!snapshotPath) throw new Error("globalSetup did not provide a database");
  const snapshot = new Blob([readFileSync(snapshotPath)]);
  return connectDatabase({ pgliteDataDir: "memory://", pgliteLoadDataDir: snapshot });
}
