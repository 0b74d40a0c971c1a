import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { documentType } from "../../domain/dataStore/documentTypes.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import type { Actor } from "../accounts/actor.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { openStoredFile, type StoredFileStream, whileOpen } from "../files/storedFileStream.ts";
import { recordAccess } from "./accessLog.ts";

export interface StoredDocumentView {
  id: string;
  source: "result" | "component";
  documentType: string;
  typeName: { vi: string; en: string };
  name: string;
  componentCode: string | null;
  procedureCode: string;
  sourceDossierCode: string;
  verificationCode: string | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  validFrom: string;
  validUntil: string | null;
  addedAt: string;
  revokedAt: string | null;
  /** Usable for a new dossier now: not revoked, within its validity. */
  reusable: boolean;
  timesReused: number;
}

const documentNotFound = () =>
  new NotFoundError({
    vi: "Không tìm thấy giấy tờ trong kho dữ liệu",
    en: "No such document in the data store",
  });

const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

/** The applicant's own DataStore (R-KHO-1): every document, newest first; nobody else's. */
export async function listOwnDocuments(
  db: Kysely<Database>,
  input: { actor: Actor; now: Date },
): Promise<StoredDocumentView[]> {
  const rows = await db
    .selectFrom("data_store_documents as d")
    .selectAll("d")
    .select((eb) =>
      eb
        .selectFrom("data_store_reuses as r")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("r.document_id", "=", "d.id")
        .as("times_reused"),
    )
    .where("d.owner_user_id", "=", input.actor.userId)
    .orderBy("d.added_at", "desc")
    .orderBy("d.id")
    .execute();
  return rows.map((row) => {
    const now = input.now.getTime();
    const validUntil = row.valid_until === null ? null : new Date(row.valid_until);
    const known = documentType(row.document_type);
    return {
      id: row.id,
      source: row.source,
      documentType: row.document_type,
      typeName: known?.name ?? { vi: row.name, en: row.name },
      name: row.name,
      componentCode: row.component_code,
      procedureCode: row.procedure_code,
      sourceDossierCode: row.source_dossier_code,
      verificationCode: row.verification_code,
      fileName: row.file_name,
      mediaType: row.media_type,
      sizeBytes: row.size_bytes,
      validFrom: iso(row.valid_from)!,
      validUntil: iso(row.valid_until),
      addedAt: iso(row.added_at)!,
      revokedAt: iso(row.revoked_at),
      reusable:
        row.revoked_at === null &&
        new Date(row.valid_from).getTime() <= now &&
        (validUntil === null || validUntil.getTime() > now),
      timesReused: Number(row.times_reused ?? 0),
    };
  });
}

async function ownDocument(db: Kysely<Database>, actor: Actor, id: string) {
  const row = await db
    .selectFrom("data_store_documents")
    .selectAll()
    .where("id", "=", id)
    .where("owner_user_id", "=", actor.userId)
    .executeTakeFirst();
  // Another applicant's document answers as an unknown one: nobody learns it exists.
  if (!row) throw documentNotFound();
  return row;
}

/**
 * The owner downloads a stored document; the download is logged (R-KHO-1). The bytes are opened as a stream from the
 * store, never read whole (issue #21 item 5); bytes gone from the store answer as an unknown document (404).
 */
export async function downloadOwnDocument(
  db: Kysely<Database>,
  storage: FileStorage,
  input: { actor: Actor; documentId: string; now: Date },
): Promise<{ content: StoredFileStream; fileName: string; mediaType: string }> {
  const row = await ownDocument(db, input.actor, input.documentId);
  const content = await openStoredFile(storage, row.storage_key, documentNotFound);
  await whileOpen(content, () =>
    recordAccess(db, {
      documentId: row.id,
      ownerUserId: row.owner_user_id,
      action: "downloaded",
      at: input.now,
      actor: input.actor,
    }),
  );
  return { content, fileName: row.file_name, mediaType: row.media_type };
}

/**
 * The owner withdraws a document from future reuse (R-KHO-1: the applicant controls the store). Dossiers that
 * already used it keep it — they were decided on it — and the revocation is in the log. Revoking twice is 409.
 */
export async function revokeOwnDocument(
  db: Kysely<Database>,
  input: { actor: Actor; documentId: string; now: Date },
): Promise<StoredDocumentView> {
  await inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("data_store_documents")
      .select(["id", "owner_user_id", "revoked_at"])
      .where("id", "=", input.documentId)
      .where("owner_user_id", "=", input.actor.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw documentNotFound();
    if (row.revoked_at !== null)
      throw new ConflictError("ALREADY_REVOKED", {
        vi: "Giấy tờ này đã được thu hồi khỏi việc tái sử dụng",
        en: "This document is already withdrawn from reuse",
      });
    await trx
      .updateTable("data_store_documents")
      .set({ revoked_at: input.now })
      .where("id", "=", row.id)
      .execute();
    await recordAccess(trx, {
      documentId: row.id,
      ownerUserId: row.owner_user_id,
      action: "revoked",
      at: input.now,
      actor: input.actor,
    });
  });
  const all = await listOwnDocuments(db, input);
  return all.find((document) => document.id === input.documentId)!;
}
