import type { Selectable, Transaction } from "kysely";
import { bindSlots, compiledOnce, slot } from "../../db/compiledOnce.ts";
import type { UploadsTable } from "../../db/dossierTables.ts";
import type { Database } from "../../db/schema.ts";
import { PayloadTooLargeError } from "../errors.ts";
import type { FileLimits } from "../files/storeUpload.ts";
import type { FieldError } from "../validation/messages.ts";

export interface FileReference {
  /** The procedure component the file is for; omitted for files that answer no single component. */
  componentPosition?: number | undefined;
  uploadId: string;
  /** Scanned from paper at the counter (R-RECV-7). */
  digitized?: boolean | undefined;
  /** Taken from the applicant's DataStore (R-KHO-1). */
  reused?: boolean | undefined;
}

export interface ResolvedUploads {
  uploads: Selectable<UploadsTable>[];
  components: { id: string; position: number; name: string; required: boolean }[];
  errors: FieldError[];
}

const fieldError = (field: string, vi: string, en: string): FieldError => ({ field, message: { vi, en } });

/**
 * Finds the uploads a request names — only the caller's own, not yet attached anywhere — and the procedure's
 * components, and says per field what does not exist. Nothing is written.
 */
export async function resolveUploads(
  trx: Transaction<Database>,
  input: { procedureId: string; uploaderUserId: string; files: readonly FileReference[]; field?: string },
): Promise<ResolvedUploads> {
  const field = input.field ?? "files";
  // Issue #21: both reads built and compiled once per process (compiledOnce; the uploads' one per count of ids).
  const componentsQuery = compiledOnce("resolveUploads:components", trx, (db) =>
    db
      .selectFrom("procedure_components")
      .select(["id", "position", "name", "required"])
      .where("procedure_id", "=", slot("procedureId"))
      .orderBy("position"),
  );
  const components = (await trx.executeQuery(bindSlots(componentsQuery, { procedureId: input.procedureId })))
    .rows;
  const uploadIds = [...new Set(input.files.map((file) => file.uploadId))];
  let uploads: Selectable<UploadsTable>[] = [];
  if (uploadIds.length > 0) {
    const values: Record<string, unknown> = { owner: input.uploaderUserId };
    uploadIds.forEach((id, index) => {
      values[`id${index}`] = id;
    });
    const uploadsQuery = compiledOnce(`resolveUploads:uploads:${uploadIds.length}`, trx, (db) =>
      db
        .selectFrom("uploads")
        .selectAll()
        .where(
          "id",
          "in",
          uploadIds.map((_, index) => slot(`id${index}`)),
        )
        .where("owner_user_id", "=", slot("owner"))
        .where("attached_at", "is", null),
    );
    uploads = (await trx.executeQuery(bindSlots(uploadsQuery, values))).rows;
  }
  const errors: FieldError[] = [];
  input.files.forEach((file, index) => {
    if (
      file.componentPosition !== undefined &&
      !components.some((component) => component.position === file.componentPosition)
    )
      errors.push(
        fieldError(
          `${field}.${index}.componentPosition`,
          "Thành phần hồ sơ không tồn tại",
          "No such dossier component",
        ),
      );
    if (!uploads.some((upload) => upload.id === file.uploadId))
      errors.push(
        fieldError(
          `${field}.${index}.uploadId`,
          "Không tìm thấy tệp đã tải lên (hoặc tệp đã được dùng cho hồ sơ khác)",
          "No such uploaded file (or it is already attached to another dossier)",
        ),
      );
  });
  return { uploads, components, errors };
}

/** R-SUB-1: every required component has at least one file. */
export function missingRequiredComponents(
  resolved: ResolvedUploads,
  files: readonly FileReference[],
  field = "files",
): FieldError[] {
  return resolved.components
    .filter(
      (component) =>
        component.required && !files.some((file) => file.componentPosition === component.position),
    )
    .map((component) =>
      fieldError(
        `${field}.component.${component.position}`,
        `Thiếu thành phần hồ sơ bắt buộc: ${component.name}`,
        `A required component is missing: ${component.name}`,
      ),
    );
}

/**
 * Attaches resolved uploads to a dossier as its files, in the caller's transaction, after checking the dossier's
 * total size (issue #4 §3). Returns the new dossier_files ids in the order of `files`.
 */
export async function attachUploads(
  trx: Transaction<Database>,
  input: {
    dossier: { id: string; agency_id: string };
    resolved: ResolvedUploads;
    files: readonly FileReference[];
    purpose: "component" | "supplement" | "result" | "notice" | "other";
    uploaderUserId: string;
    eventSequence: number;
    now: Date;
    limits: FileLimits;
  },
): Promise<string[]> {
  const { size } = await trx
    .selectFrom("dossier_files")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("size_bytes"), eb.lit(0)).as("size"))
    .where("dossier_id", "=", input.dossier.id)
    .executeTakeFirstOrThrow();
  const adding = input.files.reduce(
    (sum, file) =>
      sum + (input.resolved.uploads.find((upload) => upload.id === file.uploadId)?.size_bytes ?? 0),
    0,
  );
  if (Number(size) + adding > input.limits.maxDossierBytes) {
    const limit = Math.round(input.limits.maxDossierBytes / 1_048_576);
    throw new PayloadTooLargeError({
      vi: `Tổng dung lượng tệp của hồ sơ vượt quá ${limit} MB`,
      en: `The dossier's files exceed ${limit} MB in total`,
    });
  }
  const ids: string[] = [];
  for (const file of input.files) {
    const upload = input.resolved.uploads.find((candidate) => candidate.id === file.uploadId)!;
    const component = input.resolved.components.find(
      (candidate) => candidate.position === file.componentPosition,
    );
    const { id } = await trx
      .insertInto("dossier_files")
      .values({
        dossier_id: input.dossier.id,
        agency_id: input.dossier.agency_id,
        component_id: component?.id ?? null,
        purpose: input.purpose,
        storage_key: upload.storage_key,
        sha256: upload.sha256,
        file_name: upload.file_name,
        media_type: upload.media_type,
        size_bytes: upload.size_bytes,
        digitized: file.digitized ?? false,
        reused: file.reused ?? false,
        uploaded_by: input.uploaderUserId,
        uploaded_at: upload.created_at,
        event_sequence: input.eventSequence,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(id);
  }
  const uploadIds = [...new Set(input.files.map((file) => file.uploadId))];
  if (uploadIds.length > 0)
    await trx.updateTable("uploads").set({ attached_at: input.now }).where("id", "in", uploadIds).execute();
  return ids;
}
