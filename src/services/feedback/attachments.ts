import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "../errors.ts";
import { ACCEPTED_MEDIA_TYPES, sniffAcceptedMediaType } from "../files/acceptedFileTypes.ts";
import { cleanFileName, type FileLimits } from "../files/storeUpload.ts";

/**
 * A file added to feedback (issue #17), with the same checks as a dossier upload (type by content, size), kept for
 * its sender — a signed-in user or a verified contact — until the submission attaches it.
 */

export const MAX_FEEDBACK_ATTACHMENTS = 5;

const megabytes = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

export async function storeFeedbackAttachment(
  db: Kysely<Database>,
  storage: FileStorage,
  input: {
    ownerKey: string;
    fileName: string;
    content: Uint8Array;
    now: Date;
    limits: Pick<FileLimits, "maxFileBytes">;
  },
): Promise<{ id: string; fileName: string; mediaType: string; sizeBytes: number }> {
  if (input.content.byteLength === 0)
    throw new ValidationError([{ field: "file", message: { vi: "Tệp rỗng", en: "The file is empty" } }]);
  if (input.content.byteLength > input.limits.maxFileBytes)
    throw new PayloadTooLargeError({
      vi: `Tệp quá lớn: ${megabytes(input.content.byteLength)} MB, tối đa ${megabytes(input.limits.maxFileBytes)} MB`,
      en: `The file is too large: ${megabytes(input.content.byteLength)} MB, at most ${megabytes(input.limits.maxFileBytes)} MB`,
    });
  const mediaType = await sniffAcceptedMediaType(input.content);
  if (!mediaType) {
    const accepted = [...ACCEPTED_MEDIA_TYPES.values()].join(", ");
    throw new UnsupportedMediaTypeError({
      vi: `Loại tệp không được chấp nhận; chỉ nhận: ${accepted}`,
      en: `This type of file is not accepted; accepted: ${accepted}`,
    });
  }
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
  const stored = await storage.put(input.content);
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
