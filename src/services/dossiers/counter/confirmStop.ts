import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { FieldError } from "../../validation/messages.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { type CounterCommandInput, checkText, runCounterCommand, throwIfInvalid } from "./counterCommand.ts";

export interface ConfirmStopInput extends CounterCommandInput {
  /** Number or reference of the Thông báo dừng giải quyết hồ sơ issued (R-FORM-7). */
  noticeRef: string;
}

/**
 * The counter confirms the applicant's withdrawal with a Thông báo dừng giải quyết hồ sơ (7 → 8, R-STOP-1), once
 * the rules have checked again that no decision or result notice exists (TT 03/2025 Điều 7).
 *
 * Outcomes: the updated record; 400 VALIDATION_FAILED (`noticeRef` blank); 404 / 403 as for every counter command;
 * 409 WITHDRAWAL_AFTER_DECISION; 409 STALE_DOSSIER; 409 TRANSITION_NOT_ALLOWED (no withdrawal requested) /
 * TERMINAL_STATUS.
 */
export async function confirmStop(db: Kysely<Database>, input: ConfirmStopInput): Promise<DossierRecord> {
  const errors: FieldError[] = [];
  const noticeRef = checkText(errors, "noticeRef", input.noticeRef);
  throwIfInvalid(errors);
  return runCounterCommand(db, input, { type: "confirmStop", noticeRef });
}
