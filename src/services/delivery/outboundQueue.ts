import { randomUUID } from "node:crypto";
import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { OutboundDeliveriesTable } from "../../db/syncTables.ts";

/**
 * The one delivery mechanism for what leaves OneStop (DESIGN §3), generalised from the notification dispatcher:
 * an outbound row written in a transaction → claimed with a lease (FOR UPDATE SKIP LOCKED) → sent with its
 * idempotency key → on failure exponential backoff (capped) → dead letter when the destination's policy gives up →
 * replayed from the admin console. Rows that share an ordering key (a dossier) are delivered one at a time in
 * sequence order: a row can be claimed only when no lower-sequence row of its key is still undelivered.
 */

export type OutboundDelivery = Selectable<OutboundDeliveriesTable>;

/** What a transport throws when a delivery did not go through. */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    /** The receiver refused the message itself (4xx other than 408/429): retrying the same bytes will not help much. */
    readonly rejected: boolean,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = "DeliveryFailure";
  }
}

export interface DeliveryTransport {
  /** Resolves when the receiver acknowledged the delivery; throws (DeliveryFailure or any error) otherwise. */
  send(delivery: OutboundDelivery): Promise<void>;
}

export interface DeliveryPolicy {
  /** The wait after the first failure, doubled after each further one… */
  baseBackoffSeconds: number;
  /** …never more than this (DVCQG_SYNC_MAX_BACKOFF_S). */
  maxBackoffSeconds: number;
  /** Refusals by the receiver after which the delivery is dead. */
  maxRejections: number;
  /** Transient failures (timeouts, 5xx, no connection) are retried this long after the first one, then dead. */
  giveUpAfterSeconds: number;
  /** How long a claim is reserved; longer than any send. */
  leaseSeconds: number;
  /** Deliveries claimed and sent concurrently per batch (each of a different ordering key). */
  batchSize: number;
}

/** What the destination does alongside each outcome, in the same statement's transaction. */
export interface DeliveryHooks {
  /** The deliveries of one batch recorded as sent, in the transaction that recorded them. */
  delivered?(trx: Transaction<Database>, deliveries: readonly OutboundDelivery[], now: Date): Promise<void>;
  failed?(
    trx: Transaction<Database>,
    delivery: OutboundDelivery,
    outcome: { error: string; dead: boolean; nextAttemptAt: Date | null },
    now: Date,
  ): Promise<void>;
}

export interface DeliveryCounts {
  sent: number;
  retried: number;
  dead: number;
}

/** The wait before the next attempt after `attempts` failures: base × 2^(attempts − 1), capped. */
export function retryDelaySeconds(
  policy: Pick<DeliveryPolicy, "baseBackoffSeconds" | "maxBackoffSeconds">,
  attempts: number,
) {
  return Math.min(policy.maxBackoffSeconds, policy.baseBackoffSeconds * 2 ** Math.max(0, attempts - 1));
}

export interface NewDelivery {
  destination: string;
  idempotencyKey: string;
  orderingKey?: string | null;
  sequence?: number;
  dossierId?: string | null;
  agencyId?: string | null;
  payload: Record<string, unknown>;
}

/** Queues deliveries in the caller's transaction; a key already queued is left as it is (idempotent producers). */
export async function enqueueDeliveries(
  db: Kysely<Database>,
  deliveries: readonly NewDelivery[],
  now: Date,
): Promise<number> {
  if (deliveries.length === 0) return 0;
  const inserted = await db
    .insertInto("outbound_deliveries")
    .values(
      deliveries.map((delivery) => ({
        destination: delivery.destination,
        idempotency_key: delivery.idempotencyKey,
        ordering_key: delivery.orderingKey ?? null,
        sequence: delivery.sequence ?? 0,
        dossier_id: delivery.dossierId ?? null,
        agency_id: delivery.agencyId ?? null,
        payload: JSON.stringify(delivery.payload),
        status: "pending" as const,
        available_at: now,
        created_at: now,
      })),
    )
    .onConflict((conflict) => conflict.column("idempotency_key").doNothing())
    .returning("id")
    .execute();
  return inserted.length;
}

/**
 * Claims due deliveries of one destination: the head of each ordering key only, each row locked with SKIP LOCKED,
 * its attempt counted and a lease set, in one statement. A crashed worker's lease runs out and the row is claimed
 * again; a live worker's row is skipped, not waited for.
 */
export async function claimDeliveries(
  db: Kysely<Database>,
  destination: string,
  now: Date,
  options: { leaseSeconds: number; limit: number },
): Promise<{ token: string; rows: OutboundDelivery[] }> {
  const token = randomUUID();
  const leaseEnd = new Date(now.getTime() + options.leaseSeconds * 1000);
  const { rows } = await sql<OutboundDelivery>`
    update outbound_deliveries
       set attempts = attempts + 1, locked_until = ${leaseEnd}, lease_token = ${token}
     where id in (
       select d.id from outbound_deliveries d
        where d.destination = ${destination}
          and d.status = 'pending'
          and d.available_at <= ${now}
          and (d.locked_until is null or d.locked_until <= ${now})
          and (d.ordering_key is null or not exists (
                select 1 from outbound_deliveries e
                 where e.ordering_key = d.ordering_key and e.status <> 'sent' and e.sequence < d.sequence))
        order by d.available_at, d.id
        limit ${options.limit}
        for update skip locked)
    returning *`.execute(db);
  return { token, rows };
}

function explainFailure(error: unknown): { message: string; rejected: boolean; status: number | null } {
  if (error instanceof DeliveryFailure)
    return { message: error.message.slice(0, 2000), rejected: error.rejected, status: error.httpStatus };
  return {
    message: ((error as Error)?.message || String(error)).slice(0, 2000),
    rejected: false,
    status: null,
  };
}

/**
 * Sends claimed deliveries concurrently and records the outcomes — only while this worker still holds the lease, so
 * a slow worker whose lease ran out cannot overwrite the outcome of the one that took over. The batch's sent
 * deliveries are recorded together once every send has finished, in one statement and one transaction (issue #21:
 * one round trip and one commit per batch, not per packet); a failure is recorded at once, with its backoff. At least
 * once: a crash before the record resends the same idempotency keys, which the receiver recognises.
 */
export async function sendClaimedDeliveries(
  db: Kysely<Database>,
  transport: DeliveryTransport,
  claim: { token: string; rows: OutboundDelivery[] },
  clock: () => Date,
  policy: DeliveryPolicy,
  hooks: DeliveryHooks = {},
): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, retried: 0, dead: 0 };
  const sent: OutboundDelivery[] = [];
  const lanes = await Promise.allSettled(
    claim.rows.map(async (row) => {
      let failure: ReturnType<typeof explainFailure> | undefined;
      try {
        await transport.send(row);
      } catch (error) {
        failure = explainFailure(error);
      }
      if (!failure) {
        sent.push(row);
        return;
      }
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const firstFailedAt = row.first_failed_at ?? now;
        const rejections = row.rejections + (failure.rejected ? 1 : 0);
        const dead =
          rejections >= policy.maxRejections ||
          now.getTime() - firstFailedAt.getTime() >= policy.giveUpAfterSeconds * 1000;
        const nextAttemptAt = dead
          ? null
          : new Date(now.getTime() + retryDelaySeconds(policy, row.attempts) * 1000);
        const updated = await trx
          .updateTable("outbound_deliveries")
          .set({
            status: dead ? "dead" : "pending",
            dead_at: dead ? now : null,
            available_at: nextAttemptAt ?? row.available_at,
            locked_until: null,
            lease_token: null,
            last_error: failure.message,
            last_status: failure.status,
            first_failed_at: firstFailedAt,
            rejections,
          })
          .where("id", "=", row.id)
          .where("lease_token", "=", claim.token)
          .returning("id")
          .executeTakeFirst();
        if (!updated) return;
        if (dead) counts.dead += 1;
        else counts.retried += 1;
        await hooks.failed?.(trx, row, { error: failure.message, dead, nextAttemptAt }, now);
      });
    }),
  );
  if (sent.length > 0) {
    const now = clock();
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable("outbound_deliveries")
        .set({
          status: "sent",
          sent_at: now,
          locked_until: null,
          lease_token: null,
          last_error: null,
          last_status: null,
        })
        .where(
          "id",
          "in",
          sent.map((row) => row.id),
        )
        .where("lease_token", "=", claim.token)
        .returning("id")
        .execute();
      const recorded = new Set(updated.map((row) => String(row.id)));
      const mine = sent.filter((row) => recorded.has(String(row.id)));
      counts.sent += mine.length;
      if (mine.length > 0) await hooks.delivered?.(trx, mine, now);
    });
  }
  const broken = lanes.find((lane) => lane.status === "rejected");
  if (broken) throw broken.reason;
  return counts;
}

/** Claims and sends due deliveries of a destination in batches until none is due (or `maxBatches` ran). */
export async function deliverDue(
  db: Kysely<Database>,
  destination: string,
  transport: DeliveryTransport,
  clock: () => Date,
  policy: DeliveryPolicy,
  hooks: DeliveryHooks = {},
  maxBatches = 50,
): Promise<DeliveryCounts> {
  const total: DeliveryCounts = { sent: 0, retried: 0, dead: 0 };
  for (let batch = 0; batch < maxBatches; batch++) {
    const claim = await claimDeliveries(db, destination, clock(), {
      leaseSeconds: policy.leaseSeconds,
      limit: policy.batchSize,
    });
    if (claim.rows.length === 0) break;
    const counts = await sendClaimedDeliveries(db, transport, claim, clock, policy, hooks);
    total.sent += counts.sent;
    total.retried += counts.retried;
    total.dead += counts.dead;
  }
  return total;
}

/**
 * Puts deliveries back in the queue, due now with fresh counters (replay from the admin console): dead letters, or
 * already sent ones when the receiver lost them. Their order is kept by their sequence as before.
 */
export async function requeueDeliveries(
  db: Kysely<Database>,
  filter: { destination: string; dossierIds: readonly string[] },
  now: Date,
): Promise<number> {
  if (filter.dossierIds.length === 0) return 0;
  const rows = await db
    .updateTable("outbound_deliveries")
    .set({
      status: "pending",
      attempts: 0,
      rejections: 0,
      available_at: now,
      first_failed_at: null,
      dead_at: null,
      locked_until: null,
      lease_token: null,
    })
    .where("destination", "=", filter.destination)
    .where("dossier_id", "in", filter.dossierIds)
    .returning("id")
    .execute();
  return rows.length;
}
