import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import type { WorkingCalendar } from "../domain/calendar/types.ts";
import type { TimerDefinition } from "../domain/workflow/definition.ts";
import { timerKey, timerReached, timersOf } from "../domain/workflow/timers.ts";
import { loadWorkingCalendar } from "../services/calendar/loadCalendar.ts";
import { loadVersion } from "../services/workflows/workflowStore.ts";

export interface WorkflowTimerCounts {
  warned: number;
  escalated: number;
}

/** Far enough ahead for any timer's lead (at most 200 working hours before a due, by the API's bounds). */
const HORIZON_MS = 60 * 24 * 60 * 60 * 1000;

/**
 * The workflow timers (issue #6): for each open task of a dossier pinned to a published version, every timer of its
 * step whose instant has come — N working hours before or after the task's due, on the task agency's calendar —
 * fires once: a `timerWarned` event addressed to the task's holder, or a `timerEscalated` event addressed to the
 * head of the task's unit (R-PROC-3 "if late, inform"), with its outbox row, in one transaction with the firing
 * record. The firing's primary key (task, timer) makes it fire exactly once when several processes run the job at
 * the same time: the second insert waits for the first and then finds it, so it writes nothing.
 */
export async function runWorkflowTimers(db: Kysely<Database>, now: Date): Promise<WorkflowTimerCounts> {
  const counts: WorkflowTimerCounts = { warned: 0, escalated: 0 };
  const tasks = await db
    .selectFrom("tasks as t")
    .innerJoin("dossiers as d", "d.id", "t.dossier_id")
    .select([
      "t.id",
      "t.step",
      "t.agency_id",
      "t.unit_id",
      "t.role",
      "t.assignee_id",
      "t.due_at",
      "d.id as dossier_id",
      "d.workflow_version_id",
    ])
    .where("t.status", "=", "open")
    .where("t.due_at", "is not", null)
    .where("t.due_at", "<=", new Date(now.getTime() + HORIZON_MS))
    .where("d.workflow_version_id", "is not", null)
    .orderBy("t.due_at")
    .execute();
  const calendars = new Map<string, WorkingCalendar>();
  const calendarOf = async (agencyId: string) => {
    let calendar = calendars.get(agencyId);
    if (!calendar) {
      calendar = await loadWorkingCalendar(db, { id: agencyId });
      calendars.set(agencyId, calendar);
    }
    return calendar;
  };
  for (const task of tasks) {
    const version = await loadVersion(db, task.workflow_version_id!);
    if (!version) continue;
    const timers = timersOf(version.definition, task.step);
    if (timers.length === 0) continue;
    const calendar = await calendarOf(task.agency_id);
    for (const timer of timers) {
      if (!timerReached(calendar, now, task.due_at!, timer.offsetHours)) continue;
      if (await fire(db, { ...task, due_at: task.due_at! }, timer, now))
        counts[timer.kind === "warn" ? "warned" : "escalated"]++;
    }
  }
  return counts;
}

interface DueTask {
  id: string;
  step: string;
  agency_id: string;
  unit_id: string | null;
  role: string;
  assignee_id: string | null;
  due_at: Date;
  dossier_id: string;
}

/** Fires one timer on one task; false when it already fired (here or in another process) or the task moved on. */
async function fire(
  db: Kysely<Database>,
  task: DueTask,
  timer: TimerDefinition,
  now: Date,
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto("workflow_timer_firings")
      .values({ task_id: task.id, timer_key: timerKey(timer), fired_at: now })
      .onConflict((oc) => oc.columns(["task_id", "timer_key"]).doNothing())
      .returning("task_id")
      .executeTakeFirst();
    if (!inserted) return false;
    // The task may have been handed over since it was read: then its timers no longer apply. The firing row stays,
    // so a closed task is never looked at again for this timer.
    const open = await trx
      .selectFrom("tasks")
      .select("id")
      .where("id", "=", task.id)
      .where("status", "=", "open")
      .executeTakeFirst();
    if (!open) return false;
    const recipients = timer.kind === "warn" ? await holders(trx, task) : await unitHeads(trx, task);
    const dossier = await trx
      .updateTable("dossiers")
      .set({ version: sql`version + 1`, updated_at: now })
      .where("id", "=", task.dossier_id)
      .returning(["version", "status", "code", "agency_id"])
      .executeTakeFirstOrThrow();
    const type = timer.kind === "warn" ? "timerWarned" : "timerEscalated";
    const payload = {
      taskId: task.id,
      step: task.step,
      timer: { kind: timer.kind, offsetHours: timer.offsetHours },
      dueAt: task.due_at.toISOString(),
      recipients,
    };
    await trx
      .insertInto("dossier_events")
      .values({
        dossier_id: task.dossier_id,
        sequence: dossier.version,
        agency_id: task.agency_id,
        type,
        at: now,
        actor_user_id: null,
        actor_role: "system",
        from_status: dossier.status,
        to_status: dossier.status,
        step: task.step,
        payload: JSON.stringify(payload),
      })
      .execute();
    await trx
      .insertInto("outbox")
      .values({
        topic: "dossier.event",
        dossier_id: task.dossier_id,
        event_sequence: dossier.version,
        payload: JSON.stringify({
          dossierId: task.dossier_id,
          code: dossier.code,
          sequence: dossier.version,
          type,
          from: dossier.status,
          to: dossier.status,
          at: now.toISOString(),
          ...payload,
        }),
      })
      .execute();
    return true;
  });
}

/** Whom a warning goes to: the task's assignee, or whoever holds its role in its unit while it is unassigned. */
async function holders(db: Kysely<Database>, task: DueTask): Promise<string[]> {
  if (task.assignee_id) return [task.assignee_id];
  return officers(db, task.agency_id, task.role, task.unit_id);
}

/** Whom an escalation goes to: the head of the task's unit (the agency's unit heads when it names no unit). */
async function unitHeads(db: Kysely<Database>, task: DueTask): Promise<string[]> {
  const unitId =
    task.unit_id ??
    (task.assignee_id
      ? ((
          await db
            .selectFrom("role_grants")
            .select("unit_id")
            .where("user_id", "=", task.assignee_id)
            .where("agency_id", "=", task.agency_id)
            .where("unit_id", "is not", null)
            .executeTakeFirst()
        )?.unit_id ?? null)
      : null);
  return officers(db, task.agency_id, "unit_head", unitId);
}

async function officers(
  db: Kysely<Database>,
  agencyId: string,
  role: string,
  unitId: string | null,
): Promise<string[]> {
  const rows = await db
    .selectFrom("role_grants as g")
    .innerJoin("users as u", "u.id", "g.user_id")
    .select("u.id")
    .where("g.agency_id", "=", agencyId)
    .where("g.role", "=", role as never)
    .where("u.is_active", "=", true)
    .$if(unitId !== null, (q) =>
      q.where((eb) => eb.or([eb("g.unit_id", "=", unitId), eb("g.unit_id", "is", null)])),
    )
    .orderBy("u.id")
    .execute();
  return [...new Set(rows.map((row) => row.id))];
}
