import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { runDeadlineWatch } from "../../src/jobs/deadlineWatch.ts";
import type { ExistingDossierCommand } from "../../src/services/dossiers/runDossierCommand.ts";
import { runDossierCommand } from "../../src/services/dossiers/runDossierCommand.ts";
import { demoUserIds, submitBirthRegistration } from "../support/dossierFixtures.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

/** Province wall-clock time (+07:00) in November 2026: Monday 23 … Friday 27, no holiday. */
const at = (day: number, time: string) => new Date(`2026-11-${day}T${time}:00+07:00`);

describe("runDeadlineWatch (issue #4, R-RECV-1, R-LATE-1)", () => {
  let handle: DatabaseHandle;
  let users: Record<string, string>;
  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    users = await demoUserIds(handle.db);
  });
  afterAll(async () => handle.close());

  const submit = async (now: Date) =>
    (await submitBirthRegistration(handle.db, users["congdan.demo"]!, now)).row;
  const command = (dossierId: string, cmd: ExistingDossierCommand, now: Date) =>
    runDossierCommand(handle.db, {
      dossierId,
      command: cmd,
      actor: { role: "counterOfficer", id: users["motcua.trungtam"]! },
      author: { userId: users["motcua.trungtam"]!, role: "counter_officer" },
      now,
      authorize: () => {},
    });
  const watchEvents = (dossierId: string) =>
    handle.db
      .selectFrom("dossier_events")
      .select([
        "sequence",
        "type",
        "payload",
        "actor_role",
        "actor_user_id",
        "from_status",
        "to_status",
        "step",
      ])
      .where("dossier_id", "=", dossierId)
      .where("type", "in", ["dueSoon", "overdue"])
      .orderBy("sequence")
      .execute();

  it("R-RECV-1: the reception deadline (8 wh after submission) is due soon 4 wh before and overdue at the instant, once each", async () => {
    // Submitted Monday 09:00: the counter must answer by Tuesday 09:00.
    const dossier = await submit(at(23, "09:00"));
    expect(dossier.reception_due_at?.toISOString()).toBe(at(24, "09:00").toISOString());
    const options = { dueSoonWorkingHours: 8 };

    // Monday 14:59 is 4 h 01 min of working time before Tuesday 09:00 (14:59–17:00, 07:00–09:00).
    await runDeadlineWatch(handle.db, at(23, "14:59"), options);
    expect(await watchEvents(dossier.id)).toEqual([]);
    await runDeadlineWatch(handle.db, at(23, "15:00"), options);
    await runDeadlineWatch(handle.db, at(23, "15:00"), options);
    await runDeadlineWatch(handle.db, at(24, "08:59"), options);
    expect(await watchEvents(dossier.id)).toEqual([
      {
        sequence: 2,
        type: "dueSoon",
        payload: { deadline: "reception", dueAt: at(24, "09:00").toISOString() },
        actor_role: "system",
        actor_user_id: null,
        from_status: 1,
        to_status: 1,
        step: null,
      },
    ]);
    await runDeadlineWatch(handle.db, at(24, "09:00"), options);
    await runDeadlineWatch(handle.db, at(24, "16:00"), options);
    const events = await watchEvents(dossier.id);
    expect(events.map((event) => [event.sequence, event.type])).toEqual([
      [2, "dueSoon"],
      [3, "overdue"],
    ]);

    // Version bumped like any change, one outbox row per event, the mark kept on the dossier.
    const row = await handle.db
      .selectFrom("dossiers")
      .select(["version", "deadline_watch"])
      .where("id", "=", dossier.id)
      .executeTakeFirstOrThrow();
    expect(row.version).toBe(3);
    expect(row.deadline_watch).toEqual({
      reception: { level: "overdue", dueAt: at(24, "09:00").toISOString() },
    });
    const outbox = await handle.db
      .selectFrom("outbox")
      .select(["event_sequence", "topic", "payload"])
      .where("dossier_id", "=", dossier.id)
      .orderBy("event_sequence")
      .execute();
    expect(outbox.map((message) => message.event_sequence)).toEqual([1, 2, 3]);
    expect(outbox[2]).toMatchObject({
      topic: "dossier.event",
      payload: { type: "overdue", sequence: 3, deadline: "reception", code: dossier.code },
    });
  });

  it("the processing deadline: due soon exactly DUE_SOON_WORKING_HOURS before on the agency calendar, then overdue", async () => {
    const dossier = await submit(at(23, "09:00"));
    // Accepted Monday 10:00 with 1 working day: due Tuesday 10:00 (R-CAL-7).
    const accepted = await command(dossier.id, { type: "accept" }, at(23, "10:00"));
    expect(accepted.row.due_at?.toISOString()).toBe(at(24, "10:00").toISOString());
    const options = { dueSoonWorkingHours: 4 };
    await runDeadlineWatch(handle.db, at(23, "15:59"), options);
    expect(await watchEvents(dossier.id)).toEqual([]);
    await runDeadlineWatch(handle.db, at(23, "16:00"), options);
    expect((await watchEvents(dossier.id)).map((event) => [event.type, event.payload])).toEqual([
      ["dueSoon", { deadline: "processing", dueAt: at(24, "10:00").toISOString() }],
    ]);
    await runDeadlineWatch(handle.db, at(24, "09:59"), options);
    await runDeadlineWatch(handle.db, at(24, "10:00"), options);
    await runDeadlineWatch(handle.db, at(25, "10:00"), options);
    expect((await watchEvents(dossier.id)).map((event) => event.type)).toEqual(["dueSoon", "overdue"]);
  });

  it("a deadline found already past gets one overdue event, not both levels", async () => {
    const dossier = await submit(at(23, "09:00"));
    await command(dossier.id, { type: "accept" }, at(23, "10:00"));
    await runDeadlineWatch(handle.db, at(24, "10:30"), { dueSoonWorkingHours: 8 });
    expect((await watchEvents(dossier.id)).map((event) => event.type)).toEqual(["overdue"]);
  });

  it("watches open tasks and unanswered consultations on their agency's calendar, marking each once", async () => {
    const dossier = await submit(at(23, "09:00"));
    await command(dossier.id, { type: "accept" }, at(23, "10:00"));
    const unit = await handle.db
      .selectFrom("units")
      .select(["id", "agency_id"])
      .where("agency_id", "=", dossier.agency_id)
      .where("code", "=", "PVHXH")
      .executeTakeFirstOrThrow();
    const task = await handle.db
      .insertInto("tasks")
      .values({
        dossier_id: dossier.id,
        agency_id: unit.agency_id,
        step: "appraisal",
        unit_id: unit.id,
        role: "specialist",
        status: "open",
        created_at: at(23, "10:00"),
        due_at: at(25, "10:00"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const consultation = await handle.db
      .insertInto("consultations")
      .values({
        dossier_id: dossier.id,
        agency_id: dossier.agency_id,
        requested_by: users["chuyenvien.trungtam"]!,
        requested_at: at(23, "10:00"),
        to_agency_id: dossier.agency_id,
        question: "Xác minh nơi cư trú",
        due_at: at(25, "14:00"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const options = { dueSoonWorkingHours: 4 };
    // Tuesday 16:00 is 4 wh before Wednesday 10:00 (16:00–17:00, 07:00–10:00): the task is due soon.
    await runDeadlineWatch(handle.db, at(24, "15:59"), options);
    const before = await watchEvents(dossier.id);
    expect(before.filter((event) => (event.payload as { deadline: string }).deadline === "task")).toEqual([]);
    await runDeadlineWatch(handle.db, at(24, "16:00"), options);
    await runDeadlineWatch(handle.db, at(24, "16:00"), options);
    // Wednesday 08:00 is 4 wh before 14:00 (08:00–11:30, 13:30–14:00): the consultation is due soon from then.
    await runDeadlineWatch(handle.db, at(25, "07:59"), options);
    const consultationSeen = async () =>
      (await watchEvents(dossier.id)).filter(
        (event) => (event.payload as { deadline: string }).deadline === "consultation",
      );
    expect(await consultationSeen()).toEqual([]);
    await runDeadlineWatch(handle.db, at(25, "08:00"), options);
    await runDeadlineWatch(handle.db, at(25, "10:00"), options);
    await runDeadlineWatch(handle.db, at(25, "14:00"), options);
    await runDeadlineWatch(handle.db, at(26, "14:00"), options);
    const events = (await watchEvents(dossier.id)).filter(
      (event) => (event.payload as { deadline: string }).deadline !== "processing",
    );
    expect(events.map((event) => [event.type, event.payload, event.step])).toEqual([
      ["dueSoon", { deadline: "task", dueAt: at(25, "10:00").toISOString(), taskId: task.id }, "appraisal"],
      [
        "dueSoon",
        {
          deadline: "consultation",
          dueAt: at(25, "14:00").toISOString(),
          consultationId: consultation.id,
        },
        null,
      ],
      ["overdue", { deadline: "task", dueAt: at(25, "10:00").toISOString(), taskId: task.id }, "appraisal"],
      [
        "overdue",
        {
          deadline: "consultation",
          dueAt: at(25, "14:00").toISOString(),
          consultationId: consultation.id,
        },
        null,
      ],
    ]);
    const marks = await Promise.all([
      handle.db.selectFrom("tasks").select("watch").where("id", "=", task.id).executeTakeFirstOrThrow(),
      handle.db
        .selectFrom("consultations")
        .select("watch")
        .where("id", "=", consultation.id)
        .executeTakeFirstOrThrow(),
    ]);
    expect(marks).toEqual([{ watch: "overdue" }, { watch: "overdue" }]);
  });

  it("a moved deadline (extension, R-LATE-2) is watched afresh; finished dossiers are never marked", async () => {
    const extended = await submit(at(23, "09:00"));
    await command(extended.id, { type: "accept" }, at(23, "10:00"));
    await runDeadlineWatch(handle.db, at(24, "09:00"), { dueSoonWorkingHours: 4 });
    expect((await watchEvents(extended.id)).map((event) => event.type)).toEqual(["dueSoon"]);
    // The appointment moves to Thursday 10:00 (as an extension or a completed supplement does, through the rules).
    await handle.db
      .updateTable("dossiers")
      .set({ due_at: at(26, "10:00") })
      .where("id", "=", extended.id)
      .execute();
    await runDeadlineWatch(handle.db, at(24, "10:30"), { dueSoonWorkingHours: 4 });
    expect((await watchEvents(extended.id)).map((event) => event.type)).toEqual(["dueSoon"]);
    await runDeadlineWatch(handle.db, at(25, "16:00"), { dueSoonWorkingHours: 4 });
    expect((await watchEvents(extended.id)).map((event) => [event.type, event.payload])).toEqual([
      ["dueSoon", { deadline: "processing", dueAt: at(24, "10:00").toISOString() }],
      ["dueSoon", { deadline: "processing", dueAt: at(26, "10:00").toISOString() }],
    ]);

    const refused = await submit(at(23, "09:00"));
    await command(refused.id, { type: "refuse", reasons: ["Hồ sơ không thuộc thẩm quyền"] }, at(23, "09:30"));
    await runDeadlineWatch(handle.db, at(30, "09:00"), { dueSoonWorkingHours: 8 });
    expect(await watchEvents(refused.id)).toEqual([]);
  });

  it("two workers running at once mark each dossier exactly once (FOR UPDATE SKIP LOCKED)", async () => {
    const dossiers = [];
    for (let i = 0; i < 12; i++) dossiers.push(await submit(at(26, "09:00")));
    // Thursday 09:00 + 8 wh = Friday 09:00; both workers look at Friday 09:30, in batches of 3.
    const now = at(27, "09:30");
    const options = { dueSoonWorkingHours: 8, batchSize: 3 };
    const [first, second, third] = await Promise.all([
      runDeadlineWatch(handle.db, now, options),
      runDeadlineWatch(handle.db, now, options),
      runDeadlineWatch(handle.db, now, options),
    ]);
    for (const dossier of dossiers) {
      expect((await watchEvents(dossier.id)).map((event) => event.type)).toEqual(["overdue"]);
    }
    expect(
      first.reception.overdue + second.reception.overdue + third.reception.overdue,
    ).toBeGreaterThanOrEqual(dossiers.length);
    // A later pass finds nothing left to do for them.
    await runDeadlineWatch(handle.db, now, options);
    for (const dossier of dossiers) expect(await watchEvents(dossier.id)).toHaveLength(1);
    const versions = await handle.db
      .selectFrom("dossiers")
      .select("version")
      .where(
        "id",
        "in",
        dossiers.map((dossier) => dossier.id),
      )
      .execute();
    expect(versions.every((row) => row.version === 2)).toBe(true);
  });
});
