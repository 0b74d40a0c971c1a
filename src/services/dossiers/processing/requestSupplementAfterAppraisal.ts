import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { LocalizedText } from "../../validation/messages.ts";
import type { DossierRecord } from "../dossierStore.ts";
import {
  assertHoldsTask,
  openStepOf,
  type ProcessingInput,
  runProcessingCommand,
} from "./processingCommand.ts";

/** The dossier after the request, and the warning the officer must read when this is its second request. */
export type SupplementRequestOutcome = DossierRecord & { warning?: SupplementWarning };

export interface SupplementWarning {
  code: "SUPPLEMENT_COUNTS_AS_LATE";
  message: LocalizedText;
}

/** R-SUPP-2 *Clarified*: a second request is allowed, but the 766 index counts the dossier as late. */
export const SECOND_SUPPLEMENT_WARNING: SupplementWarning = Object.freeze({
  code: "SUPPLEMENT_COUNTS_AS_LATE",
  message: Object.freeze({
    vi: "Hồ sơ đã được yêu cầu bổ sung khi tiếp nhận; yêu cầu bổ sung lần thứ hai này làm hồ sơ bị tính là trễ hạn.",
    en: "A supplement was already requested at reception; this second request makes the dossier count as late.",
  }),
});

export interface RequestSupplementAfterAppraisalInput extends ProcessingInput {
  reason: string;
  /** Every item to add or complete, listed once and completely (R-SUPP-2). */
  items: string[];
}

/**
 * Appraisal found the dossier insufficient: the agency asks, through the counter, for a supplement with reasons and
 * the complete list (4 → 5), once at this stage (R-SUPP-2) and within the supplement window after reception (rule
 * option, default 3 working days, R-SUPP-1) — the rules decide both. When one was already asked at reception, this
 * second request is allowed and answered with a warning: the dossier will count as late (R-SUPP-2 *Clarified*). The step's task stays open: the supplement comes back to the same appraisal (the counter's
 * receiveSupplement returns the dossier to "appraisal").
 *
 * Outcomes: the updated dossier; 404; 403 without the role or not holding the step; 409 stale, not under
 * processing, window passed (SUPPLEMENT_WINDOW_PASSED) or already asked at this stage / twice
 * (SUPPLEMENT_ALREADY_REQUESTED).
 */
export async function requestSupplementAfterAppraisal(
  db: Kysely<Database>,
  input: RequestSupplementAfterAppraisalInput,
): Promise<SupplementRequestOutcome> {
  const record = await runProcessingCommand(db, {
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
  return record.state.supplementRequests.length > 1
    ? { ...record, warning: SECOND_SUPPLEMENT_WARNING }
    : record;
}
