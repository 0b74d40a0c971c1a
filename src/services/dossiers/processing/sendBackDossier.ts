import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { findStep, internalStepFor, previousStep, workflowFor } from "./defaultWorkflow.ts";
import { applyHandover, type HandoverPlan, handoverDetails, planTo } from "./handOver.ts";
import {
  assertHoldsTask,
  openStepOf,
  type ProcessingInput,
  runProcessingCommand,
  stepMismatch,
  userName,
} from "./processingCommand.ts";

export interface SendBackDossierInput extends ProcessingInput {
  /** Why it goes back: what the previous step must redo (the step's output, R-STATUS-3). */
  reason: string;
}

/**
 * The holder of the current step sends the dossier back to the previous step, which reopens with the unit and
 * officer that held it last (the leader returns an appraisal to its specialist; the specialist returns a dossier
 * outside their field to the head for reassignment). The handover is logged (R-PROC-5).
 *
 * Outcomes: the updated dossier; 404; 403 without the role or not holding the step; 409 stale, not under
 * processing, or at the first step (nothing to send back to inside the agency).
 */
export async function sendBackDossier(
  db: Kysely<Database>,
  input: SendBackDossierInput,
): Promise<DossierRecord> {
  const { actor, now } = input;
  return runProcessingCommand(db, {
    ...input,
    roles: ["specialist", "unit_head", "agency_leader"],
    prepare: async (context) => {
      const task = await openStepOf(context, "advanceStep");
      const { trx, record, role, calendar } = context;
      const workflow = workflowFor(record.row);
      const step = findStep(workflow, task.step);
      const target = step && previousStep(workflow, step.step);
      const targetStep = target && internalStepFor(target);
      if (!target || !targetStep)
        throw stepMismatch({
          vi: "đây là bước đầu tiên của quy trình",
          en: "this is the workflow's first step",
        });
      assertHoldsTask(actor, task, role);
      const last = await trx
        .selectFrom("tasks")
        .select(["unit_id", "assignee_id"])
        .where("dossier_id", "=", record.row.id)
        .where("step", "=", target.step)
        .orderBy("created_at", "desc")
        .executeTakeFirst();
      const assigneeId = last?.assignee_id ?? null;
      const receiver = {
        unitId: last?.unit_id ?? null,
        assigneeId,
        assigneeName: assigneeId ? await userName(trx, assigneeId) : null,
      };
      const plan: HandoverPlan = {
        task,
        outcome: "sentBack",
        to: planTo(record.row, calendar, now, target, receiver),
      };
      return {
        command: {
          type: "advanceStep",
          step: targetStep,
          output: `Trả lại bước "${target.label.vi}": ${input.reason}`,
        },
        details: { action: "sendBack", sendBackReason: input.reason, ...handoverDetails(plan, actor, now) },
        placement: { current_unit_id: receiver.unitId, current_assignee_id: receiver.assigneeId },
        alongside: (trx2, updated) => applyHandover(trx2, plan, updated.row, actor, now, calendar),
      };
    },
  });
}
