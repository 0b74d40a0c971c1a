import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { ConflictError, UnprocessableError } from "../../errors.ts";
import type { DossierRecord } from "../dossierStore.ts";
import {
  attachUpload,
  findPendingUpload,
  newId,
  type PendingUpload,
  type ProcessingInput,
  requireProcessing,
  runProcessingCommand,
} from "./processingCommand.ts";

export interface RequestExtensionInput extends ProcessingInput {
  reason: string;
  /** The proposed new return date of the apology (Phiếu xin lỗi và hẹn lại ngày trả kết quả). */
  newDueAt: Date;
  /** The signed apology letter, uploaded first (POST /api/uploads), when there is one to attach. */
  uploadId?: string | undefined;
}

/**
 * The agency's leader sends the apology with a new appointment (R-LATE-1): once only (R-LATE-3), at least 1 working
 * day before the due date; the original appointment stays visible. The rules decide; the letter, when given, is
 * kept as a notice file.
 *
 * Outcomes: the updated dossier; 404; 403 not a leader of the dossier's agencies; 400 `uploadId`; 409 stale, not
 * under processing, too late (EXTENSION_TOO_LATE), second extension (EXTENSION_ALREADY_USED), or not later; 422
 * a new appointment outside working time (EXTENSION_NOT_WORKING_TIME: weekend, holiday, outside working hours).
 */
export async function requestExtension(
  db: Kysely<Database>,
  input: RequestExtensionInput,
): Promise<DossierRecord> {
  try {
    return await runExtension(db, input);
  } catch (error) {
    // A date the agency is closed is a value to correct, not a conflict with the dossier: 422 (issue #12 §2).
    if (error instanceof ConflictError && error.code === "EXTENSION_NOT_WORKING_TIME")
      throw new UnprocessableError(error.code, error.text);
    throw error;
  }
}

async function runExtension(db: Kysely<Database>, input: RequestExtensionInput): Promise<DossierRecord> {
  const { actor, now } = input;
  return runProcessingCommand(db, {
    ...input,
    roles: ["agency_leader"],
    prepare: async ({ trx, record }) => {
      requireProcessing(record, "requestExtension");
      let upload: PendingUpload | undefined;
      if (input.uploadId) upload = await findPendingUpload(trx, actor, input.uploadId, "uploadId");
      const fileId = newId();
      return {
        command: { type: "requestExtension", reason: input.reason, newDueAt: input.newDueAt },
        details: {
          action: "extension",
          apologyFile: upload ? { id: fileId, fileName: upload.file_name } : null,
        },
        alongside: async (trx2, updated) => {
          if (upload)
            await attachUpload(trx2, { fileId, upload, record: updated, purpose: "notice", actor, now });
        },
      };
    },
  });
}
