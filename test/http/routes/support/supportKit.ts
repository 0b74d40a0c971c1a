import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import { loginAs, TestClock, type TestSession } from "../../../support/authSession.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

/** One seeded database, the app on a settable clock, and the sessions the support and announcement tests use. */
export interface SupportKit {
  app: App;
  database: DatabaseHandle;
  clock: TestClock;
  sessions: Record<"citizen" | "business" | "support" | "admin" | "counter", TestSession>;
  close(): Promise<void>;
}

export const at = (local: string) => new Date(`${local}:00+07:00`);

export async function createSupportKit(start: Date): Promise<SupportKit> {
  const database = await createTestDatabase({ seeded: true });
  const clock = new TestClock(start);
  const app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    clock: clock.now,
    config: {
      logLevel: "silent",
      publicRateLimitPerMinute: 1_000_000,
      publicUrl: "http://127.0.0.1:3000",
      loginRateLimitPerMinute: 1_000_000,
      // The tests move the clock by hours and days: sessions must outlive that.
      sessionIdleMinutes: 60 * 24 * 60,
      sessionApplicantIdleMinutes: 60 * 24 * 60,
      sessionMaxHours: 24 * 60,
      // The system administrator acts here without enrolling a second factor (that has its own tests).
      adminMfaRequired: false,
      filesDir: join(mkdtempSync(join(tmpdir(), "onestop-files-")), "files"),
    },
  });
  await app.ready();
  const sessions = {
    citizen: await loginAs(app, "congdan.demo", "Demo@2026!CongDan"),
    business: await loginAs(app, "doanhnghiep.demo", "Demo@2026!DoanhNghiep"),
    support: await loginAs(app, "hotro.ttpvhcc", "Demo@2026!HoTroHCC"),
    admin: await loginAs(app, "quantri.hethong", "Demo@2026!QuanTriHT"),
    counter: await loginAs(app, "motcua.trungtam", "Demo@2026!MotCuaTT"),
  };
  return {
    app,
    database,
    clock,
    sessions,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
