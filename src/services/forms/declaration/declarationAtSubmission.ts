import type { Transaction } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { checkRequester, declarationOf } from "../../../domain/eform/declaration.ts";
import { labelsAt } from "../../../domain/eform/strictFormSchema.ts";
import type { FileStorage } from "../../../integrations/storage/fileStorage.ts";
import type { FieldError } from "../../validation/messages.ts";
import { placeOf } from "../formData.ts";
import { renderDeclaration } from "./renderDeclaration.ts";

export interface DeclarationComponent {
  id: string;
  position: number;
  code: string;
  name: string;
}

/**
 * The procedure component the offering's e-form stands for (issue #19, R-SUB-1): the one whose code the schema's
 * `x-declaration` names. Null when the form is not a declaration or the procedure has no such component.
 */
export async function declarationComponent(
  trx: Transaction<Database>,
  procedureId: string,
  schema: unknown,
): Promise<DeclarationComponent | null> {
  const spec = declarationOf(schema);
  if (!spec) return null;
  const row = await trx
    .selectFrom("procedure_components")
    .select(["id", "position", "code", "name"])
    .where("procedure_id", "=", procedureId)
    .where("code", "=", spec.component)
    .executeTakeFirst();
  return row ? { id: row.id, position: row.position, code: spec.component, name: row.name } : null;
}

/**
 * Người nộp and người yêu cầu (issue #19): the declaration's requester checked against the submitting account, each
 * problem named by the labels the applicant read ("Người yêu cầu › Số định danh cá nhân: …").
 */
export function requesterErrors(
  schema: unknown,
  formData: unknown,
  account: { fullName: string; idNumber: string | null },
  prefix = "formData",
): FieldError[] {
  return checkRequester(schema, formData, account).map((problem) => {
    const path = problem.path.split(".");
    const vi = labelsAt(schema as Record<string, unknown>, path, "vi").join(" › ");
    const en = labelsAt(schema as Record<string, unknown>, path, "en").join(" › ");
    return {
      field: `${prefix}.${problem.path}`,
      message: { vi: `${vi}: ${problem.message.vi}`, en: `${en}: ${problem.message.en}` },
    };
  });
}

export const declarationFileName = (code: string, dossierCode: string) =>
  `to-khai-${code.toLowerCase()}-${dossierCode}.pdf`;

/**
 * The filled declaration rendered as the official form and kept as the dossier's file for its component, in the
 * caller's transaction (the dossier and its first event are written in the same one): the component counts as
 * provided by the generated PDF, never by a scan the citizen would upload. Returns the new file's id.
 */
export async function attachDeclaration(
  trx: Transaction<Database>,
  storage: FileStorage,
  input: {
    dossier: { id: string; code: string; agency_id: string; deciding_agency_id: string };
    component: DeclarationComponent;
    schema: Record<string, unknown>;
    formData: Record<string, unknown>;
    procedure: { code: string; name: string };
    submitterName: string;
    uploaderUserId: string;
    eventSequence: number;
    now: Date;
  },
): Promise<string> {
  const agency = await trx
    .selectFrom("agencies")
    .select("name")
    .where("id", "=", input.dossier.deciding_agency_id)
    .executeTakeFirstOrThrow();
  const content = await renderDeclaration(input.schema, input.formData, {
    agencyName: agency.name,
    place: placeOf(agency.name),
    at: input.now,
    procedure: input.procedure,
    submitterName: input.submitterName,
    dossierCode: input.dossier.code,
  });
  const put = await storage.put(content);
  const row = await trx
    .insertInto("dossier_files")
    .values({
      dossier_id: input.dossier.id,
      agency_id: input.dossier.agency_id,
      component_id: input.component.id,
      purpose: "component",
      storage_key: put.key,
      sha256: put.sha256,
      file_name: declarationFileName(input.component.code, input.dossier.code),
      media_type: "application/pdf",
      size_bytes: put.size,
      uploaded_by: input.uploaderUserId,
      uploaded_at: input.now,
      event_sequence: input.eventSequence,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
