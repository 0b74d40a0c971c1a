import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { FieldError } from "../../validation/messages.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { type CounterCommandInput, checkText, runCounterCommand, throwIfInvalid } from "./counterCommand.ts";

export interface RecordWithdrawalRequestInput extends CounterCommandInput {
  /** What the applicant said, as written on their request. */
  reason: string;
}

/**
 * The counter records a withdrawal the applicant asked for in person or by post (R-STOP-1, NĐ 118 Điều 21 k1):
 * the dossier moves to 7, and the counter then issues the stop notice (confirmStop). Refused once a decision or
 * result notice exists.
 *
 * Outcomes: the updated record; 400 VALIDATION_FAILED (`reason` blank); 404 / 403 as for every counter command;
 * 409 WITHDRAWAL_AFTER_DECISION; 409 STALE_DOSSIER; 409 TRANSITION_NOT_ALLOWED / TERMINAL_STATUS.
 */
export async function recordWithdrawalRequest(
  db: Kysely<Database>,
  input: RecordWithdrawalRequestInput,
): Promise<DossierRecord> {
  const errors: FieldError[] = [];
  const reason = checkText(errors, "reason", input.reason);
  throwIfInvalid(errors);
  return runCounterCommand(db, input, { type: "requestWithdrawal", reason });
}
