import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { SyncPacket } from "../../domain/sync/payloads.ts";
import type { DvcqgSyncPort } from "../../integrations/dvcqg/syncPort.ts";
import {
  type DeliveryCounts,
  type DeliveryHooks,
  type DeliveryPolicy,
  type DeliveryTransport,
  deliverDue,
} from "../delivery/outboundQueue.ts";
import { DVCQG_DESTINATION } from "./fanOutSync.ts";

/** Recomputes a dossier's sync state from its deliveries after one of them changed (R-SYNC-5 per-dossier state). */
async function refreshState(trx: Transaction<Database>, dossierId: string, now: Date, error: string | null) {
  const open = await trx
    .selectFrom("outbound_deliveries")
    .select(["status", "created_at", "last_error"])
    .where("dossier_id", "=", dossierId)
    .where("destination", "=", DVCQG_DESTINATION)
    .where("status", "<>", "sent")
    .orderBy("sequence")
    .execute();
  const dead = open.find((row) => row.status === "dead");
  await trx
    .updateTable("dvcqg_sync_states")
    .set({
      state: dead ? "failed" : open.length > 0 ? "pending" : "synced",
      oldest_pending_at: open[0]?.created_at ?? null,
      last_error: dead?.last_error ?? error,
      ...(error === null ? { last_delivered_at: now } : {}),
      updated_at: now,
    })
    .where("dossier_id", "=", dossierId)
    .execute();
}

export const syncStateHooks: DeliveryHooks = {
  async delivered(trx, delivery, now) {
    if (delivery.dossier_id) await refreshState(trx, delivery.dossier_id, now, null);
  },
  async failed(trx, delivery, outcome, now) {
    if (delivery.dossier_id) await refreshState(trx, delivery.dossier_id, now, outcome.error);
  },
};

/** The DVCQG port as the delivery mechanism's transport: the stored packet, its sequence and idempotency key. */
export function dvcqgTransport(port: DvcqgSyncPort): DeliveryTransport {
  return {
    send: (delivery) =>
      port.push({
        body: delivery.payload as unknown as SyncPacket,
        sequence: Number(delivery.sequence),
        idempotencyKey: delivery.idempotency_key,
      }),
  };
}

export interface SyncDeliveryOptions {
  /** DVCQG_SYNC_MAX_BACKOFF_S (default 60). */
  maxBackoffSeconds: number;
  baseBackoffSeconds?: number;
  /** DVCQG_SYNC_MAX_REJECTIONS: refusals (4xx) before a packet is a dead letter. */
  maxRejections?: number;
  /** DVCQG_SYNC_GIVE_UP_HOURS: how long transient failures are retried before the packet is a dead letter. */
  giveUpHours?: number;
  leaseSeconds?: number;
  batchSize?: number;
  maxBatches?: number;
}

export function syncDeliveryPolicy(options: SyncDeliveryOptions): DeliveryPolicy {
  return {
    baseBackoffSeconds: Math.min(options.baseBackoffSeconds ?? 1, options.maxBackoffSeconds),
    maxBackoffSeconds: options.maxBackoffSeconds,
    maxRejections: options.maxRejections ?? 5,
    giveUpAfterSeconds: (options.giveUpHours ?? 72) * 3600,
    leaseSeconds: options.leaseSeconds ?? 120,
    batchSize: options.batchSize ?? 50,
  };
}

/** Sends due DVCQG packets, in order per dossier, updating each dossier's sync state with the outcome. */
export function deliverSyncPackets(
  db: Kysely<Database>,
  port: DvcqgSyncPort,
  clock: () => Date,
  options: SyncDeliveryOptions,
): Promise<DeliveryCounts> {
  return deliverDue(
    db,
    DVCQG_DESTINATION,
    dvcqgTransport(port),
    clock,
    syncDeliveryPolicy(options),
    syncStateHooks,
    options.maxBatches ?? 50,
  );
}
