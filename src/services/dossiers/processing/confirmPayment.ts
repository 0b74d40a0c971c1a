import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { type ProcessingInput, runProcessingCommand } from "./processingCommand.ts";

export interface ConfirmPaymentInput extends ProcessingInput {
  /** The receipt (biên lai) number or reference of the payment made at the counter (R-FEE-3). */
  receiptRef: string;
}

/**
 * The counter marks the obligations paid with the receipt's reference (6 → 4, R-STATUS-5), until online payment
 * confirms through the gateway (R-FEE-6). Processing resumes at the step whose task stayed open.
 *
 * Outcomes: the updated dossier; 404; 403 not a counter officer of the dossier's agencies; 409 stale or not
 * awaiting payment.
 */
export async function confirmPayment(
  db: Kysely<Database>,
  input: ConfirmPaymentInput,
): Promise<DossierRecord> {
  return runProcessingCommand(db, {
    ...input,
    roles: ["counter_officer"],
    prepare: async () => ({
      command: { type: "confirmPayment", receiptRef: input.receiptRef },
      details: { action: "confirmPayment" },
    }),
  });
}
