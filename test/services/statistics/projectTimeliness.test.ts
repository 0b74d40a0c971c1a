import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { findActor } from "../../../src/services/accounts/actor.ts";
import { acceptDossier } from "../../../src/services/dossiers/counter/acceptDossier.ts";
import { liveCounts } from "../../../src/services/statistics/liveCounts.ts";
import { projectTimeliness } from "../../../src/services/statistics/projectTimeliness.ts";
import { demoUserIds, submitBirthRegistration } from "../../support/dossierFixtures.ts";
import { runCli } from "../../support/runCli.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

describe("the projection follows the dossier's commands; the CLI publishes a month", () => {
  let handle: DatabaseHandle;
  let folder: string;
  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    folder = mkdtempSync(join(tmpdir(), "onestop-statistics-"));
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("a command marks the dossier pending; the projector classifies it once; live counts see it at once", async () => {
    const db = handle.db;
    const users = await demoUserIds(db);
    const submittedAt = new Date("2026-11-23T09:00:00+07:00");
    const { row } = await submitBirthRegistration(db, users["congdan.demo"]!, submittedAt);
    const pending = async () =>
      await db
        .selectFrom("dossiers")
        .select(["timeliness_pending", "timeliness_verdict"])
        .where("id", "=", row.id)
        .executeTakeFirstOrThrow();
    expect((await pending()).timeliness_pending).toBe(true);
    const before = await liveCounts(db, { agencyIds: null }, new Date("2026-11-23T10:00:00+07:00"));
    expect(before.totals.waitingReception).toBe(1);

    expect(
      await projectTimeliness(db, { now: new Date("2026-11-23T10:00:00+07:00") }),
    ).toBeGreaterThanOrEqual(1);
    // Not accepted yet: not counted by R-KPI-4.
    expect(await pending()).toEqual({ timeliness_pending: false, timeliness_verdict: "notApplicable" });
    expect(await projectTimeliness(db, { now: new Date("2026-11-23T10:00:00+07:00") })).toBe(0);

    const counter = (await findActor(db, users["motcua.trungtam"]!))!;
    await acceptDossier(db, {
      dossierId: row.id,
      actor: counter,
      now: new Date("2026-11-23T10:30:00+07:00"),
    });
    expect((await pending()).timeliness_pending).toBe(true);
    const after = await liveCounts(db, { agencyIds: null }, new Date("2026-11-23T10:31:00+07:00"));
    expect([after.totals.waitingReception, after.totals.inProcess]).toEqual([0, 1]);
    await projectTimeliness(db, { now: new Date("2026-11-23T10:31:00+07:00") });
    // Accepted and still open: no verdict until processing ends.
    expect(await pending()).toEqual({ timeliness_pending: false, timeliness_verdict: null });
  });

  it("onestop jobs publish-late-list --month publishes once and then says it was published", () => {
    const dataDir = join(folder, "db");
    const first = runCli(["jobs", "publish-late-list", "--month", "2026-01"], dataDir);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("Đã công bố danh sách trễ hạn tháng 2026-01.");
    expect(first.stdout).toContain("Cơ quan trễ hạn: 0; cá nhân trễ hạn: 0");
    const second = runCli(["jobs", "publish-late-list", "--month", "2026-01"], dataDir);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("Danh sách trễ hạn tháng 2026-01 đã được công bố lúc");
    const future = runCli(["jobs", "publish-late-list", "--month", "2999-01"], dataDir);
    expect(future.status).toBe(2);
    expect(future.stderr).toContain("month: Tháng 2999-01 chưa kết thúc");
    // Three runs of the real command, each opening (the first also creating) an embedded database.
  }, 240_000);
});
