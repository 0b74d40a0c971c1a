import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { startScheduler } from "../../src/jobs/scheduler.ts";
import { demoUserIds, submitBirthRegistration } from "../support/dossierFixtures.ts";
import { runCli } from "../support/runCli.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

describe("the job scheduler of onestop serve, and onestop jobs deadline-watch", () => {
  let handle: DatabaseHandle;
  let folder: string;
  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    folder = mkdtempSync(join(tmpdir(), "onestop-jobs-"));
  });
  afterAll(async () => {
    await handle.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("runs the deadline watch on its timer, never twice at once, and stops cleanly", async () => {
    const users = await demoUserIds(handle.db);
    const { row } = await submitBirthRegistration(
      handle.db,
      users["congdan.demo"]!,
      new Date("2026-11-23T09:00:00+07:00"),
    );
    const errors: unknown[] = [];
    const scheduler = startScheduler({
      db: handle.db,
      deadlineWatch: { dueSoonWorkingHours: 8 },
      clock: () => new Date("2026-11-24T09:30:00+07:00"),
      intervalMs: 20,
      log: { info: () => {}, error: (object) => errors.push(object) },
    });
    const events = () =>
      handle.db
        .selectFrom("dossier_events")
        .select("type")
        .where("dossier_id", "=", row.id)
        .where("type", "in", ["dueSoon", "overdue"])
        .execute();
    for (let attempt = 0; attempt < 100 && (await events()).length === 0; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await scheduler.stop();
    expect(errors).toEqual([]);
    expect(await events()).toEqual([{ type: "overdue" }]);
  });

  it("onestop jobs deadline-watch runs one pass on the configured database and prints the counts", () => {
    const result = runCli(["jobs", "deadline-watch"], join(folder, "db"));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Hạn tiếp nhận: 0 sắp đến hạn, 0 quá hạn");
    expect(result.stdout).toContain("Tổng số sự kiện đã ghi: 0");
    // A new process opens and migrates its own embedded database: tens of seconds on a busy 2-core machine.
  }, 120_000);
});
