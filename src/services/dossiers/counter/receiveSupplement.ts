import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { PayloadTooLargeError, ValidationError } from "../../errors.ts";
import type { FileLimits } from "../../files/storeUpload.ts";
import type { FieldError } from "../../validation/messages.ts";
import type { DossierRecord } from "../dossierStore.ts";
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
 * records the previous and the new appointment. The supplement's files are attached in the same transaction.
 *
 * Outcomes: the updated record; 400 VALIDATION_FAILED (`files.N.uploadId` not the officer's free upload or listed
 * twice, `files.N.componentPosition` not a component of the procedure); 413 PAYLOAD_TOO_LARGE (the dossier's files
 * would exceed the limit); 404 / 403 as for every counter command; 409 WRONG_SUPPLEMENT_STAGE (a supplement asked
 * at reception: the applicant resubmits it); 409 STALE_DOSSIER; 409 TRANSITION_NOT_ALLOWED / TERMINAL_STATUS.
 */
export function receiveSupplement(
  db: Kysely<Database>,
  input: ReceiveSupplementInput,
): Promise<DossierRecord> {
  const files = input.files ?? [];
  return runCounterCommand(
    db,
    input,
    { type: "receiveSupplement" },
    {
      alongside: async (trx, record) => {
        if (files.length > 0) await attachSupplementFiles(trx, record, files, input);
      },
    },
  );
}

async function attachSupplementFiles(
  trx: Transaction<Database>,
  record: DossierRecord,
  files: SupplementFileInput[],
  input: ReceiveSupplementInput,
): Promise<void> {
  const uploadIds = files.map((file) => file.uploadId);
  const [uploads, components, attached] = await Promise.all([
    trx
      .selectFrom("uploads")
      .selectAll()
      .where("id", "in", uploadIds)
      .where("owner_user_id", "=", input.actor.userId)
      .where("attached_at", "is", null)
      .execute(),
    trx
      .selectFrom("procedure_components")
      .select(["id", "position"])
      .where("procedure_id", "=", record.row.procedure_id)
      .execute(),
    trx
      .selectFrom("dossier_files")
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("size_bytes"), eb.lit(0)).as("bytes"))
      .where("dossier_id", "=", record.row.id)
      .executeTakeFirstOrThrow(),
  ]);
  const errors: FieldError[] = [];
  files.forEach((file, index) => {
    if (!uploads.some((upload) => upload.id === file.uploadId) || uploadIds.indexOf(file.uploadId) !== index)
      errors.push({
        field: `files.${index}.uploadId`,
        message: {
          vi: "Không tìm thấy tệp đã tải lên (hoặc tệp đã được dùng, hoặc bị liệt kê hai lần)",
          en: "No such uploaded file (or it is already attached, or listed twice)",
        },
      });
    if (
      file.componentPosition !== undefined &&
      !components.some((component) => component.position === file.componentPosition)
    )
      errors.push({
        field: `files.${index}.componentPosition`,
        message: { vi: "Thành phần hồ sơ không tồn tại", en: "No such dossier component" },
      });
  });
  if (errors.length > 0) throw new ValidationError(errors);
  const total = Number(attached.bytes) + uploads.reduce((sum, upload) => sum + upload.size_bytes, 0);
  if (total > input.limits.maxDossierBytes) {
    const limit = Math.round(input.limits.maxDossierBytes / 1_048_576);
    throw new PayloadTooLargeError({
      vi: `Tổng dung lượng tệp của hồ sơ vượt quá ${limit} MB`,
      en: `The dossier's files exceed ${limit} MB in total`,
    });
  }
  await trx
    .insertInto("dossier_files")
    .values(
      files.map((file) => {
        const upload = uploads.find((candidate) => candidate.id === file.uploadId)!;
        return {
          dossier_id: record.row.id,
          agency_id: record.row.agency_id,
          component_id:
            file.componentPosition === undefined
              ? null
              : components.find((component) => component.position === file.componentPosition)!.id,
          purpose: "supplement" as const,
          storage_key: upload.storage_key,
          sha256: upload.sha256,
          file_name: upload.file_name,
          media_type: upload.media_type,
          size_bytes: upload.size_bytes,
          // Paper brought to the counter is scanned and the officer answers for the scan (R-RECV-7).
          digitized: file.digitized ?? true,
          uploaded_by: input.actor.userId,
          uploaded_at: upload.created_at,
          // The supplementReceived event the files came with (its sequence is the new version).
          event_sequence: record.row.version,
        };
      }),
    )
    .execute();
  await trx.updateTable("uploads").set({ attached_at: input.now }).where("id", "in", uploadIds).execute();
}
