import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { buildDossierRecord } from "../../domain/sync/dossierPayload.ts";
import type { SyncPacket } from "../../domain/sync/payloads.ts";
import { buildProgressRecord, isHandover } from "../../domain/sync/progressPayload.ts";
import {
  isUpdatingPacket,
  packetKey,
  packetSequence,
  syncedFieldsChanged,
} from "../../domain/sync/sequencing.ts";
import { enqueueDeliveries, type NewDelivery } from "../delivery/outboundQueue.ts";
import { unhandledOutboxIds } from "../delivery/outboxConsumer.ts";
import { nextTurn } from "../notifications/deliverNotifications.ts";
import { loadDossierSyncFacts, loadHandoverFacts } from "./dossierSyncFacts.ts";

/** The consumer name of the DVCQG sync in outbox_consumptions, and the destination of its deliveries. */
export const DVCQG_CONSUMER = "dvcqg";
export const DVCQG_DESTINATION = "dvcqg";

export interface SyncFanOutCounts {
  events: number;
  packets: number;
}

/**
 * The packets one dossier event produces (R-SYNC-1): the dossier record when a synced field differs from the last
 * one queued (always on the dossier's first packet, which goes with isUpdating = false), and a progress entry when
 * the event is a handover. Written in the caller's transaction with the dossier's sync state, which is locked first so
 * two workers never interleave one dossier's packets.
 */
async function handleEvent(
  trx: Transaction<Database>,
  outboxId: number,
  publicUrl: string,
  now: Date,
): Promise<number | undefined> {
  // Issue #21: claim and source in one statement, the state's upsert and lock in another (each statement is a round
  // trip, and this runs for every synced event). The claim's insert waits for a second worker's uncommitted one and
  // then finds the key taken: no row, nothing to do.
  const claimed = await trx
    .with("claimed", (db) =>
      db
        .insertInto("outbox_consumptions")
        .values({ consumer: DVCQG_CONSUMER, outbox_id: outboxId, processed_at: now })
        .onConflict((conflict) => conflict.columns(["consumer", "outbox_id"]).doNothing())
        .returning("outbox_id"),
    )
    .selectFrom("claimed as c")
    .leftJoin("outbox as o", "o.id", "c.outbox_id")
    .leftJoin("dossier_events as e", (join) =>
      join.onRef("e.dossier_id", "=", "o.dossier_id").onRef("e.sequence", "=", "o.event_sequence"),
    )
    .leftJoin("dossiers as d", "d.id", "o.dossier_id")
    .select(["e.type", "e.sequence", "d.id", "d.agency_id"])
    .executeTakeFirst();
  if (!claimed) return undefined;
  // Outbox rows of other topics, or without a logged event, produce no packet; they stay consumed.
  if (claimed.type === null || claimed.sequence === null || claimed.id === null || claimed.agency_id === null)
    return 0;
  const source = {
    type: claimed.type,
    sequence: claimed.sequence,
    id: claimed.id,
    agency_id: claimed.agency_id,
  };
  // Locked for the rest of the transaction, so two workers never interleave one dossier's packets.
  const state = await trx
    .insertInto("dvcqg_sync_states")
    .values({ dossier_id: source.id, agency_id: source.agency_id, state: "pending", updated_at: now })
    .onConflict((conflict) => conflict.column("dossier_id").doUpdateSet({ updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
  const facts = await loadDossierSyncFacts(trx, source.id, publicUrl);
  if (!facts) return 0;
  const deliveries: NewDelivery[] = [];
  const record = buildDossierRecord(facts);
  // History from before the sync existed (the seeded demo province) counts as synchronised: its outbox rows were
  // consumed when it was marked, and a later change to such a dossier is an update of what DVCQG already holds.
  const first = state.last_record === null && state.state !== "baseline";
  if (first || syncedFieldsChanged(state.last_record, record)) {
    const sequence = packetSequence(source.sequence, "DongBoHoSoMC");
    const packet: SyncPacket = { service: "DongBoHoSoMC", isUpdating: !first, data: [record] };
    deliveries.push({
      destination: DVCQG_DESTINATION,
      idempotencyKey: packetKey(facts.code, "DongBoHoSoMC", sequence),
      orderingKey: source.id,
      sequence,
      dossierId: source.id,
      agencyId: source.agency_id,
      payload: packet as unknown as Record<string, unknown>,
    });
  }
  if (isHandover(source.type)) {
    const handover = await loadHandoverFacts(trx, source.id, source.sequence);
    if (handover) {
      const sequence = packetSequence(source.sequence, "CapNhatTienDoHoSoMC");
      const packet: SyncPacket = {
        service: "CapNhatTienDoHoSoMC",
        // Never the first packet: the dossier record of the creating event always precedes it.
        isUpdating: isUpdatingPacket(sequence, packetSequence(1, "DongBoHoSoMC")),
        data: [buildProgressRecord(handover)],
      };
      deliveries.push({
        destination: DVCQG_DESTINATION,
        idempotencyKey: packetKey(facts.code, "CapNhatTienDoHoSoMC", sequence),
        orderingKey: source.id,
        sequence,
        dossierId: source.id,
        agencyId: source.agency_id,
        payload: packet as unknown as Record<string, unknown>,
      });
    }
  }
  const created = await enqueueDeliveries(trx, deliveries, now);
  await trx
    .updateTable("dvcqg_sync_states")
    .set({
      last_record: JSON.stringify(record),
      last_event_sequence: Math.max(state.last_event_sequence, source.sequence),
      ...(created > 0
        ? {
            state: state.state === "failed" ? ("failed" as const) : ("pending" as const),
            last_enqueued_at: now,
            oldest_pending_at:
              state.state === "pending" && state.oldest_pending_at ? state.oldest_pending_at : now,
          }
        : {}),
      updated_at: now,
    })
    .where("dossier_id", "=", source.id)
    .execute();
  return created;
}

/**
 * Turns outbox rows of dossier events into DVCQG packets (issue #13), like the notification fan-out: what this
 * consumer handled is recorded in outbox_consumptions in the same transaction as the packets it produced, so any
 * number of workers may run it and each event is handled once.
 */
export async function fanOutSync(
  db: Kysely<Database>,
  now: Date,
  options: { publicUrl: string; batchSize?: number },
): Promise<SyncFanOutCounts> {
  const counts: SyncFanOutCounts = { events: 0, packets: 0 };
  const candidates = await unhandledOutboxIds(db, DVCQG_CONSUMER, options.batchSize ?? 200);
  // One transaction per event, the event loop served between two (issue #21): batching events into one transaction
  // saved a commit per event on PostgreSQL, but on the embedded database's one session a batch of 25 held every
  // request behind it (submit/accept alone, p99 410 ms against 168 ms one by one, PGlite at 10k dossiers).
  for (const [index, id] of candidates.entries()) {
    if (index > 0) await nextTurn();
    const created = await db.transaction().execute((trx) => handleEvent(trx, id, options.publicUrl, now));
    if (created === undefined) continue;
    counts.events += 1;
    counts.packets += created;
  }
  return counts;
}

/**
 * Marks everything recorded so far as already synchronised (the seeded demo history is never pushed, issue #13):
 * each dossier without a sync state gets `baseline`, and every outbox row is consumed.
 */
export async function markHistorySynchronised(db: Kysely<Database>, now: Date): Promise<void> {
  await sql`
    insert into outbox_consumptions (consumer, outbox_id, processed_at)
    select ${DVCQG_CONSUMER}, id, ${now} from outbox where topic = 'dossier.event'
    on conflict do nothing`.execute(db);
  await sql`
    insert into dvcqg_sync_states (dossier_id, agency_id, state, last_event_sequence, updated_at)
    select id, agency_id, 'baseline', version, ${now} from dossiers
    on conflict do nothing`.execute(db);
}
