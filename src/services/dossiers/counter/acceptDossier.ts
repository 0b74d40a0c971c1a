import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { type CounterCommandInput, runCounterCommand } from "./counterCommand.ts";

export type AcceptDossierInput = CounterCommandInput;

/**
 * The counter accepts an online dossier (1 → 2, R-RECV-1). The processing clock starts now on the receiving agency's
 * calendar and sets the appointment (R-CAL-7); the dossier keeps the code it got at submission (R-CODE-1, decided
 * for issue #4). A late acceptance is still an acceptance, flagged `receivedLate` in the event.
 *
 * Outcomes: the updated record; 404 NOT_FOUND (no such dossier, or outside the officer's agencies); 403 FORBIDDEN
 * (no counter role there); 409 STALE_DOSSIER (expectedVersion differs, or another officer acted first);
 * 409 TRANSITION_NOT_ALLOWED / TERMINAL_STATUS (not waiting for acceptance).
 */
export function acceptDossier(db: Kysely<Database>, input: AcceptDossierInput): Promise<DossierRecord> {
  return runCounterCommand(db, input, { type: "accept" });
}
