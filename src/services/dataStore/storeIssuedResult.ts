import { type Insertable, type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { DataStoreDocumentsTable } from "../../db/archiveTables.ts";
import { bindSlots, compiledOnce, slotted } from "../../db/compiledOnce.ts";
import type { Database } from "../../db/schema.ts";
import {
  componentTypeOf,
  documentType,
  resultTypeOf,
  validUntil,
} from "../../domain/dataStore/documentTypes.ts";
import { accessLogRow } from "./accessLog.ts";

/** What the store needs of the dossier whose result was issued. */
export interface IssuedDossier {
  id: string;
  code: string;
  owner_user_id: string | null;
  procedure_code: string;
  procedure_result: string;
}

/** A file of the dossier the store may take: the result, or a received component (with its reuse, if any). */
export interface StorableFile {
  id: string;
  purpose: string;
  storage_key: string;
  sha256: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  component_code: string | null;
  component_name: string | null;
  reused_document: string | null;
}

/** The dossier's result file `fileId` and its received components, with what the store needs of each. */
function storableFiles(db: Kysely<Database>, dossierId: string, fileId: string) {
  return db
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
    .where("f.dossier_id", "=", dossierId)
    .where((eb) => eb.or([eb("f.id", "=", fileId), eb("f.purpose", "=", "component")]));
}

/**
 * `storableFiles` as one JSON column of the caller's statement (issue #21: the issuing command reads them with the
 * dossier instead of in a round trip of its own). Read after the result file is attached, as storeIssuedResult reads
 * them.
 */
export function storableFilesColumn(
  db: Kysely<Database>,
  dossierId: string,
  fileId: string,
): RawBuilder<StorableFile[] | string> {
  return sql<
    StorableFile[] | string
  >`(select coalesce(json_agg(files), '[]'::json) from (${storableFiles(db, dossierId, fileId)}) as files)`;
}

/**
 * A result issued to an applicant with an account lands in their DataStore (R-KHO-1, R-DIG-1: results still valid
 * are linked to the store), together with the dossier's received components that stand for a known document type
 * (a certificate handed in, reusable later). Runs inside the approving command's transaction (called by
 * issueVerifiableResult), so the stored document exists exactly when the result does. A dossier without an account
 * (a paper applicant) has no store: nothing is written. All the documents and their access-log lines (R-KHO-1) are
 * written in one statement (issue #21).
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
    /** The dossier's storable files when the caller read them (`storableFilesColumn`) with its own statement. */
    files?: StorableFile[] | string | undefined;
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
  const files: StorableFile[] =
    input.files === undefined
      ? await storableFiles(trx, input.dossierId, input.fileId).execute()
      : typeof input.files === "string"
        ? (JSON.parse(input.files) as StorableFile[])
        : input.files;
  const documents: Insertable<DataStoreDocumentsTable>[] = [];
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
    documents.push({
      owner_user_id: ownerUserId,
      source: isResult ? ("result" as const) : ("component" as const),
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
    });
  }
  if (documents.length === 0) return;
  // Each document the store did not hold yet gets its "stored" line (R-KHO-1); one already there (the same file
  // stored before) gets neither, as the conflict leaves it out of `stored`.
  const line = accessLogRow({
    documentId: "",
    ownerUserId,
    action: "stored",
    at: input.now,
    actor: null,
    dossier: { id: dossier.id, code: dossier.code },
  });
  // Issue #21: built and compiled once per process for each shape (how many documents, which columns), run with
  // these values.
  const bound: Record<string, unknown> = {};
  const documentSlots = documents.map((document, index) => slotted(`d${index}.`, document, bound));
  const lineSlots = slotted("line.", line, bound);
  const key = `storeIssuedResult:${documentSlots.map((one) => one.shape).join("|")}:${lineSlots.shape}`;
  const query = compiledOnce(key, trx, (db) =>
    db
      .with("stored", (db) =>
        db
          .insertInto("data_store_documents")
          .values(documentSlots.map((one) => one.slots))
          .onConflict((conflict) => conflict.column("source_file_id").doNothing())
          .returning("id"),
      )
      .insertInto("data_store_access_log")
      .columns([
        "document_id",
        "owner_user_id",
        "at",
        "actor_user_id",
        "actor_name",
        "actor_kind",
        "action",
        "dossier_id",
        "dossier_code",
      ])
      .expression((eb) =>
        eb
          .selectFrom("stored")
          .select([
            "stored.id",
            eb.val(lineSlots.slots.owner_user_id).as("owner_user_id"),
            eb.val(lineSlots.slots.at).as("at"),
            eb.val(lineSlots.slots.actor_user_id).as("actor_user_id"),
            eb.val(lineSlots.slots.actor_name).as("actor_name"),
            eb.val(lineSlots.slots.actor_kind).as("actor_kind"),
            eb.val(lineSlots.slots.action).as("action"),
            eb.val(lineSlots.slots.dossier_id).as("dossier_id"),
            eb.val(lineSlots.slots.dossier_code).as("dossier_code"),
          ]),
      ),
  );
  await trx.executeQuery(bindSlots(query, bound));
}
