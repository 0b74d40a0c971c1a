import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import { ValidationError } from "../errors.ts";
import { DOSSIER_FILE_CHECK, fileTooLarge, receiveFile } from "../files/receiveFile.ts";
import { cleanFileName, type FileLimits } from "../files/storeUpload.ts";

/**
 * A file added to feedback (issue #17), with the same checks as a dossier upload (type by content, size) on the same
 * streaming path (issue #21 item 5: never the whole file in memory), kept for its sender — a signed-in user or a
 * verified contact — until the submission attaches it.
 */

export const MAX_FEEDBACK_ATTACHMENTS = 5;

export async function storeFeedbackAttachment(
  db: Kysely<Database>,
  storage: FileStorage,
  input: {
    ownerKey: string;
    fileName: string;
    content: Uint8Array | AsyncIterable<Uint8Array>;
    now: Date;
    limits: Pick<FileLimits, "maxFileBytes">;
  },
): Promise<{ id: string; fileName: string; mediaType: string; sizeBytes: number }> {
  const { stored, mediaType } = await receiveFile(storage, input.content, {
    maxBytes: input.limits.maxFileBytes,
    check: { ...DOSSIER_FILE_CHECK, tooLarge: fileTooLarge },
    // Checked once the type is known and before the content takes its key, so a sixth file leaves nothing stored.
    accept: async () => {
      const pending = await db
        .selectFrom("feedback_attachments")
        .select((eb) => eb.fn.countAll<string>().as("count"))
        .where("owner_key", "=", input.ownerKey)
        .where("feedback_id", "is", null)
        .executeTakeFirstOrThrow();
      if (Number(pending.count) >= MAX_FEEDBACK_ATTACHMENTS)
        throw new ValidationError([
          {
            field: "file",
            message: {
              vi: `Chỉ đính kèm tối đa ${MAX_FEEDBACK_ATTACHMENTS} tệp`,
              en: `At most ${MAX_FEEDBACK_ATTACHMENTS} files can be attached`,
            },
          },
        ]);
    },
  });
  const row = await db
    .insertInto("feedback_attachments")
    .values({
      feedback_id: null,
      owner_key: input.ownerKey,
      storage_key: stored.key,
      file_name: cleanFileName(input.fileName),
      media_type: mediaType,
      size_bytes: stored.size,
      sha256: stored.sha256,
      created_at: input.now,
    })
    .returning(["id", "file_name", "media_type", "size_bytes"])
    .executeTakeFirstOrThrow();
  return { id: row.id, fileName: row.file_name, mediaType: row.media_type, sizeBytes: row.size_bytes };
}
