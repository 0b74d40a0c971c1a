import type { Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Database, Role } from "../../../db/schema.ts";
import { type Actor, hasRole } from "../../accounts/actor.ts";
import { NotFoundError } from "../../errors.ts";
import { describeDossier } from "../describeDossier.ts";
import { assertCanSee } from "../dossierAccess.ts";
import { findDossier } from "../dossierStore.ts";
import { dossierNotFound } from "../runDossierCommand.ts";
import { loadWorkflowFor } from "./defaultWorkflow.ts";
import { handoverTiming } from "./workflowTasks.ts";

const iso = (value: Date | null) => (value ? value.toISOString() : null);
const date = (value: Date | string | null) => (value === null ? null : new Date(value));
const CONSULTED_ROLES: readonly Role[] = ["specialist", "unit_head", "agency_leader"];

/**
 * A dossier as the office sees it: the officer description with its whole history, the workflow's steps, every task
 * as a line of the process control sheet (giver, receiver, times, early / on time / late, R-PROC-5) and the
 * consultations (R-PROC-3). Officers of the dossier's agencies see it; so does an agency or unit it was sent to for
 * an opinion, which must read it to answer. Everyone else is told it does not exist (404).
 */
export async function describeOfficeDossier(
  db: Kysely<Database>,
  input: { dossierId: string; actor: Actor },
) {
  const record = await findDossier(db, input.dossierId);
  if (!record) throw dossierNotFound();
  try {
    assertCanSee(input.actor, record.row);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const consultations = await db
      .selectFrom("consultations")
      .select(["to_agency_id", "to_unit_id"])
      .where("dossier_id", "=", record.row.id)
      .execute();
    const consulted = consultations.some((c) =>
      hasRole(input.actor, CONSULTED_ROLES, { agencyId: c.to_agency_id, unitId: c.to_unit_id }),
    );
    if (!consulted) throw error;
  }
  // Issue #21: the tasks and the consultations in one statement beside the description's (JSON carries instants as
  // text, turned back into dates here).
  const [description, office] = await Promise.all([
    describeDossier(db, record.row, "officer"),
    db
      .selectNoFrom((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom("tasks as t")
            .leftJoin("units as u", "u.id", "t.unit_id")
            .leftJoin("users as a", "a.id", "t.assignee_id")
            .leftJoin("users as h", "h.id", "t.handed_over_by")
            .select([
              "t.id",
              "t.step",
              "t.role",
              "t.status",
              "t.unit_id",
              "u.name as unit_name",
              "t.assignee_id",
              "a.full_name as assignee_name",
              "t.created_at",
              "t.due_at",
              "t.completed_at",
              "t.outcome",
              "t.handed_over_by",
              "h.full_name as handed_over_by_name",
            ])
            .where("t.dossier_id", "=", record.row.id)
            .orderBy("t.created_at")
            .orderBy("t.completed_at"),
        ).as("tasks"),
        jsonArrayFrom(
          eb
            .selectFrom("consultations as c")
            .innerJoin("agencies as ta", "ta.id", "c.to_agency_id")
            .leftJoin("units as tu", "tu.id", "c.to_unit_id")
            .leftJoin("users as r", "r.id", "c.requested_by")
            .leftJoin("users as w", "w.id", "c.answered_by")
            .select([
              "c.id",
              "ta.code as to_agency_code",
              "ta.name as to_agency_name",
              "tu.code as to_unit_code",
              "tu.name as to_unit_name",
              "c.question",
              "c.requested_at",
              "r.full_name as requested_by_name",
              "c.due_at",
              "c.answer",
              "c.answered_at",
              "w.full_name as answered_by_name",
            ])
            .where("c.dossier_id", "=", record.row.id)
            .orderBy("c.requested_at"),
        ).as("consultations"),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  const tasks = office.tasks.map((task) => ({
    ...task,
    created_at: new Date(task.created_at),
    due_at: date(task.due_at),
    completed_at: date(task.completed_at),
  }));
  const consultations = office.consultations.map((c) => ({
    ...c,
    requested_at: new Date(c.requested_at),
    due_at: new Date(c.due_at),
    answered_at: date(c.answered_at),
  }));
  const workflow = await loadWorkflowFor(db, record.row);
  return {
    ...description,
    workflow: {
      id: workflow.id,
      version: workflow.version,
      steps: workflow.steps.map((step) => ({ step: step.step, role: step.role, label: step.label })),
    },
    tasks: tasks.map((task) => ({
      id: task.id,
      step: task.step,
      role: task.role,
      status: task.status,
      unit: task.unit_id ? { id: task.unit_id, name: task.unit_name } : null,
      assignee: task.assignee_id ? { id: task.assignee_id, name: task.assignee_name } : null,
      createdAt: task.created_at.toISOString(),
      dueAt: iso(task.due_at),
      completedAt: iso(task.completed_at),
      outcome: task.outcome,
      handedOverBy: task.handed_over_by ? { id: task.handed_over_by, name: task.handed_over_by_name } : null,
      timing: handoverTiming(task.due_at, task.completed_at),
    })),
    consultations: consultations.map((c) => ({
      id: c.id,
      toAgency: { code: c.to_agency_code, name: c.to_agency_name },
      toUnit: c.to_unit_code ? { code: c.to_unit_code, name: c.to_unit_name } : null,
      question: c.question,
      requestedAt: c.requested_at.toISOString(),
      requestedBy: c.requested_by_name,
      dueAt: c.due_at.toISOString(),
      answer: c.answer,
      answeredAt: iso(c.answered_at),
      answeredBy: c.answered_by_name,
      late: c.answered_at ? c.answered_at > c.due_at : null,
    })),
  };
}

export type OfficeDossier = Awaited<ReturnType<typeof describeOfficeDossier>>;
