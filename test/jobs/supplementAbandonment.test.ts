import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { runSupplementAbandonment } from "../../src/jobs/supplementAbandonment.ts";
import type { ExistingDossierCommand } from "../../src/services/dossiers/runDossierCommand.ts";
import { runDossierCommand } from "../../src/services/dossiers/runDossierCommand.ts";
import { availableForms } from "../../src/services/forms/availableForms.ts";
import { demoUserIds, submitBirthRegistration } from "../support/dossierFixtures.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

/** Province wall-clock time (+07:00): November–December 2026, no holiday. */
const at = (date: string, time: string) => new Date(`2026-${date}T${time}:00+07:00`);

describe("runSupplementAbandonment (R-SUPP-4, issue #12 §4)", () => {
  let handle: DatabaseHandle;
  let users: Record<string, string>;
  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    users = await demoUserIds(handle.db);
  }, 120_000);
  afterAll(async () => handle?.close());

  const command = (dossierId: string, cmd: ExistingDossierCommand, now: Date) =>
    runDossierCommand(handle.db, {
      dossierId,
      command: cmd,
      actor: { role: "counterOfficer", id: users["motcua.trungtam"]! },
      author: { userId: users["motcua.trungtam"]!, role: "counter_officer" },
      now,
      authorize: () => {},
    });
  /** An online dossier the counter asked to complete on Monday 23 November 09:00 (1 → 5, R-RECV-6). */
  const waiting = async () => {
    const { row } = await submitBirthRegistration(handle.db, users["congdan.demo"]!, at("11-23", "08:00"));
    await command(
      row.id,
      { type: "requestSupplementAtReception", reason: "Thiếu giấy tờ", items: ["Giấy chứng sinh"] },
      at("11-23", "09:00"),
    );
    return row.id;
  };
  const dossier = (id: string) =>
    handle.db.selectFrom("dossiers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const events = (id: string) =>
    handle.db
      .selectFrom("dossier_events")
      .selectAll()
      .where("dossier_id", "=", id)
      .where("type", "=", "closedForMissingSupplement")
      .execute();

  it("stops the dossier 15 working days after the request, not a minute before, with its event, outbox row and stop notice", async () => {
    const id = await waiting();
    // 15 working days after Monday 23 November 09:00 → Monday 14 December 09:00.
    expect((await runSupplementAbandonment(handle.db, at("12-14", "08:59"))).stopped).toBe(0);
    expect((await dossier(id)).status).toBe(5);
    const counts = await runSupplementAbandonment(handle.db, at("12-14", "09:00"));
    expect(counts.stopped).toBe(1);
    const row = await dossier(id);
    expect(row).toMatchObject({ status: 8 });
    expect(row.closed_at?.toISOString()).toBe(at("12-14", "09:00").toISOString());
    const [event] = await events(id);
    expect(event).toMatchObject({ from_status: 5, to_status: 8, actor_role: "system", actor_user_id: null });
    expect(event!.payload).toMatchObject({ notice: "stop-notice" });
    const outbox = await handle.db
      .selectFrom("outbox")
      .selectAll()
      .where("dossier_id", "=", id)
      .where("event_sequence", "=", event!.sequence)
      .execute();
    expect(outbox).toHaveLength(1);
    const history = await handle.db
      .selectFrom("dossier_events")
      .select(["sequence", "type", "at"])
      .where("dossier_id", "=", id)
      .orderBy("sequence")
      .execute();
    expect(availableForms({ receivedAt: null }, history)).toContain("stop-notice");
    // Nothing more on a later run.
    expect((await runSupplementAbandonment(handle.db, at("12-20", "09:00"))).stopped).toBe(0);
    expect(await events(id)).toHaveLength(1);
  });

  it("the configured days apply per offering (R-SUPP-4 [M] configurable)", async () => {
    const id = await waiting();
    const { offering_id } = await dossier(id);
    await handle.db
      .insertInto("offering_rule_options")
      .values({ offering_id, options: JSON.stringify({ abandonmentWorkingDays: 1 }) })
      .execute();
    try {
      expect((await runSupplementAbandonment(handle.db, at("11-24", "09:00"))).stopped).toBe(1);
      expect((await dossier(id)).status).toBe(8);
    } finally {
      await handle.db.deleteFrom("offering_rule_options").execute();
    }
  });

  it("two concurrent runs, twice: each dossier is stopped exactly once", async () => {
    const ids = [await waiting(), await waiting(), await waiting()];
    const now = at("12-15", "10:00");
    for (let round = 0; round < 2; round++) {
      const [first, second] = await Promise.all([
        runSupplementAbandonment(handle.db, now, { batchSize: 1 }),
        runSupplementAbandonment(handle.db, now, { batchSize: 1 }),
      ]);
      if (round === 0) expect(first.stopped + second.stopped).toBe(3);
      else expect(first.stopped + second.stopped).toBe(0);
    }
    for (const id of ids) {
      expect((await dossier(id)).status).toBe(8);
      expect(await events(id)).toHaveLength(1);
    }
  });
});
