import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { FieldError } from "../../validation/messages.ts";
import type { DossierRecord } from "../dossierStore.ts";
import {
  type CounterCommandInput,
  checkText,
  checkTexts,
  runCounterCommand,
  throwIfInvalid,
} from "./counterCommand.ts";

export interface RequestSupplementAtReceptionInput extends CounterCommandInput {
  /** Why the dossier is not complete (R-FORM-2 "lý do"). */
  reason: string;
  /** Every item to add or correct, listed once and completely (R-RECV-2 a, R-RECV-6). */
  items: string[];
}

/**
 * The counter asks the applicant of an online dossier to complete it before acceptance (1 → 5, R-RECV-3): one
 * Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ with the complete list, and only once (R-RECV-6). The applicant resubmits
 * and the 8-hour reception clock starts again.
 *
 * Outcomes: the updated record; 400 VALIDATION_FAILED (`reason`, `items`, `items.N` blank or missing); 404 / 403 as
 * for every counter command; 409 SUPPLEMENT_ALREADY_REQUESTED (a second request); 409 STALE_DOSSIER;
 * 409 TRANSITION_NOT_ALLOWED / TERMINAL_STATUS.
 */
export async function requestSupplementAtReception(
  db: Kysely<Database>,
  input: RequestSupplementAtReceptionInput,
): Promise<DossierRecord> {
  const errors: FieldError[] = [];
  const reason = checkText(errors, "reason", input.reason);
  const items = checkTexts(errors, "items", input.items);
  throwIfInvalid(errors);
  return runCounterCommand(db, input, { type: "requestSupplementAtReception", reason, items });
}
