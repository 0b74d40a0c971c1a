import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Database } from "../../../src/db/schema.ts";
import { fanOutOutbox, NOTIFICATION_CONSUMER } from "../../../src/services/notifications/fanOut.ts";
import { savePreferences } from "../../../src/services/notifications/preferences.ts";
import { demoUserIds, submitBirthRegistration } from "../../support/dossierFixtures.ts";
import { statementLog } from "../../support/statementLog.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/**
 * Issue #21: the fan-out turns a batch of outbox rows into notifications in one transaction, with one statement for
 * the claims, one for the events, one for the people and one for the rows — the same notifications as one event at
 * a time (R-LOOK-3, preferences honoured), each outbox row handled once per consumer however many dispatchers run.
 */
let handle: DatabaseHandle;
let db: Kysely<Database>;
let users: Record<string, string>;
const now = new Date("2026-11-30T02:00:00Z");

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  db = handle.db;
  users = await demoUserIds(db);
});
afterAll(async () => handle?.close());
// Each test starts with every earlier event handled.
beforeEach(async () => {
  await fanOutOutbox(db, now);
});

async function submitted(citizen: string, count: number) {
  const rows = [];
  for (let index = 0; index < count; index++)
    rows.push((await submitBirthRegistration(db, citizen, now)).row);
  return rows;
}

const notificationsOf = (dossierIds: string[]) =>
  db
    .selectFrom("notifications")
    .select(["dossier_id", "channel", "recipient_user_id", "language", "status"])
    .where("dossier_id", "in", dossierIds)
    .execute();

describe("a batch of events in one transaction (issue #21)", () => {
  it("each event gets its own notifications; an owner who turned every channel off gets none", async () => {
    const company = users["doanhnghiep.demo"]!;
    await savePreferences(
      db,
      company,
      { email: false, sms: false, social: false, socialHandle: null, language: "vi" },
      now,
    );
    try {
      const [first] = await submitted(users["congdan.demo"]!, 1);
      const [silent] = await submitted(company, 1);
      const [last] = await submitted(users["congdan.demo"]!, 1);
      const counts = await fanOutOutbox(db, now);
      expect(counts).toEqual({ events: 3, notifications: 4 });
      const rows = await notificationsOf([first!.id, silent!.id, last!.id]);
      expect(rows.filter((row) => row.dossier_id === silent!.id)).toEqual([]);
      for (const dossier of [first!, last!])
        expect(
          rows
            .filter((row) => row.dossier_id === dossier.id)
            .map((row) => [row.channel, row.recipient_user_id, row.language, row.status])
            .sort(),
        ).toEqual([
          ["email", users["congdan.demo"], "vi", "pending"],
          ["sms", users["congdan.demo"], "vi", "pending"],
        ]);
      // The silent owner's event is handled all the same: it is not looked at again.
      expect(await fanOutOutbox(db, now)).toEqual({ events: 0, notifications: 0 });
    } finally {
      await db.deleteFrom("notification_preferences").where("user_id", "=", company).execute();
    }
  });

  it("the statements do not grow with the batch: 2 events or 8, the same six", async () => {
    const statementsFor = async (events: number) => {
      await submitted(users["congdan.demo"]!, events);
      const probe = statementLog(db);
      expect(await fanOutOutbox(probe.db, now)).toEqual({ events, notifications: 2 * events });
      return probe.statements.length;
    };
    // The outbox's unhandled rows, the claims, the events, the people, the followers, the notifications.
    expect(await statementsFor(2)).toBe(6);
    expect(await statementsFor(8)).toBe(6);
  });

  it("a pass takes at most batchSize events, the next pass the rest, each once", async () => {
    const dossiers = await submitted(users["congdan.demo"]!, 3);
    expect(await fanOutOutbox(db, now, { batchSize: 2 })).toEqual({ events: 2, notifications: 4 });
    expect(await fanOutOutbox(db, now, { batchSize: 2 })).toEqual({ events: 1, notifications: 2 });
    expect(await notificationsOf(dossiers.map((row) => row.id))).toHaveLength(6);
  });
});

describe("two dispatchers on the same batch (DESIGN §6)", () => {
  it("each event is claimed by one of them and each notification exists once", async () => {
    const dossiers = await submitted(users["congdan.demo"]!, 6);
    const [a, b] = await Promise.all([fanOutOutbox(db, now), fanOutOutbox(db, now)]);
    expect(a.events + b.events).toBe(6);
    expect(a.notifications + b.notifications).toBe(12);
    const ids = dossiers.map((row) => row.id);
    expect(await notificationsOf(ids)).toHaveLength(12);
    const consumed = await db
      .selectFrom("outbox_consumptions as c")
      .innerJoin("outbox as o", "o.id", "c.outbox_id")
      .select("c.outbox_id")
      .where("c.consumer", "=", NOTIFICATION_CONSUMER)
      .where("o.dossier_id", "in", ids)
      .execute();
    expect(consumed).toHaveLength(6);
  });
});
