import { type Kysely, sql } from "kysely";
import { slot } from "../../../db/compiledOnce.ts";
import type { Database } from "../../../db/schema.ts";
import { linkSignedResult } from "../../digitisation/signResult.ts";
import { issueVerifiableResult } from "../../results/issueResult.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { findStep, stepWithHandover, workflowFor } from "./defaultWorkflow.ts";
import { applyHandover, type HandoverPlan, handoverDetails, planTo } from "./handOver.ts";
import {
  assertHoldsTask,
  attachUpload,
  findPendingUploadAndUnit,
  newId,
  openStepOf,
  type ProcessingInput,
  runProcessingCommand,
  stepMismatch,
} from "./processingCommand.ts";
import { stepAgencyId, unitForStepColumn } from "./workflowTasks.ts";

export interface ApproveResultInput extends ProcessingInput {
  /** The signed result the approver uploaded first (POST /api/uploads). */
  uploadId: string;
  note?: string | undefined;
}

/**
 * The signer approves the result (4 → 9): the uploaded file becomes the dossier's result file, named by the event as
 * the step's output (R-STATUS-3), stored for lookup and reuse (R-RES-2), and the dossier is handed to the counter,
 * which returns it (R-RES-1).
 *
 * Outcomes: the updated dossier; 404; 403 without a signing role or not holding the approval step; 400 `uploadId`
 * not the caller's free upload; 409 stale, not under processing, or not at the approval step.
 */
export async function approveResult(db: Kysely<Database>, input: ApproveResultInput): Promise<DossierRecord> {
  const { actor, now } = input;
  return runProcessingCommand(db, {
    ...input,
    roles: ["agency_leader", "unit_head"],
    prepare: async (context) => {
      const task = await openStepOf(context, "approveResult");
      const { trx, record, role, calendar } = context;
      const workflow = workflowFor(record.row);
      if (findStep(workflow, task.step)?.handover !== "decide")
        throw stepMismatch({
          vi: "hồ sơ chưa được trình phê duyệt",
          en: "the dossier was not submitted for approval",
        });
      assertHoldsTask(actor, task, role);
      const fileId = newId();
      const counter = stepWithHandover(workflow, "return");
      // The caller's free upload and the counter's unit in one statement (issue #21).
      const { upload, unitId } = await findPendingUploadAndUnit(
        trx,
        actor,
        input.uploadId,
        "uploadId",
        // The column bakes in the counter step's unit kind and role; its agency is the call's value (issue #21).
        counter
          ? {
              shape: `${counter.unit}:${counter.role}`,
              column: (db) => unitForStepColumn(db, counter, slot("agencyId")),
              values: { agencyId: stepAgencyId(counter, record.row) },
            }
          : { shape: "none", column: () => sql<null>`null::uuid`, values: {} },
      );
      const plan: HandoverPlan = {
        task,
        outcome: "approved",
        ...(counter
          ? {
              to: planTo(record.row, calendar, now, counter, {
                unitId,
                assigneeId: null,
                assigneeName: null,
              }),
            }
          : {}),
      };
      return {
        command: { type: "approveResult", documentRefs: [fileId] },
        details: {
          action: "approve",
          note: input.note ?? null,
          resultFile: { id: fileId, fileName: upload.file_name },
          ...handoverDetails(plan, actor, now),
        },
        placement: { current_unit_id: unitId, current_assignee_id: null },
        alongside: async (trx2, updated) => {
          await attachUpload(trx2, { fileId, upload, record: updated, purpose: "result", actor, now });
          // A result the leader signed for this dossier (R-RES-1): its digitisation record now names the file.
          await linkSignedResult(trx2, { dossierId: updated.row.id, fileId, sha256: upload.sha256 });
          // The electronic result gets its verification code and signed QR token in the same transaction (R-RES-1).
          await issueVerifiableResult(trx2, {
            dossierId: updated.row.id,
            fileId,
            fileSha256: upload.sha256,
            now,
          });
          await applyHandover(trx2, plan, updated.row, actor, now, calendar);
        },
      };
    },
  });
}
