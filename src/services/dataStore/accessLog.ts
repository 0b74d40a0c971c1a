import type { Kysely, Transaction } from "kysely";
import type { DataStoreAccessAction } from "../../db/archiveTables.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../accounts/actor.ts";
import { isApplicant } from "../accounts/actor.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface AccessEntry {
  documentId: string;
  ownerUserId: string;
  action: DataStoreAccessAction;
  at: Date;
  /** Null for OneStop itself (a result landing in the store). */
  actor: Pick<Actor, "userId" | "fullName" | "kind"> | null;
  dossier?: { id: string; code: string } | undefined;
}

/** R-KHO-1: every access to a stored document leaves a line the owner reads. */
export async function recordAccess(db: Db, entry: AccessEntry): Promise<void> {
  await db.insertInto("data_store_access_log").values(accessLogRow(entry)).execute();
}

/** The access log's line of one access (`recordAccess`), for a caller writing several in one statement. */
export function accessLogRow(entry: AccessEntry) {
  return {
    document_id: entry.documentId,
    owner_user_id: entry.ownerUserId,
    at: entry.at,
    actor_user_id: entry.actor?.userId ?? null,
    actor_name: entry.actor?.fullName ?? "OneStop",
    actor_kind:
      entry.actor === null
        ? ("system" as const)
        : entry.actor.userId === entry.ownerUserId
          ? ("owner" as const)
          : ("officer" as const),
    action: entry.action,
    dossier_id: entry.dossier?.id ?? null,
    dossier_code: entry.dossier?.code ?? null,
  };
}

/**
 * A dossier file was read: when it is a stored document (the result that went to the store, or a component reused
 * from it) and the reader is not the owner, the owner's log says who read it through which dossier (R-KHO-1). The
 * dossier route has already checked that the reader may see that dossier — the only way an officer reaches a
 * stored document.
 */
export async function logDossierFileAccess(
  db: Kysely<Database>,
  input: { dossierId: string; dossierCode: string; fileId: string; actor: Actor; now: Date },
): Promise<void> {
  if (isApplicant(input.actor)) return;
  const documents = await db
    .selectFrom("data_store_documents as d")
    .leftJoin("data_store_reuses as r", "r.document_id", "d.id")
    .select(["d.id", "d.owner_user_id"])
    .where((eb) =>
      eb.or([
        eb.and([eb("r.dossier_file_id", "=", input.fileId), eb("r.dossier_id", "=", input.dossierId)]),
        eb("d.source_file_id", "=", input.fileId),
      ]),
    )
    .execute();
  const seen = new Set<string>();
  for (const document of documents) {
    if (seen.has(document.id)) continue;
    seen.add(document.id);
    await recordAccess(db, {
      documentId: document.id,
      ownerUserId: document.owner_user_id,
      action: "viewed",
      at: input.now,
      actor: input.actor,
      dossier: { id: input.dossierId, code: input.dossierCode },
    });
  }
}

export interface AccessLogLine {
  at: string;
  documentId: string;
  documentName: string;
  action: DataStoreAccessAction;
  actorName: string;
  actorKind: "owner" | "officer" | "system";
  dossierCode: string | null;
}

/** The owner's access log, newest first (R-KHO-1), paged. */
export async function ownAccessLog(
  db: Kysely<Database>,
  input: { actor: Actor; page: number; pageSize: number },
): Promise<{ total: number; items: AccessLogLine[] }> {
  const base = db.selectFrom("data_store_access_log as l").where("l.owner_user_id", "=", input.actor.userId);
  const { n } = await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  const rows = await base
    .innerJoin("data_store_documents as d", "d.id", "l.document_id")
    .select(["l.at", "l.document_id", "d.name", "l.action", "l.actor_name", "l.actor_kind", "l.dossier_code"])
    .orderBy("l.at", "desc")
    .orderBy("l.id", "desc")
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  return {
    total: Number(n),
    items: rows.map((row) => ({
      at: new Date(row.at).toISOString(),
      documentId: row.document_id,
      documentName: row.name,
      action: row.action,
      actorName: row.actor_name,
      actorKind: row.actor_kind,
      dossierCode: row.dossier_code,
    })),
  };
}
