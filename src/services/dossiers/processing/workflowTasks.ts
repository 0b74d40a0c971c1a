import { type Kysely, type RawBuilder, type Selectable, sql, type Transaction } from "kysely";
import { bindSlots, compiledOnce, slot, slotted } from "../../../db/compiledOnce.ts";
import type { TasksTable } from "../../../db/dossierTables.ts";
import type { Database } from "../../../db/schema.ts";
import type { WorkingCalendar } from "../../../domain/calendar/types.ts";
import { provinceLocalDate } from "../../../domain/codes/provinceDate.ts";
import { latestVersion } from "../../workflows/workflowStore.ts";
import type { DossierRecord, DossierRow } from "../dossierStore.ts";
import { DEFAULT_WORKFLOW, loadWorkflowFor, type WorkflowStep } from "./defaultWorkflow.ts";

export type TaskRow = Selectable<TasksTable>;

/** The judgement of one handover on the process control sheet (R-PROC-5). */
export type HandoverTiming = "early" | "onTime" | "late";

/**
 * Early: handed over on a day before the task's due day; on time: by the due instant on the due day; late: after it
 * (R-PROC-5). Days are the province's civil dates, as the paper control sheet counts them.
 */
export function handoverTiming(dueAt: Date | null, completedAt: Date | null): HandoverTiming | null {
  if (!dueAt || !completedAt) return null;
  if (completedAt > dueAt) return "late";
  return provinceLocalDate(completedAt) < provinceLocalDate(dueAt) ? "early" : "onTime";
}

/** The dossier's open task (one at a time: consultations are rows of their own; the newest if history left more). */
export async function findOpenTask(db: Kysely<Database>, dossierId: string): Promise<TaskRow | undefined> {
  // Issue #21: built and compiled once per process (compiledOnce), run with this dossier's id.
  const query = compiledOnce("findOpenTask", db, (db) =>
    db
      .selectFrom("tasks")
      .selectAll()
      .where("dossier_id", "=", slot("dossierId"))
      .where("status", "=", "open")
      .orderBy("created_at", "desc"),
  );
  return (await db.executeQuery(bindSlots(query, { dossierId }))).rows[0];
}

/**
 * When a step's task is due, on the agency calendar, counted from when the step starts and never after the
 * appointment itself: a configured step's own duration in working hours (R-PROC-1, 0.25 / 0.5 day…), or for the
 * built-in default its share of the dossier's whole processing time (reception → appointment).
 */
export function stepDueAt(
  calendar: WorkingCalendar,
  row: DossierRow,
  step: Pick<WorkflowStep, "share" | "hours">,
  startAt: Date,
): Date | null {
  if (!row.received_at || !row.due_at) return null;
  const hours =
    step.hours ?? Math.max(0, calendar.workingHoursBetween(row.received_at, row.due_at)) * step.share;
  const due = calendar.addWorkingHours(calendar.normalizeStart(startAt), hours);
  return new Date(Math.min(due.getTime(), row.due_at.getTime()));
}

/** The unit a step's task goes to when the step names a kind of unit and not a person. */
export async function unitForStep(
  db: Kysely<Database>,
  step: WorkflowStep,
  agencyId: string,
): Promise<string | null> {
  if (step.unit === "assignee") return null;
  // Issue #21: built and compiled once per process for each kind of unit (compiledOnce), run with the step's role
  // and agency.
  const kind = step.unit;
  const query = compiledOnce(`unitForStep:${kind}`, db, (db) =>
    unitsOfStep(db, { unit: kind, role: slot("role") as WorkflowStep["role"] }, kind, slot("agencyId")),
  );
  const units = (await db.executeQuery(bindSlots(query, { role: step.role, agencyId }))).rows;
  return units.length === 1 ? units[0]!.id : null;
}

/**
 * `unitForStep` as one column of the caller's own statement (issue #21: no round trip of its own): the only unit the
 * step may go to, or null (none, several, or a step given to a person).
 */
export function unitForStepColumn(
  db: Kysely<Database>,
  step: WorkflowStep,
  agencyId: string,
): RawBuilder<string | null> {
  if (step.unit === "assignee") return sql<string | null>`null::uuid`;
  return sql<
    string | null
  >`(select case when count(*) = 1 then (array_agg(candidates.id))[1] end from (${unitsOfStep(db, step, step.unit, agencyId)}) as candidates)`;
}

/** The units of `agencyId` a step's task may go to, in code order (`unitForStep`). */
function unitsOfStep(
  db: Kysely<Database>,
  step: Pick<WorkflowStep, "unit" | "role">,
  kind: Exclude<WorkflowStep["unit"], "assignee">,
  agencyId: string,
) {
  return (
    db
      .selectFrom("units")
      .select(["id"])
      .where("agency_id", "=", agencyId)
      .where("kind", "=", kind)
      // A professional unit receives the step only when one of its people holds the step's role; several such units
      // (no procedure → unit mapping yet) leave the task to the role across the agency.
      .$if(step.unit === "professional", (query) =>
        query.where((eb) =>
          eb.exists(
            eb
              .selectFrom("role_grants as g")
              .innerJoin("users as u", "u.id", "g.user_id")
              .select("g.id")
              .whereRef("g.unit_id", "=", "units.id")
              .where("g.role", "=", step.role)
              .where("u.is_active", "=", true),
          ),
        ),
      )
      .orderBy("code")
  );
}

export function stepAgencyId(step: WorkflowStep, row: DossierRow): string {
  if (typeof step.agency === "object") return step.agency.agencyId;
  return step.agency === "deciding" ? row.deciding_agency_id : row.agency_id;
}

/** "Same person as step X": whoever was given, or else handed over, that step's latest task (R-PROC-1). */
async function samePersonAs(
  trx: Transaction<Database>,
  row: DossierRow,
  step: string,
): Promise<string | null> {
  const task = await trx
    .selectFrom("tasks")
    .select(["assignee_id", "handed_over_by"])
    .where("dossier_id", "=", row.id)
    .where("step", "=", step)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  return task?.assignee_id ?? task?.handed_over_by ?? null;
}

export interface OpenTaskInput {
  row: DossierRow;
  step: WorkflowStep;
  calendar: WorkingCalendar;
  now: Date;
  unitId: string | null;
  assigneeId: string | null;
  dueAt?: Date | null;
}

export async function openTask(trx: Transaction<Database>, input: OpenTaskInput): Promise<TaskRow> {
  const { row, step, now } = input;
  const assigneeId = input.assigneeId ?? (step.sameAs ? await samePersonAs(trx, row, step.sameAs) : null);
  // Issue #21: built and compiled once per process for each set of columns (compiledOnce), run with these values.
  const bound: Record<string, unknown> = {};
  const written = slotted(
    "",
    {
      dossier_id: row.id,
      agency_id: stepAgencyId(step, row),
      step: step.step,
      unit_id: input.unitId,
      role: step.role,
      assignee_id: assigneeId,
      status: "open" as const,
      created_at: now,
      due_at: input.dueAt !== undefined ? input.dueAt : stepDueAt(input.calendar, row, step, now),
    },
    bound,
  );
  const query = compiledOnce(`openTask:${written.shape}`, trx, (db) =>
    db.insertInto("tasks").values(written.slots).returningAll(),
  );
  const task = (await trx.executeQuery(bindSlots(query, bound))).rows[0];
  if (!task) throw new Error("the task's insert returned no row");
  return task;
}

/** Closes a task with its outcome and who handed it over: one line of the control sheet (R-PROC-5). */
export async function closeTask(
  trx: Transaction<Database>,
  task: TaskRow,
  input: { now: Date; outcome: string; by: string | null; status?: "done" | "cancelled" },
): Promise<void> {
  // Issue #21: built and compiled once per process (compiledOnce), run with this task's values.
  const query = compiledOnce("closeTask", trx, (db) =>
    db
      .updateTable("tasks")
      .set({
        status: slot("status") as "done",
        completed_at: slot("completedAt") as unknown as Date,
        outcome: slot("outcome"),
        handed_over_by: slot("by"),
      })
      .where("id", "=", slot("id")),
  );
  await trx.executeQuery(
    bindSlots(query, {
      status: input.status ?? "done",
      completedAt: input.now,
      outcome: input.outcome,
      by: input.by,
      id: task.id,
    }),
  );
}

/**
 * Pins a dossier that has no workflow version yet to the one in force for its offering (R-CAT-4): from then on it
 * runs on that version to its end, whatever is published later. The in-memory record follows, so the command that
 * pinned it decides on the same version.
 */
export async function pinWorkflowVersion(trx: Transaction<Database>, record: DossierRecord): Promise<void> {
  if (record.row.workflow_version_id) return;
  const version = await latestVersion(trx, record.row.offering_id);
  if (!version) return;
  await trx
    .updateTable("dossiers")
    .set({ workflow_version_id: version.id })
    .where("id", "=", record.row.id)
    .execute();
  record.row.workflow_version_id = version.id;
}

/**
 * The task of the workflow's first step, opened when the counter transfers the dossier to the deciding agency
 * (R-XFER-1 → R-PROC-1), which is when the dossier is pinned to its workflow version. A dossier transferred without
 * it gets both from the first command of processing (`currentTask`).
 */
export async function openFirstStep(
  trx: Transaction<Database>,
  record: DossierRecord,
  calendar: WorkingCalendar,
  now: Date,
): Promise<TaskRow> {
  await pinWorkflowVersion(trx, record);
  const first = (await loadWorkflowFor(trx, record.row)).steps[0] ?? DEFAULT_WORKFLOW.steps[0]!;
  return openTask(trx, {
    row: record.row,
    step: first,
    calendar,
    now,
    unitId: await unitForStep(trx, first, stepAgencyId(first, record.row)),
    assigneeId: null,
  });
}

/**
 * The open task of a dossier under status 4. A dossier transferred without a task (the transfer did not open one)
 * gets its first step's task, dated from the transfer, so the control sheet has no gap. `known` is the open task
 * the caller already read in this transaction (null: none; issue #21), read here when not given.
 */
export async function currentTask(
  trx: Transaction<Database>,
  record: DossierRecord,
  calendar: WorkingCalendar,
  known?: TaskRow | null,
): Promise<TaskRow | undefined> {
  const open = known !== undefined ? (known ?? undefined) : await findOpenTask(trx, record.row.id);
  if (open) return open;
  if (record.row.status !== 4) return undefined;
  const done = await trx
    .selectFrom("tasks")
    .select("id")
    .where("dossier_id", "=", record.row.id)
    .executeTakeFirst();
  if (done) return undefined;
  const since = record.state.transferredAt ?? record.state.receivedAt ?? record.state.lastChangedAt;
  return openFirstStep(trx, record, calendar, since);
}
