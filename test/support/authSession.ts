import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { type App, type AppDependencies, buildApp } from "../../src/http/app.ts";
import { createTestDatabase } from "./testDatabase.ts";

/** A session as a browser holds it: the cookie header to send and the CSRF token for unsafe methods. */
export interface TestSession {
  cookie: string;
  csrfToken: string;
  /** Headers for a request in this session (cookie + x-csrf-token). */
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Logs in through POST /api/auth/login; fails the test when the login is refused. */
export async function loginAs(app: App, username: string, password: string): Promise<TestSession> {
  const response = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { username, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === "onestop_session");
  if (!cookie) throw new Error("no session cookie");
  const body = response.json() as Record<string, unknown> & { csrfToken: string };
  const header = `onestop_session=${cookie.value}`;
  return {
    cookie: header,
    csrfToken: body.csrfToken,
    headers: { cookie: header, "x-csrf-token": body.csrfToken },
    body,
  };
}

/** A settable clock for tests of lockouts and session expiry. */
export class TestClock {
  constructor(public current: Date) {}
  readonly now = (): Date => this.current;
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

export interface AuthTestApp {
  app: App;
  database: DatabaseHandle;
  clock: TestClock;
  close(): Promise<void>;
}

/**
 * The app on a fresh seeded database with a test clock and account settings of the test's choosing (the login rate
 * limit is high unless the test sets it). `register` adds test routes before `ready()`.
 */
export async function createAuthTestApp(
  options: {
    config?: Partial<AppDependencies["config"]>;
    start?: Date;
    register?: (app: App) => void | Promise<void>;
  } = {},
): Promise<AuthTestApp> {
  const database = await createTestDatabase({ seeded: true });
  const clock = new TestClock(options.start ?? new Date("2026-03-02T02:00:00Z"));
  try {
    const app = await buildApp({
      db: database.db,
      databaseKind: database.kind,
      clock: clock.now,
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        publicUrl: "http://127.0.0.1:3000",
        loginRateLimitPerMinute: 1_000_000,
        // Uploaded files go to a temporary folder, never into the repository's ./var.
        filesDir: join(mkdtempSync(join(tmpdir(), "onestop-files-")), "files"),
        // Issue #14: admins owe a second factor; the seeded demo admins have none, and only the MFA tests ask for it.
        adminMfaRequired: false,
        ...options.config,
      },
    });
    await options.register?.(app);
    await app.ready();
    return {
      app,
      database,
      clock,
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
