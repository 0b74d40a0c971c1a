import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import {
  componentTypeOf,
  documentType,
  resultTypeOf,
  validUntil,
} from "../../domain/dataStore/documentTypes.ts";
import { recordAccess } from "./accessLog.ts";

/** What the store needs of the dossier whose result was issued. */
export interface IssuedDossier {
  id: string;
  code: string;
  owner_user_id: string | null;
  procedure_code: string;
  procedure_result: string;
}

/**
 * A result issued to an applicant with an account lands in their DataStore (R-KHO-1, R-DIG-1: results still valid
 * are linked to the store), together with the dossier's received components that stand for a known document type
 * (a certificate handed in, reusable later). Runs inside the approving command's transaction (called by
 * issueVerifiableResult), so the stored document exists exactly when the result does. A dossier without an account
 * (a paper applicant) has no store: nothing is written.
 */
export async function storeIssuedResult(
  trx: Transaction<Database>,
  input: {
    dossierId: string;
    fileId: string;
    verificationCode: string;
    now: Date;
    /** The dossier's facts when the caller has just read them in this transaction (one read fewer, issue #21). */
    dossier?: IssuedDossier | undefined;
  },
): Promise<void> {
  const dossier =
    input.dossier ??
    (await trx
      .selectFrom("dossiers as d")
      .innerJoin("procedures as p", "p.id", "d.procedure_id")
      .select([
        "d.id",
        "d.code",
        "d.owner_user_id",
        "p.code as procedure_code",
        "p.result as procedure_result",
      ])
      .where("d.id", "=", input.dossierId)
      .executeTakeFirstOrThrow());
  if (!dossier.owner_user_id) return;
  const ownerUserId = dossier.owner_user_id;
  const files = await trx
    .selectFrom("dossier_files as f")
    .leftJoin("procedure_components as c", "c.id", "f.component_id")
    .leftJoin("data_store_reuses as r", "r.dossier_file_id", "f.id")
    .select([
      "f.id",
      "f.purpose",
      "f.storage_key",
      "f.sha256",
      "f.file_name",
      "f.media_type",
      "f.size_bytes",
      "c.code as component_code",
      "c.name as component_name",
      "r.document_id as reused_document",
    ])
    .where("f.dossier_id", "=", input.dossierId)
    .where((eb) => eb.or([eb("f.id", "=", input.fileId), eb("f.purpose", "=", "component")]))
    .execute();
  for (const file of files) {
    const isResult = file.id === input.fileId;
    // A component reused from the store is already there: the store keeps one entry per document.
    if (!isResult && file.reused_document !== null) continue;
    const type = isResult
      ? (resultTypeOf(dossier.procedure_code) ?? `KQ_${dossier.procedure_code}`)
      : componentTypeOf(dossier.procedure_code, file.component_code);
    if (type === undefined) continue;
    const known = documentType(type);
    const name =
      known?.name.vi ?? (isResult ? dossier.procedure_result : (file.component_name ?? file.file_name));
    const inserted = await trx
      .insertInto("data_store_documents")
      .values({
        owner_user_id: ownerUserId,
        source: isResult ? "result" : "component",
        document_type: type,
        name,
        component_code: isResult ? null : file.component_code,
        procedure_code: dossier.procedure_code,
        source_dossier_id: dossier.id,
        source_dossier_code: dossier.code,
        source_file_id: file.id,
        verification_code: isResult ? input.verificationCode : null,
        storage_key: file.storage_key,
        sha256: file.sha256,
        file_name: file.file_name,
        media_type: file.media_type,
        size_bytes: file.size_bytes,
        valid_from: input.now,
        valid_until: validUntil(type, input.now),
        added_at: input.now,
        revoked_at: null,
      })
      .onConflict((conflict) => conflict.column("source_file_id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted)
      await recordAccess(trx, {
        documentId: inserted.id,
        ownerUserId,
        action: "stored",
        at: input.now,
        actor: null,
        dossier: { id: dossier.id, code: dossier.code },
      });
  }
}
