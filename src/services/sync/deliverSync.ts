import type { ExpressionBuilder, Kysely, Transaction } from "kysely";
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

/**
 * Recomputes dossiers' sync states from their deliveries after some of them changed (R-SYNC-5 per-dossier state), in
 * one statement (issue #21: it runs after every batch of packets): failed while a packet is a dead letter, pending
 * while one is not yet sent, synced otherwise.
 */
async function refreshStates(
  trx: Transaction<Database>,
  dossierIds: readonly string[],
  now: Date,
  error: string | null,
) {
  if (dossierIds.length === 0) return;
  const open = (eb: ExpressionBuilder<Database, "dvcqg_sync_states">) =>
    eb
      .selectFrom("outbound_deliveries as od")
      .whereRef("od.dossier_id", "=", "dvcqg_sync_states.dossier_id")
      .where("od.destination", "=", DVCQG_DESTINATION)
      .where("od.status", "<>", "sent");
  const firstDead = (eb: ExpressionBuilder<Database, "dvcqg_sync_states">) =>
    open(eb).where("od.status", "=", "dead").orderBy("od.sequence").limit(1);
  await trx
    .updateTable("dvcqg_sync_states")
    .set((eb) => ({
      state: eb
        .case()
        .when(eb.exists(firstDead(eb).select("od.id")))
        .then("failed" as const)
        .when(eb.exists(open(eb).select("od.id")))
        .then("pending" as const)
        .else("synced" as const)
        .end(),
      oldest_pending_at: open(eb).select("od.created_at").orderBy("od.sequence").limit(1),
      // The first dead letter's error, or this outcome's.
      last_error: eb.fn.coalesce(firstDead(eb).select("od.last_error"), eb.val(error)),
      ...(error === null ? { last_delivered_at: now } : {}),
      updated_at: now,
    }))
    .where("dossier_id", "in", dossierIds)
    .execute();
}

export const syncStateHooks: DeliveryHooks = {
  async delivered(trx, deliveries, now) {
    const dossierIds = new Set(
      deliveries.flatMap((delivery) => (delivery.dossier_id ? [delivery.dossier_id] : [])),
    );
    await refreshStates(trx, [...dossierIds], now, null);
  },
  async failed(trx, delivery, outcome, now) {
    if (delivery.dossier_id) await refreshStates(trx, [delivery.dossier_id], now, outcome.error);
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
