import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { ReturnChannel } from "../../../domain/dossier/channel.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { closeTask, findOpenTask } from "../processing/workflowTasks.ts";
import { type CounterCommandInput, runCounterCommand } from "./counterCommand.ts";

export interface ReturnResultInput extends CounterCommandInput {
  /** At the counter, by public post, or online to the applicant's account (R-RES-1). */
  channel: ReturnChannel;
}

/**
 * The counter returns the result and closes the dossier (9 → 10, R-RES-1, R-STATUS-6). Returning before the
 * appointment is fine (R-RES-4); the event says whether it was on time.
 *
 * Outcomes: the updated record; 404 / 403 as for every counter command; 409 STALE_DOSSIER;
 * 409 TRANSITION_NOT_ALLOWED (no result yet) / TERMINAL_STATUS (already returned).
 */
export function returnResult(db: Kysely<Database>, input: ReturnResultInput): Promise<DossierRecord> {
  return runCounterCommand(
    db,
    input,
    { type: "returnResult", channel: input.channel },
    {
      // Returning the result ends the workflow's last step: its line of the control sheet is closed (R-PROC-5).
      alongside: async (trx, record) => {
        const task = await findOpenTask(trx, record.row.id);
        if (task)
          await closeTask(trx, task, { now: input.now, outcome: "Đã trả kết quả", by: input.actor.userId });
      },
    },
  );
}
