import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { dossiersWithFeedbackOrDislike } from "../../../src/services/feedback/feedbackIndicators.ts";
import { classifyAtPeriodEnd } from "../../../src/services/kpi/periodTimeliness.ts";
import { demoUserIds } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { at, dossierThroughLifecycle } from "../evaluation/evaluationFixtures.ts";

/**
 * Issue #21: the 766 index and the month-end snapshot pass every handled dossier of a month to these readers. At 10M
 * dossiers a province's month holds more than 65,535 of them, the most bind parameters PostgreSQL's protocol can
 * count: one parameter per id failed there ("bind message has N parameter formats but 0 parameters").
 */
const MORE_THAN_THE_PROTOCOL_ALLOWS = 70_000;

let handle: DatabaseHandle;
let dossierId: string;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  const users = await demoUserIds(handle.db);
  dossierId = await dossierThroughLifecycle(handle.db, users, {
    acceptedAt: at("2026-11-23T09:00"),
    approvedAt: at("2026-11-25T09:00"),
    returnedAt: at("2026-11-25T10:00"),
  });
});

afterAll(async () => {
  await handle?.close();
});

const manyIdsWith = (id: string) => {
  const ids: string[] = Array.from({ length: MORE_THAN_THE_PROTOCOL_ALLOWS }, () => randomUUID());
  ids.splice(MORE_THAN_THE_PROTOCOL_ALLOWS / 2, 0, id);
  return ids;
};

describe("readers of a month's dossiers at province scale (issue #21)", () => {
  it("classifies at the period's end one dossier among more ids than bind parameters allow (R-KPI-4)", async () => {
    const classified = await classifyAtPeriodEnd(handle.db, manyIdsWith(dossierId), at("2026-12-01T00:00"));
    expect(classified.map((dossier) => dossier.id)).toEqual([dossierId]);
    expect(classified[0]?.firstTerminalAt).toEqual(at("2026-11-25T09:00"));
  });

  it("counts 5.4's dossiers with feedback among as many ids (R-EVAL-4)", async () => {
    expect(await dossiersWithFeedbackOrDislike(handle.db, manyIdsWith(dossierId))).toBe(0);
    const dossier = await handle.db
      .selectFrom("dossiers")
      .select(["agency_id", "procedure_id", "owner_user_id"])
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto("evaluation_ratings")
      .values({
        dossier_id: dossierId,
        agency_id: dossier.agency_id,
        procedure_id: dossier.procedure_id,
        points: JSON.stringify({ "1": 0 }),
        satisfaction: "dissatisfied",
        channel: "portal",
        rated_by_user_id: dossier.owner_user_id,
        kiosk_officer_id: null,
        rated_at: at("2026-11-26T09:00"),
      })
      .execute();
    expect(await dossiersWithFeedbackOrDislike(handle.db, manyIdsWith(dossierId))).toBe(1);
  });
});
