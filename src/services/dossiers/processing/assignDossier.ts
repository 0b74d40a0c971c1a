import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { hasRole } from "../../accounts/actor.ts";
import { ForbiddenError } from "../../errors.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { findStep, internalStepFor, nextStep, previousStep, workflowFor } from "./defaultWorkflow.ts";
import { applyHandover, findOfficer, type HandoverPlan, handoverDetails, planTo } from "./handOver.ts";
import {
  assertHoldsTask,
  fieldError,
  openStepOf,
  type ProcessingInput,
  runProcessingCommand,
  stepMismatch,
} from "./processingCommand.ts";
import { stepAgencyId } from "./workflowTasks.ts";

export interface AssignDossierInput extends ProcessingInput {
  /** The officer who will do the next step (the specialist who appraises). */
  assigneeId: string;
  note?: string | undefined;
}

/**
 * The head assigns the officer who appraises (R-PROC-1), or reassigns a step already given to someone; the handover
 * is logged (R-PROC-5) and the event carries who was given what (R-STATUS-3).
 *
 * Outcomes: the updated dossier; 404 unknown or invisible dossier; 403 without the role, or not the holder of the
 * assignment step; 400 `assigneeId` not an active officer with the step's role in the agency (or outside the head's
 * unit); 409 stale version, not under processing, or the current step is not one that assigns.
 */
export async function assignDossier(db: Kysely<Database>, input: AssignDossierInput): Promise<DossierRecord> {
  const { actor, now } = input;
  return runProcessingCommand(db, {
    ...input,
    roles: ["unit_head", "agency_leader"],
    prepare: async (context) => {
      const task = await openStepOf(context, "advanceStep");
      const { trx, record, role, calendar } = context;
      const workflow = workflowFor(record.row);
      const step = findStep(workflow, task.step);
      const assigning = step?.handover === "assign" ? step : previousStep(workflow, task.step);
      if (!step || assigning?.handover !== "assign")
        throw stepMismatch({
          vi: "chỉ phân công khi hồ sơ chờ phân công",
          en: "assign only while awaiting assignment",
        });
      const reassign = assigning !== step;
      const target = reassign ? step : nextStep(workflow, step.step)!;
      if (reassign) {
        // Whoever may assign the step may take it back and give it to someone else: the assigning role over the
        // task's unit, or the agency's leader.
        const mayReassign =
          role === "agency_leader" ||
          (role === assigning.role &&
            hasRole(actor, [role], { agencyId: task.agency_id, unitId: task.unit_id }));
        if (!mayReassign) throw new ForbiddenError(undefined, "NOT_TASK_HOLDER");
      } else {
        if (role !== "agency_leader") assertHoldsTask(actor, task, role);
      }
      const agencyId = stepAgencyId(target, record.row);
      const assignee = await findOfficer(trx, input.assigneeId, target.role, agencyId);
      if (!assignee)
        throw fieldError(
          "assigneeId",
          "Cán bộ được phân công không có vai trò xử lý bước này tại cơ quan giải quyết",
          "The assignee does not hold the role of this step in the deciding agency",
        );
      // A unit head distributes the work of their own unit (R-PROC-1).
      if (role === "unit_head" && !hasRole(actor, [role], { agencyId, unitId: assignee.unitId }))
        throw fieldError(
          "assigneeId",
          "Cán bộ không thuộc phòng của bạn",
          "The assignee is not in your unit",
        );
      if (reassign && task.assignee_id === input.assigneeId)
        throw fieldError(
          "assigneeId",
          "Hồ sơ đang được giao cho cán bộ này",
          "The step is already assigned to them",
        );
      const plan: HandoverPlan = {
        task,
        outcome: reassign ? "reassigned" : "assigned",
        to: planTo(record.row, calendar, now, target, {
          unitId: assignee.unitId,
          assigneeId: input.assigneeId,
          assigneeName: assignee.name,
          // A reassignment keeps the step's deadline: the time already spent is not given back.
          ...(reassign ? { dueAt: task.due_at } : {}),
        }),
      };
      const verb = reassign ? "Giao lại cho" : "Phân công";
      const note = input.note?.trim() ? `. Ý kiến: ${input.note.trim()}` : "";
      return {
        command: {
          type: "advanceStep",
          step: internalStepFor(target)!,
          output: `${verb} ${assignee.name}: ${target.label.vi}${note}`,
        },
        details: {
          action: reassign ? "reassign" : "assign",
          note: input.note ?? null,
          ...handoverDetails(plan, actor, now),
        },
        placement: { current_unit_id: assignee.unitId, current_assignee_id: input.assigneeId },
        alongside: (trx2, updated) => applyHandover(trx2, plan, updated.row, actor, now, calendar),
      };
    },
  });
}
