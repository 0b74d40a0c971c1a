import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { DvcqgSyncPort } from "../integrations/dvcqg/syncPort.ts";
import type { DeliveryCounts } from "../services/delivery/outboundQueue.ts";
import { deliverSyncPackets, type SyncDeliveryOptions } from "../services/sync/deliverSync.ts";
import { fanOutSync, type SyncFanOutCounts } from "../services/sync/fanOutSync.ts";

export interface DvcqgSyncJobOptions extends SyncDeliveryOptions {
  /** PUBLIC_URL: the file links in the packets point here. */
  publicUrl: string;
  fanOutBatchSize?: number;
}

/**
 * One pass of the national-portal sync worker (issue #13, R-SYNC-1…5): new dossier events become packets, then due
 * packets are delivered in order per dossier. Safe with any number of processes at once (outbox consumption by unique
 * key, deliveries by SKIP LOCKED and a lease).
 */
export async function runDvcqgSync(
  db: Kysely<Database>,
  port: DvcqgSyncPort,
  clock: () => Date,
  options: DvcqgSyncJobOptions,
): Promise<SyncFanOutCounts & DeliveryCounts> {
  const fannedOut = await fanOutSync(db, clock(), {
    publicUrl: options.publicUrl,
    batchSize: options.fanOutBatchSize,
  });
  const delivered = await deliverSyncPackets(db, port, clock, options);
  return { ...fannedOut, ...delivered };
}
