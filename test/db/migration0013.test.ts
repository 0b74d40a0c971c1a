import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import * as migration from "../../src/db/migrations/0013_lookup_and_judged_appointment.ts";
import { dossierInProcessing } from "../services/dossiers/processing/processingFixtures.ts";
import { demoUserIds } from "../support/dossierFixtures.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

/**
 * Migration 0013 (R-LATE-3 clarified): verdicts projected before it judged extended dossiers against the extended
 * appointment; it marks exactly those pending so the projection classifies them again.
 */
describe("migration 0013_lookup_and_judged_appointment", () => {
  let handle: DatabaseHandle;
  const ids: { extended: string; plain: string } = { extended: "", plain: "" };
  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    const users = await demoUserIds(handle.db);
    ids.extended = await dossierInProcessing(handle.db, users, new Date("2026-11-23T09:00:00+07:00"));
    ids.plain = await dossierInProcessing(handle.db, users, new Date("2026-11-23T09:05:00+07:00"));
  });
  afterAll(async () => handle.close());

  it("marks every extended dossier's verdict pending and leaves the others; down and up again", async () => {
    await migration.down(handle.db as never);
    await handle.db
      .updateTable("dossiers")
      .set({ extended_due_at: new Date("2026-12-04T10:00:00Z") })
      .where("id", "=", ids.extended)
      .execute();
    await handle.db.updateTable("dossiers").set({ timeliness_pending: false }).execute();
    await migration.up(handle.db as never);
    const rows = await handle.db
      .selectFrom("dossiers")
      .select(["id", "timeliness_pending"])
      .where("id", "in", [ids.extended, ids.plain])
      .execute();
    expect(Object.fromEntries(rows.map((row) => [row.id, row.timeliness_pending]))).toEqual({
      [ids.extended]: true,
      [ids.plain]: false,
    });
    // The lookup token table is back, empty until the first token is asked for.
    expect(await handle.db.selectFrom("lookup_token_keys").selectAll().execute()).toEqual([]);
  });
});
