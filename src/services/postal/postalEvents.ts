import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { appendDossierNote } from "../digitisation/dossierNoteEvent.ts";

/**
 * An event of the postal service on a dossier, without a change of status (issue #18): the dossier's row is locked
 * first, since the postal service's notices and the delivery watch arrive without the dossier read, then the note
 * is appended as any other (next sequence, version check, outbox message) in the caller's transaction. The actor is
 * null for the postal service's own notices and the watch.
 */
export async function appendPostalEvent(
  trx: Transaction<Database>,
  dossierId: string,
  event: {
    type: string;
    at: Date;
    actorUserId: string | null;
    actorRole: string;
    payload: Record<string, unknown>;
  },
): Promise<number> {
  const row = await trx
    .selectFrom("dossiers")
    .select(["id", "code", "agency_id", "version", "status"])
    .where("id", "=", dossierId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return appendDossierNote(trx, row, event);
}
