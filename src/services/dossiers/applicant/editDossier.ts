import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { inTransaction } from "../../../db/transaction.ts";
import type { FileStorage } from "../../../integrations/storage/fileStorage.ts";
import type { Actor } from "../../accounts/actor.ts";
import { ValidationError } from "../../errors.ts";
import type { FileLimits } from "../../files/storeUpload.ts";
import {
  attachDeclaration,
  type DeclarationComponent,
  declarationComponent,
  declarationFileName,
  requesterErrors,
} from "../../forms/declaration/declarationAtSubmission.ts";
import { checkFormData } from "../../validation/formData.ts";
import type { FieldError } from "../../validation/messages.ts";
import {
  attachUploads,
  type FileReference,
  missingRequiredComponents,
  resolveUploads,
} from "../attachUploads.ts";
import { authorizeAs, domainActor } from "../dossierAccess.ts";
import { type DossierRecord, findDossier } from "../dossierStore.ts";
import { dossierNotFound, runDossierCommand } from "../runDossierCommand.ts";

export interface EditDossierInput {
  actor: Actor;
  dossierId: string;
  expectedVersion?: number | undefined;
  /** The whole new e-form data, validated like a submission. */
  formData?: Record<string, unknown> | undefined;
  /** Files to add, each for a component. */
  addFiles?: (FileReference & { componentPosition: number })[] | undefined;
  /** Ids of the dossier's component files to remove. */
  removeFileIds?: string[] | undefined;
  now: Date;
  limits: FileLimits;
  /** Where the declaration's PDF is rendered again when the e-form that is the declaration changes (issue #19). */
  storage?: FileStorage | undefined;
}

/**
 * Before acceptance the applicant may still change an online dossier (R-SUB-3): the e-form data, and component files
 * added or removed. The result must still be a complete submission (R-SUB-1). Outcomes: the dossier with an `edited`
 * event; 400 per field; 404 not the applicant's; 409 once accepted or stale.
 */
export async function editDossier(db: Kysely<Database>, input: EditDossierInput): Promise<DossierRecord> {
  const role = input.actor.kind === "organisation" ? "organisation_representative" : "citizen";
  const addFiles = input.addFiles ?? [];
  const removeFileIds = input.removeFileIds ?? [];
  const changes = [
    ...(input.formData ? ["formData"] : []),
    ...(addFiles.length > 0 ? ["addFiles"] : []),
    // Removed files leave the dossier; the event keeps which ones, so the trail stays complete (DESIGN §3).
    ...removeFileIds.map((id) => `removeFile:${id}`),
  ];
  return inTransaction(db, async (trx) => {
    const current = await findDossier(trx, input.dossierId);
    if (!current) throw dossierNotFound();
    authorizeAs(input.actor, role)(current.row);

    const errors: FieldError[] = [];
    let declaration: { component: DeclarationComponent; schema: Record<string, unknown> } | null = null;
    if (input.formData) {
      const offering = await trx
        .selectFrom("procedure_offerings")
        .select("form_schema")
        .where("id", "=", current.row.offering_id)
        .executeTakeFirstOrThrow();
      // Issue #20: the same strict reading of the procedure's form as at submission (R-SUB-1).
      errors.push(...checkFormData(offering.form_schema, input.formData));
      // Issue #19: an e-form that is the procedure's declaration is checked against the account as at submission,
      // and its PDF is rendered again below, so the file the officer reads always says what the form says.
      const component =
        input.storage && offering.form_schema
          ? await declarationComponent(trx, current.row.procedure_id, offering.form_schema)
          : null;
      if (component && offering.form_schema) {
        declaration = { component, schema: offering.form_schema };
        errors.push(
          ...requesterErrors(offering.form_schema, input.formData, {
            fullName: current.row.applicant_name,
            idNumber: current.row.applicant_id_number,
          }),
        );
      }
    }
    const existing = await trx
      .selectFrom("dossier_files as f")
      .leftJoin("procedure_components as c", "c.id", "f.component_id")
      .select(["f.id", "c.position"])
      .where("f.dossier_id", "=", current.row.id)
      .where("f.purpose", "=", "component")
      .execute();
    removeFileIds.forEach((id, index) => {
      if (!existing.some((file) => file.id === id))
        errors.push({
          field: `removeFileIds.${index}`,
          message: { vi: "Tệp không thuộc hồ sơ này", en: "This file is not part of the dossier" },
        });
    });
    const resolved = await resolveUploads(trx, {
      procedureId: current.row.procedure_id,
      uploaderUserId: input.actor.userId,
      files: addFiles,
      field: "addFiles",
    });
    errors.push(...resolved.errors);
    const remaining = [
      ...existing
        .filter((file) => !removeFileIds.includes(file.id) && file.position !== null)
        .map((file) => ({ componentPosition: file.position as number, uploadId: file.id })),
      ...addFiles,
      // The declaration typed in the e-form is provided by its generated PDF (issue #19).
      ...(declaration ? [{ componentPosition: declaration.component.position, uploadId: "" }] : []),
    ];
    errors.push(...missingRequiredComponents(resolved, remaining, "files"));
    if (errors.length > 0) throw new ValidationError(errors);

    return runDossierCommand(trx, {
      dossierId: input.dossierId,
      // An empty change list is refused by the rules (CHANGES_REQUIRED).
      command: { type: "editBeforeAcceptance", changes },
      actor: domainActor(input.actor, role),
      author: { userId: input.actor.userId, role },
      now: input.now,
      expectedVersion: input.expectedVersion,
      authorize: authorizeAs(input.actor, role),
      alongside: async (inner, record) => {
        if (input.formData)
          await inner
            .updateTable("dossiers")
            .set({ form_data: JSON.stringify(input.formData) })
            .where("id", "=", record.row.id)
            .execute();
        if (removeFileIds.length > 0)
          await inner.deleteFrom("dossier_files").where("id", "in", removeFileIds).execute();
        if (declaration && input.formData && input.storage) {
          // The previous rendering leaves with the event that replaced it; the event keeps the trail (DESIGN §3).
          await inner
            .deleteFrom("dossier_files")
            .where("dossier_id", "=", record.row.id)
            .where("component_id", "=", declaration.component.id)
            .where("file_name", "=", declarationFileName(declaration.component.code, record.row.code))
            .execute();
          const procedure = await inner
            .selectFrom("procedures")
            .select(["code", "name"])
            .where("id", "=", record.row.procedure_id)
            .executeTakeFirstOrThrow();
          await attachDeclaration(inner, input.storage, {
            dossier: record.row,
            component: declaration.component,
            schema: declaration.schema,
            formData: input.formData,
            procedure,
            submitterName: record.row.applicant_name,
            uploaderUserId: input.actor.userId,
            eventSequence: record.row.version,
            now: input.now,
          });
        }
        if (addFiles.length > 0)
          await attachUploads(inner, {
            dossier: record.row,
            resolved,
            files: addFiles,
            purpose: "component",
            uploaderUserId: input.actor.userId,
            eventSequence: record.row.version,
            now: input.now,
            limits: input.limits,
          });
      },
    });
  });
}
