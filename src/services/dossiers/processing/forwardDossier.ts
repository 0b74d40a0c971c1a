import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { findStep, internalStepFor, nextStep, workflowFor } from "./defaultWorkflow.ts";
import { applyHandover, findOfficer, type HandoverPlan, handoverDetails, planTo } from "./handOver.ts";
import {
  assertHoldsTask,
  fieldError,
  openStepOf,
  type ProcessingInput,
  runProcessingCommand,
  stepMismatch,
} from "./processingCommand.ts";
import { stepAgencyId, unitForStep } from "./workflowTasks.ts";

export interface ForwardDossierInput extends ProcessingInput {
  /** The step's output: the appraisal opinion, the proposal submitted for approval (R-STATUS-3). */
  opinion: string;
  /** Optionally a named officer of the next step (a given leader); otherwise anyone holding its role. */
  assigneeId?: string | undefined;
}

/**
 * The holder of the current step passes the dossier with its output to the next step of the workflow (the
 * specialist submits the appraisal for approval, R-PROC-1), logging the handover (R-PROC-5).
 *
 * Outcomes: the updated dossier; 404; 403 without the role or not holding the step; 400 `assigneeId` without the
 * next step's role; 409 stale, not under processing, or a step that ends otherwise (assignment, approval).
 */
export async function forwardDossier(
  db: Kysely<Database>,
  input: ForwardDossierInput,
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
      const target = step && nextStep(workflow, step.step);
      const targetStep = target && target.handover !== "return" && internalStepFor(target);
      if (step?.handover !== "forward" || !target || !targetStep)
        throw stepMismatch({
          vi: "bước này kết thúc bằng phân công, phê duyệt hoặc từ chối, không chuyển tiếp",
          en: "this step ends with an assignment, an approval or a refusal, not a forward",
        });
      assertHoldsTask(actor, task, role);
      const agencyId = stepAgencyId(target, record.row);
      let receiver = {
        unitId: await unitForStep(trx, target, agencyId),
        assigneeId: null as string | null,
        assigneeName: null as string | null,
      };
      if (input.assigneeId) {
        const officer = await findOfficer(trx, input.assigneeId, target.role, agencyId);
        if (!officer)
          throw fieldError(
            "assigneeId",
            "Cán bộ nhận không có vai trò xử lý bước tiếp theo tại cơ quan giải quyết",
            "The receiver does not hold the next step's role in the deciding agency",
          );
        receiver = {
          unitId: officer.unitId ?? receiver.unitId,
          assigneeId: input.assigneeId,
          assigneeName: officer.name,
        };
      }
      const plan: HandoverPlan = {
        task,
        outcome: "forwarded",
        to: planTo(record.row, calendar, now, target, receiver),
      };
      return {
        command: { type: "advanceStep", step: targetStep, output: input.opinion },
        details: { action: "forward", ...handoverDetails(plan, actor, now) },
        placement: { current_unit_id: receiver.unitId, current_assignee_id: receiver.assigneeId },
        alongside: (trx2, updated) => applyHandover(trx2, plan, updated.row, actor, now, calendar),
      };
    },
  });
}
