import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { PaymentObligation } from "../../../domain/dossier/dossierState.ts";
import type { DossierRecord } from "../dossierStore.ts";
import {
  assertHoldsTask,
  openStepOf,
  type ProcessingInput,
  runProcessingCommand,
} from "./processingCommand.ts";

export interface RequestPaymentInput extends ProcessingInput {
  /** Fees, charges and other obligations, each with its amount in đồng (R-FEE-1, R-FEE-4). */
  obligations: PaymentObligation[];
}

/**
 * The officer handling the step asks for the financial obligations (4 → 6, R-FEE-4). The step's task stays open:
 * processing resumes with the same officer once payment is confirmed.
 *
 * Outcomes: the updated dossier; 404; 403 without the role or not holding the step; 409 stale, not under
 * processing, or obligations the rules refuse.
 */
export async function requestPayment(
  db: Kysely<Database>,
  input: RequestPaymentInput,
): Promise<DossierRecord> {
  return runProcessingCommand(db, {
    ...input,
    roles: ["specialist", "unit_head", "agency_leader"],
    prepare: async (context) => {
      const task = await openStepOf(context, "requestPayment");
      const { role } = context;
      assertHoldsTask(input.actor, task, role);
      return {
        command: { type: "requestPayment", obligations: input.obligations },
        details: { action: "requestPayment" },
      };
    },
  });
}
