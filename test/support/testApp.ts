import { loadConfig } from "../../src/config.ts";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { type App, buildApp } from "../../src/http/app.ts";
import { createTestDatabase } from "./testDatabase.ts";

export interface TestApp {
  app: App;
  /** The test file's own database, seeded with the demo province unless asked otherwise. */
  database: DatabaseHandle;
  /** Closes the app and drops the database. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** High by default so that only a rate-limit test ever meets the limit. */
  publicRateLimitPerMinute?: number;
  /** Load the demo province from data/; on by default. */
  seed?: boolean;
}

/** A silent app on an existing database, ready for `app.inject()` (no sockets). Closing it leaves the database. */
export async function buildTestApp(
  database: DatabaseHandle,
  options: Pick<TestAppOptions, "publicRateLimitPerMinute"> = {},
): Promise<App> {
  const app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    // Every default of the configuration (whatever the app grows to need), then what tests decide.
    config: {
      ...loadConfig({}),
      logLevel: "silent",
      publicRateLimitPerMinute: options.publicRateLimitPerMinute ?? 1_000_000,
      publicUrl: "http://127.0.0.1:3000",
      // Issue #14: admins owe a second factor; the seeded demo admins have none, and only the MFA tests ask for it.
      adminMfaRequired: false,
    },
  });
  await app.ready();
  return app;
}

/** The HTTP app on a fresh database of its own (test/support/testDatabase.ts), seeded with the demo province. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase({ seeded: options.seed ?? true });
  try {
    const app = await buildTestApp(database, options);
    return {
      app,
      database,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
