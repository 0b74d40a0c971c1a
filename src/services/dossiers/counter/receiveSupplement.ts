import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { inTransaction } from "../../../db/transaction.ts";
import { openSupplement } from "../../../domain/dossier/supplementLimit.ts";
import { ValidationError } from "../../errors.ts";
import type { FileLimits } from "../../files/storeUpload.ts";
import { attachUploads, resolveUploads } from "../attachUploads.ts";
import { type DossierRecord, findDossier } from "../dossierStore.ts";
import { type CounterCommandInput, runCounterCommand } from "./counterCommand.ts";

export interface SupplementFileInput {
  /** One of the officer's own uploads (POST /api/uploads), not yet attached anywhere. */
  uploadId: string;
  /** The procedure component the file completes, when it is one. */
  componentPosition?: number | undefined;
  /** Scanned from paper at the counter (R-RECV-7); true unless said otherwise. */
  digitized?: boolean | undefined;
}

export interface ReceiveSupplementInput extends CounterCommandInput {
  /** The supplement's files, attached as dossier files with purpose "supplement". */
  files?: SupplementFileInput[] | undefined;
  limits: FileLimits;
}

/**
 * The counter receives the complete supplement asked after appraisal (5 → 4, R-SUPP-1). The processing time
 * restarts from zero at this moment (or, as the configured variant, moves by the waiting time, R-SUPP-3); the event
 * records the previous and the new appointment. A supplement asked at reception (a paper dossier entered incomplete,
 * R-RECV-2 a) is completed here too: the dossier waits for acceptance again (5 → 1, R-STATUS-5), as an online one
 * does when its applicant resubmits. The supplement's files are attached in the same transaction.
 *
 * Outcomes: the updated record; 400 VALIDATION_FAILED (`files.N.uploadId` not the officer's free upload,
 * `files.N.componentPosition` not a component of the procedure); 413 PAYLOAD_TOO_LARGE (the dossier's files
 * would exceed the limit); 404 / 403 as for every counter command; 409 STALE_DOSSIER; 409 TRANSITION_NOT_ALLOWED /
 * TERMINAL_STATUS.
 */
export function receiveSupplement(
  db: Kysely<Database>,
  input: ReceiveSupplementInput,
): Promise<DossierRecord> {
  const files = input.files ?? [];
  return inTransaction(db, async (trx) => {
    // The rules refuse whatever does not fit (no open supplement): the command is chosen by the open one's stage.
    const current = await findDossier(trx, input.dossierId);
    const atReception = current !== undefined && openSupplement(current.state)?.stage === "reception";
    return runCounterCommand(
      trx,
      input,
      atReception ? { type: "resubmitSupplement" } : { type: "receiveSupplement" },
      {
        alongside: async (inner, record) => {
          if (files.length > 0) await attachSupplementFiles(inner, record, files, input);
        },
      },
    );
  });
}

async function attachSupplementFiles(
  trx: Transaction<Database>,
  record: DossierRecord,
  files: SupplementFileInput[],
  input: ReceiveSupplementInput,
): Promise<void> {
  const resolved = await resolveUploads(trx, {
    procedureId: record.row.procedure_id,
    uploaderUserId: input.actor.userId,
    files,
  });
  if (resolved.errors.length > 0) throw new ValidationError(resolved.errors);
  await attachUploads(trx, {
    dossier: record.row,
    resolved,
    // Paper brought to the counter is scanned and the officer answers for the scan (R-RECV-7).
    files: files.map((file) => ({ ...file, digitized: file.digitized ?? true })),
    purpose: "supplement",
    uploaderUserId: input.actor.userId,
    // The supplementReceived event the files came with: its sequence is the new version.
    eventSequence: record.row.version,
    now: input.now,
    limits: input.limits,
  });
}
