import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { findDossier } from "../../../src/services/dossiers/dossierStore.ts";
import { decideAndRecord, runDossierCommand } from "../../../src/services/dossiers/runDossierCommand.ts";
import { ConflictError } from "../../../src/services/errors.ts";
import { demoUserIds, submitBirthRegistration } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

// recordDecision writes the dossier, its events and their outbox messages in one statement (issue #21): the rows are
// those the separate statements wrote, and a stale version writes none of them (DESIGN §3, migration 0042: the
// (dossier, sequence) pair stays unique because the events follow the version check).

const monday = new Date("2026-11-23T09:00:00+07:00");

describe("recordDecision: the update, its events and its outbox messages in one statement", () => {
  let handle: DatabaseHandle;
  let users: Record<string, string>;
  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    users = await demoUserIds(handle.db);
  });
  afterAll(async () => handle.close());

  const accept = (dossierId: string) =>
    runDossierCommand(handle.db, {
      dossierId,
      command: { type: "accept" },
      actor: { role: "counterOfficer", id: users["motcua.trungtam"]! },
      author: { userId: users["motcua.trungtam"]!, role: "counter_officer" },
      now: new Date("2026-11-23T10:00:00+07:00"),
      authorize: () => {},
    });

  it("writes the event row and its outbox message as before, with the dossier's id, agency and code", async () => {
    const { row } = await submitBirthRegistration(handle.db, users["congdan.demo"]!, monday);
    const accepted = await accept(row.id);
    expect(accepted.row.version).toBe(2);
    expect(accepted.row.status).toBe(2);
    const event = await handle.db
      .selectFrom("dossier_events")
      .selectAll()
      .where("dossier_id", "=", row.id)
      .where("sequence", "=", 2)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      dossier_id: row.id,
      sequence: 2,
      agency_id: row.agency_id,
      type: "accepted",
      actor_user_id: users["motcua.trungtam"],
      actor_role: "counter_officer",
      from_status: 1,
      to_status: 2,
      step: null,
    });
    expect(event.at.toISOString()).toBe(new Date("2026-11-23T10:00:00+07:00").toISOString());
    // The rule's payload as an object (jsonb), not a string of it.
    expect(event.payload).toBeTypeOf("object");
    expect(Array.isArray(event.payload)).toBe(false);
    const messages = await handle.db
      .selectFrom("outbox")
      .select(["topic", "dossier_id", "event_sequence", "payload"])
      .where("dossier_id", "=", row.id)
      .orderBy("id")
      .execute();
    expect(messages.map((message) => message.event_sequence)).toEqual([1, 2]);
    expect(messages[1]).toEqual({
      topic: "dossier.event",
      dossier_id: row.id,
      event_sequence: 2,
      payload: {
        dossierId: row.id,
        code: row.code,
        sequence: 2,
        type: "accepted",
        from: 1,
        to: 2,
        at: new Date("2026-11-23T10:00:00+07:00").toISOString(),
      },
    });
  });

  it("a stale version updates nothing and inserts no event and no outbox message, even inside its transaction", async () => {
    const { row } = await submitBirthRegistration(handle.db, users["congdan.demo"]!, monday);
    const stale = (await findDossier(handle.db, row.id))!;
    await accept(row.id);
    const counts = (trx: typeof handle.db) =>
      sql<{ events: number; messages: number }>`
        select (select count(*)::int from dossier_events where dossier_id = ${row.id}) as events,
               (select count(*)::int from outbox where dossier_id = ${row.id}) as messages`
        .execute(trx)
        .then((result) => result.rows[0]!);
    const seen = await handle.db.transaction().execute(async (trx) => {
      const before = await counts(trx);
      const error = await decideAndRecord(trx, stale, {
        command: { type: "refuse", reasons: ["Hồ sơ không thuộc thẩm quyền"] },
        actor: { role: "counterOfficer", id: users["motcua.trungtam"]! },
        author: { userId: users["motcua.trungtam"]!, role: "counter_officer" },
        now: new Date("2026-11-23T10:30:00+07:00"),
      }).catch((caught: unknown) => caught);
      return { error, before, after: await counts(trx) };
    });
    expect(seen.error).toBeInstanceOf(ConflictError);
    expect((seen.error as ConflictError).code).toBe("STALE_DOSSIER");
    expect(seen.before).toEqual({ events: 2, messages: 2 });
    expect(seen.after).toEqual(seen.before);
    expect((await findDossier(handle.db, row.id))!.row.version).toBe(2);
  });
});
