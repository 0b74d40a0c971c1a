import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { DossierRecord } from "../dossierStore.ts";
import {
  assertHoldsTask,
  openStepOf,
  type ProcessingInput,
  runProcessingCommand,
} from "./processingCommand.ts";

export interface RequestSupplementAfterAppraisalInput extends ProcessingInput {
  reason: string;
  /** Every item to add or complete, listed once and completely (R-SUPP-2). */
  items: string[];
}

/**
 * Appraisal found the dossier insufficient: the agency asks, through the counter, for a supplement with reasons and
 * the complete list (4 → 5), once (R-SUPP-2) and no later than 3 working days after reception (R-SUPP-1) — the rules
 * decide both. The step's task stays open: the supplement comes back to the same appraisal (the counter's
 * receiveSupplement returns the dossier to "appraisal").
 *
 * Outcomes: the updated dossier; 404; 403 without the role or not holding the step; 409 stale, not under
 * processing, window passed (SUPPLEMENT_WINDOW_PASSED) or already asked once.
 */
export async function requestSupplementAfterAppraisal(
  db: Kysely<Database>,
  input: RequestSupplementAfterAppraisalInput,
): Promise<DossierRecord> {
  return runProcessingCommand(db, {
    ...input,
    roles: ["specialist", "unit_head", "agency_leader"],
    prepare: async (context) => {
      const task = await openStepOf(context, "requestSupplementAfterAppraisal");
      const { role } = context;
      assertHoldsTask(input.actor, task, role);
      return {
        command: { type: "requestSupplementAfterAppraisal", reason: input.reason, items: input.items },
        details: { action: "requestSupplement", taskId: task.id },
      };
    },
  });
}
