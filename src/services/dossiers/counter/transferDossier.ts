import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { openFirstStep } from "../processing/workflowTasks.ts";
import { type CounterCommandInput, runCounterCommand } from "./counterCommand.ts";

export type TransferDossierInput = CounterCommandInput;

/**
 * The counter hands the accepted dossier to the competent agency (2 → 4, R-XFER-1): electronic data at once; for a
 * paper dossier the rules compute the working day the paper must arrive — the day of reception, or the start of the
 * next working day when received at or after 15:00 (R-CAL-9 c) — and record whether this transfer met it. A late
 * paper transfer is recorded, not refused.
 *
 * Outcomes: the updated record (event `transferred` with `paperTransferDueAt`, `paperTransferOnTime`); 404 / 403 as
 * for every counter command; 409 STALE_DOSSIER; 409 TRANSITION_NOT_ALLOWED (e.g. not yet accepted) / TERMINAL_STATUS.
 */
export function transferDossier(db: Kysely<Database>, input: TransferDossierInput): Promise<DossierRecord> {
  return runCounterCommand(
    db,
    input,
    { type: "transfer" },
    {
      // The competent agency's first step starts with the transfer, so the control sheet has no gap (R-PROC-5); it
      // pins the dossier to the workflow version in force (R-CAT-4).
      alongside: async (trx, record, context) => {
        await openFirstStep(trx, record, context.calendar, input.now);
      },
    },
  );
}
