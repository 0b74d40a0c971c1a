import type { Kysely, Transaction } from "kysely";
import { bindSlots, compiledOnce, slot } from "../../../db/compiledOnce.ts";
import type { Database } from "../../../db/schema.ts";
import type { WorkingCalendar } from "../../../domain/calendar/types.ts";
import type { Actor } from "../../accounts/actor.ts";
import type { DossierRow } from "../dossierStore.ts";
import type { WorkflowStep } from "./defaultWorkflow.ts";
import { closeTask, handoverTiming, openTask, stepDueAt, type TaskRow } from "./workflowTasks.ts";

/**
 * One handover between steps (R-PROC-5, the electronic Phiếu kiểm soát): the giver's task closes with its outcome,
 * the receiver's task opens with its own due instant. Planned before the rules decide, so the event can carry it.
 */
export interface HandoverPlan {
  task: TaskRow;
  /** The next step's task; none when the dossier leaves the workflow (a stop). */
  to?: {
    step: WorkflowStep;
    unitId: string | null;
    assigneeId: string | null;
    assigneeName: string | null;
    dueAt: Date | null;
  };
  /** assigned, reassigned, forwarded, sentBack, approved, refused. */
  outcome: string;
}

export function planTo(
  row: DossierRow,
  calendar: WorkingCalendar,
  now: Date,
  step: WorkflowStep,
  receiver: {
    unitId: string | null;
    assigneeId: string | null;
    assigneeName: string | null;
    dueAt?: Date | null;
  },
): NonNullable<HandoverPlan["to"]> {
  return {
    step,
    unitId: receiver.unitId,
    assigneeId: receiver.assigneeId,
    assigneeName: receiver.assigneeName,
    dueAt: receiver.dueAt !== undefined ? receiver.dueAt : stepDueAt(calendar, row, step, now),
  };
}

/** What the event records of the handover: giver, receiver, time and the early / on time / late judgement. */
export function handoverDetails(plan: HandoverPlan, actor: Actor, now: Date): Record<string, unknown> {
  return {
    handover: {
      taskId: plan.task.id,
      fromStep: plan.task.step,
      toStep: plan.to?.step.step ?? null,
      outcome: plan.outcome,
      givenBy: { userId: actor.userId, name: actor.fullName },
      receiver: plan.to
        ? {
            role: plan.to.step.role,
            unitId: plan.to.unitId,
            assigneeId: plan.to.assigneeId,
            name: plan.to.assigneeName,
          }
        : null,
      at: now.toISOString(),
      taskDueAt: plan.task.due_at?.toISOString() ?? null,
      timing: handoverTiming(plan.task.due_at, now),
      nextDueAt: plan.to?.dueAt?.toISOString() ?? null,
    },
  };
}

export async function applyHandover(
  trx: Transaction<Database>,
  plan: HandoverPlan,
  row: DossierRow,
  actor: Actor,
  now: Date,
  calendar: WorkingCalendar,
): Promise<void> {
  await closeTask(trx, plan.task, { now, outcome: plan.outcome, by: actor.userId });
  if (plan.to)
    await openTask(trx, {
      row,
      step: plan.to.step,
      calendar,
      now,
      unitId: plan.to.unitId,
      assigneeId: plan.to.assigneeId,
      dueAt: plan.to.dueAt,
    });
}

/** An officer who holds `role` in `agencyId`, active: the unit of that grant and their name; nothing otherwise. */
export async function findOfficer(
  db: Kysely<Database>,
  userId: string,
  role: string,
  agencyId: string,
): Promise<{ unitId: string | null; name: string } | undefined> {
  // Issue #21: built and compiled once per process (compiledOnce), run with this officer, role and agency.
  const query = compiledOnce("findOfficer", db, (db) =>
    db
      .selectFrom("role_grants as g")
      .innerJoin("users as u", "u.id", "g.user_id")
      .select(["g.unit_id", "u.full_name"])
      .where("g.user_id", "=", slot("userId"))
      .where("g.role", "=", slot("role") as never)
      .where("g.agency_id", "=", slot("agencyId"))
      .where("u.is_active", "=", true)
      .orderBy("g.unit_id"),
  );
  const found = (await db.executeQuery(bindSlots(query, { userId, role, agencyId }))).rows[0];
  return found ? { unitId: found.unit_id, name: found.full_name } : undefined;
}
