import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { inTransaction } from "../../../db/transaction.ts";
import { isDecidableAtCounter } from "../../../domain/catalog/timeLimit.ts";
import type { ReturnChannel } from "../../../domain/dossier/channel.ts";
import { ConflictError } from "../../errors.ts";
import type { FieldError } from "../../validation/messages.ts";
import { authorizeAs, domainActor } from "../dossierAccess.ts";
import { type DossierRecord, findDossier, staleDossierError } from "../dossierStore.ts";
import { decideAndRecord, decisionContextOf, dossierNotFound } from "../runDossierCommand.ts";
import { type CounterCommandInput, checkText, throwIfInvalid } from "./counterCommand.ts";

export interface DecideAtCounterInput extends CounterCommandInput {
  /** What was issued, as it is numbered in the agency's book (e.g. "Số chứng thực 125, quyển 01/2026-SCT/BS"). */
  resultReference: string;
  /**
   * How the result goes back at once (R-RES-1), closing the dossier (9 → 10, R-STATUS-6); null keeps it at 9 for the
   * applicant to collect later (returned then with `return-result`).
   */
  returnChannel: ReturnChannel | null;
}

export function notDecidableAtCounterError(): ConflictError {
  return new ConflictError("NOT_DECIDED_AT_COUNTER", {
    vi: "Chỉ thủ tục giải quyết trong ngày hoặc giải quyết ngay mới được giải quyết và trả kết quả ngay tại Bộ phận Một cửa",
    en: "Only same-day or immediate procedures can be decided and returned at the counter at once",
  });
}

/**
 * The counter decides a same-day or immediate procedure on the spot and, usually, returns its result at once
 * (2 → 9 → 10, R-RECV-4, R-STATUS-5 edge 2 → 9, R-CAL-6). No reception slip is needed unless the applicant asks for
 * one, but the result is recorded in the system (R-RECV-4): the reference of what was issued is the event's output
 * (R-STATUS-3) and the register lists the dossier with its return (R-FORM-6). Both events are written in one
 * transaction, or neither.
 *
 * Outcomes: the updated record; 400 VALIDATION_FAILED (`resultReference` blank); 404 / 403 as for every counter
 * command; 409 STALE_DOSSIER; 409 NOT_DECIDED_AT_COUNTER (the dossier's procedure has a duration);
 * 409 TRANSITION_NOT_ALLOWED / TERMINAL_STATUS (not waiting at the counter with status 2).
 */
export async function decideAtCounter(
  db: Kysely<Database>,
  input: DecideAtCounterInput,
): Promise<DossierRecord> {
  const errors: FieldError[] = [];
  const reference = checkText(errors, "resultReference", input.resultReference);
  throwIfInvalid(errors);
  const actor = domainActor(input.actor, "counter_officer");
  const author = { userId: input.actor.userId, role: "counter_officer" as const };
  return inTransaction(db, async (trx) => {
    const record = await findDossier(trx, input.dossierId);
    if (!record) throw dossierNotFound();
    authorizeAs(input.actor, "counter_officer")(record.row);
    if (input.expectedVersion !== undefined && input.expectedVersion !== record.row.version)
      throw staleDossierError();
    if (!isDecidableAtCounter(record.row.legal_time_kind)) throw notDecidableAtCounterError();
    const context = await decisionContextOf(trx, record.row);
    const decided = await decideAndRecord(trx, record, {
      command: { type: "decideAtCounter", documentRefs: [reference] },
      actor,
      author,
      now: input.now,
      context,
      details: { resultReference: reference },
      placement: { current_unit_id: null, current_assignee_id: null },
    });
    if (input.returnChannel === null) return decided;
    return decideAndRecord(trx, decided, {
      command: { type: "returnResult", channel: input.returnChannel },
      actor,
      author,
      now: input.now,
      context,
    });
  });
}
