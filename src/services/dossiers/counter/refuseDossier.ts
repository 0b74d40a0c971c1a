import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { FieldError } from "../../validation/messages.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { type CounterCommandInput, checkTexts, runCounterCommand, throwIfInvalid } from "./counterCommand.ts";

export interface RefuseDossierInput extends CounterCommandInput {
  /** The reasons written on the Phiếu từ chối tiếp nhận giải quyết hồ sơ (R-FORM-3). */
  reasons: string[];
}

/**
 * The counter refuses an online dossier at reception with its reasons (1 → 3, R-REJ-1, R-RECV-2 b). Status 3 is
 * final: the dossier is closed.
 *
 * Outcomes: the updated record; 400 VALIDATION_FAILED (no reason, or a blank one: `reasons`, `reasons.N`);
 * 404 / 403 as for every counter command; 409 STALE_DOSSIER; 409 TRANSITION_NOT_ALLOWED / TERMINAL_STATUS.
 */
export async function refuseDossier(db: Kysely<Database>, input: RefuseDossierInput): Promise<DossierRecord> {
  const errors: FieldError[] = [];
  const reasons = checkTexts(errors, "reasons", input.reasons);
  throwIfInvalid(errors);
  return runCounterCommand(db, input, { type: "refuse", reasons });
}
