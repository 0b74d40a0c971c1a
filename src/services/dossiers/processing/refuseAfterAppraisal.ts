import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { findStep, stepWithHandover, workflowFor } from "./defaultWorkflow.ts";
import { applyHandover, type HandoverPlan, handoverDetails } from "./handOver.ts";
import {
  assertHoldsTask,
  attachUpload,
  findPendingUpload,
  newId,
  openStepOf,
  type ProcessingInput,
  runProcessingCommand,
  stepMismatch,
} from "./processingCommand.ts";
import { stepAgencyId, unitForStep } from "./workflowTasks.ts";

export interface RefuseAfterAppraisalInput extends ProcessingInput {
  /** Every reason the dossier is ineligible (R-REJ-2). */
  reasons: string[];
  /** The signed Phiếu từ chối giải quyết hồ sơ, uploaded first (POST /api/uploads). */
  uploadId: string;
}

/**
 * Ineligible after appraisal: the signer issues a reasoned refusal notice, entered as the dossier's result and
 * returned through the counter (R-REJ-2); public status 8 by default (R-STATUS-5 [M]), or 9 then 10 when the rule
 * option `refusalAfterAppraisalStatus` of the offering or the province says so (issue #12 §6). The notice is a dossier file
 * of purpose "notice"; the counter receives the dossier to hand the notice over.
 *
 * Outcomes: the updated dossier; 404; 403 without a signing role or not holding the approval step; 400 `uploadId`;
 * 409 stale, not under processing, or not at the approval step.
 */
export async function refuseAfterAppraisal(
  db: Kysely<Database>,
  input: RefuseAfterAppraisalInput,
): Promise<DossierRecord> {
  const { actor, now } = input;
  return runProcessingCommand(db, {
    ...input,
    roles: ["agency_leader", "unit_head"],
    prepare: async (context) => {
      const task = await openStepOf(context, "refuseAfterAppraisal");
      const { trx, record, role, calendar } = context;
      const workflow = workflowFor(record.row);
      if (findStep(workflow, task.step)?.handover !== "decide")
        throw stepMismatch({
          vi: "hồ sơ chưa được trình phê duyệt",
          en: "the dossier was not submitted for approval",
        });
      assertHoldsTask(actor, task, role);
      const upload = await findPendingUpload(trx, actor, input.uploadId, "uploadId");
      const fileId = newId();
      const counter = stepWithHandover(workflow, "return");
      const unitId = counter ? await unitForStep(trx, counter, stepAgencyId(counter, record.row)) : null;
      // The dossier leaves the workflow: the step closes and the counter hands the notice over (R-REJ-2); a province
      // reading the refusal as a result (status 9) finds it among the results to return.
      const plan: HandoverPlan = { task, outcome: "refused" };
      return {
        command: { type: "refuseAfterAppraisal", reasons: input.reasons, noticeRef: fileId },
        details: {
          action: "refuse",
          noticeFile: { id: fileId, fileName: upload.file_name },
          ...handoverDetails(plan, actor, now),
        },
        placement: { current_unit_id: unitId, current_assignee_id: null },
        alongside: async (trx2, updated) => {
          await attachUpload(trx2, { fileId, upload, record: updated, purpose: "notice", actor, now });
          await applyHandover(trx2, plan, updated.row, actor, now, calendar);
        },
      };
    },
  });
}
