import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { latestVersion } from "../../workflows/workflowStore.ts";
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
      // The dossier is pinned to the workflow version in force for its offering: it finishes on that version even
      // if a new one is published meanwhile (R-CAT-4). The competent agency's first step starts with the transfer, so
      // the control sheet has no gap (R-PROC-5).
      alongside: async (trx, record, context) => {
        const version = await latestVersion(trx, record.row.offering_id);
        let pinned = record;
        if (version) {
          await trx
            .updateTable("dossiers")
            .set({ workflow_version_id: version.id })
            .where("id", "=", record.row.id)
            .execute();
          pinned = { ...record, row: { ...record.row, workflow_version_id: version.id } };
        }
        await openFirstStep(trx, pinned, context.calendar, input.now);
      },
    },
  );
}
