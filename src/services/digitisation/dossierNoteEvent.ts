import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { DossierRow } from "../dossiers/dossierStore.ts";
import { staleDossierError } from "../dossiers/dossierStore.ts";

/**
 * An event that records work on a dossier without changing its status (a component digitised and signed, an
 * exemption): the next sequence of the log, the version bumped only if nobody changed the dossier since it was read
 * (409 otherwise), and its outbox message (DESIGN §3) — in the caller's transaction with the change it records.
 * With `outbox: false` the caller writes the message itself, once the dossier's code is known (issue #21, R-CODE-1).
 */
export async function appendDossierNote(
  trx: Transaction<Database>,
  row: Pick<DossierRow, "id" | "code" | "agency_id" | "version" | "status">,
  event: {
    type: string;
    at: Date;
    /** Null for a system's own event (the postal service's notices, a watch). */
    actorUserId: string | null;
    actorRole: string;
    payload: Record<string, unknown>;
  },
  options: { outbox?: boolean } = {},
): Promise<number> {
  const updated = await trx
    .updateTable("dossiers")
    .set({ version: row.version + 1, updated_at: event.at })
    .where("id", "=", row.id)
    .where("version", "=", row.version)
    .returning("version")
    .executeTakeFirst();
  if (!updated) throw staleDossierError();
  const sequence = updated.version;
  await trx
    .insertInto("dossier_events")
    .values({
      dossier_id: row.id,
      sequence,
      agency_id: row.agency_id,
      type: event.type,
      at: event.at,
      actor_user_id: event.actorUserId,
      actor_role: event.actorRole,
      from_status: row.status,
      to_status: row.status,
      step: null,
      payload: JSON.stringify(event.payload),
    })
    .execute();
  if (options.outbox === false) return sequence;
  await trx
    .insertInto("outbox")
    .values({
      topic: "dossier.event",
      dossier_id: row.id,
      event_sequence: sequence,
      payload: JSON.stringify({
        dossierId: row.id,
        code: row.code,
        sequence,
        type: event.type,
        from: row.status,
        to: row.status,
        at: event.at.toISOString(),
      }),
    })
    .execute();
  return sequence;
}
