import { randomUUID } from "node:crypto";
import { type Kysely, type Selectable, sql } from "kysely";
import type { NotificationsTable } from "../../db/notificationTables.ts";
import type { Database } from "../../db/schema.ts";
import type { NotificationChannels } from "./channels.ts";

export type NotificationRow = Selectable<NotificationsTable>;

export interface DeliveryOptions {
  /** NOTIFY_MAX_ATTEMPTS: after this many failed attempts a notification becomes a dead letter. */
  maxAttempts: number;
  /** NOTIFY_BACKOFF_SECONDS: the wait after the first failure; doubled after each further one. */
  backoffSeconds: number;
  /** How long a claimed notification is reserved for the dispatcher that claimed it; longer than any send. */
  leaseSeconds?: number;
  batchSize?: number;
  /**
   * Deliveries in flight at once (issue #21), 2 by default: each lane sends one message at a time and serves the
   * event loop before its next one, so a batch holds at most this many database connections.
   */
  concurrency?: number;
  /** The right part of e-mail Message-IDs (the left part is the notification's idempotency key). */
  messageIdDomain?: string;
}

export interface DeliveryCounts {
  sent: number;
  /** Failed attempts that will be retried. */
  retried: number;
  /** Notifications that became dead letters in this run. */
  dead: number;
}

const MAX_BACKOFF_SECONDS = 6 * 3600;

/** The wait before attempt `attempts + 1`: base × 2^(attempts − 1), at most 6 hours. */
export function backoffSeconds(base: number, attempts: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, base * 2 ** Math.max(0, attempts - 1));
}

/**
 * Claims due notifications for this dispatcher: each row is locked with SKIP LOCKED (a row another dispatcher is
 * claiming is skipped, not waited for), its attempt counted and a lease set, all in one statement. A row under lease
 * is not due for anyone else; if the dispatcher dies, the lease runs out and another one takes the row over.
 */
export async function claimNotifications(
  db: Kysely<Database>,
  now: Date,
  options: { leaseSeconds: number; limit: number; ids?: readonly string[] },
): Promise<{ token: string; rows: NotificationRow[] }> {
  const token = randomUUID();
  const leaseEnd = new Date(now.getTime() + options.leaseSeconds * 1000);
  const only = options.ids ? sql`and id in (${sql.join(options.ids)})` : sql``;
  const { rows } = await sql<NotificationRow>`
    update notifications
       set attempts = attempts + 1, locked_until = ${leaseEnd}, lease_token = ${token}
     where id in (
       select id from notifications
        where status = 'pending'
          and available_at <= ${now}
          and (locked_until is null or locked_until <= ${now})
          ${only}
        order by available_at, id
        limit ${options.limit}
        for update skip locked)
    returning *`.execute(db);
  return { token, rows };
}

async function send(channels: NotificationChannels, row: NotificationRow, domain: string): Promise<string> {
  if (row.channel === "email") {
    const result = await channels.email.send({
      to: row.address,
      subject: row.subject ?? "",
      text: row.body,
      messageId: `${row.idempotency_key}@${domain}`,
    });
    return result.id;
  }
  if (row.channel === "zalo") {
    // Issue #18: without the official account's port the row fails and is retried like any gateway outage.
    if (!channels.zalo) throw new Error("the messaging channel is not configured");
    const result = await channels.zalo.send({
      to: row.address,
      text: row.body,
      idempotencyKey: row.idempotency_key,
    });
    return result.id;
  }
  const port = row.channel === "sms" ? channels.sms : channels.social;
  const result = await port.send({ to: row.address, text: row.body, idempotencyKey: row.idempotency_key });
  return result.id;
}

/** A message the gateway accepted, waiting to be recorded with the rest of its batch. */
interface SentOutcome {
  id: string;
  providerId: string;
  sentAt: Date;
}

/**
 * Records the batch's sent messages in one statement (issue #21: one update per message was a third of the
 * dispatcher's statements), each only while this dispatcher still holds its lease (the `lease_token` check).
 */
async function recordSent(db: Kysely<Database>, token: string, sent: readonly SentOutcome[]): Promise<void> {
  if (sent.length === 0) return;
  await sql`
    update notifications as n
       set status = 'sent', sent_at = s.sent_at, provider_message_id = s.provider_message_id,
           locked_until = null, lease_token = null, last_error = null
      from unnest(${sent.map((one) => one.id)}::uuid[], ${sent.map((one) => one.providerId)}::text[],
             ${sent.map((one) => one.sentAt.toISOString())}::timestamptz[]) as s (id, provider_message_id, sent_at)
     where n.id = s.id and n.lease_token = ${token}`.execute(db);
}

/**
 * Sends claimed notifications and records each outcome — only while this dispatcher still holds the lease (the
 * `lease_token` check), so a slow dispatcher whose lease ran out cannot overwrite the outcome of the one that took
 * over. Sending is at least once: a crash between the gateway's acceptance and the record resends the message with
 * the same Message-ID / Idempotency-Key, which the gateway uses to drop the repeat. Sent messages are recorded
 * together once the batch is done (the lanes stop starting sends at half the lease, so that is normally well within
 * it); a failure is recorded at once, with its backoff or as a dead letter.
 */
export async function sendClaimed(
  db: Kysely<Database>,
  channels: NotificationChannels,
  claim: { token: string; rows: NotificationRow[] },
  clock: () => Date,
  options: DeliveryOptions,
): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, retried: 0, dead: 0 };
  const domain = options.messageIdDomain ?? "onestop.notifications";
  const leaseMs = (options.leaseSeconds ?? 120) * 1000;
  const sent: SentOutcome[] = [];
  const deliverOne = async (row: NotificationRow): Promise<void> => {
    let providerId: string;
    try {
      providerId = await send(channels, row, domain);
    } catch (error) {
      const now = clock();
      const message = (error as Error).message?.slice(0, 1000) || String(error);
      const dead = row.attempts >= options.maxAttempts;
      await db
        .updateTable("notifications")
        .set(
          dead
            ? { status: "dead", dead_at: now, locked_until: null, lease_token: null, last_error: message }
            : {
                available_at: new Date(
                  now.getTime() + backoffSeconds(options.backoffSeconds, row.attempts) * 1000,
                ),
                locked_until: null,
                lease_token: null,
                last_error: message,
              },
        )
        .where("id", "=", row.id)
        .where("lease_token", "=", claim.token)
        .execute();
      if (dead) counts.dead += 1;
      else counts.retried += 1;
      return;
    }
    sent.push({ id: row.id, providerId, sentAt: clock() });
    counts.sent += 1;
  };
  // Issue #21 (smoothing): a few lanes, each one delivery at a time with the event loop served between two. Sent all
  // at once, a batch took every connection of the pool for its updates and every request waited behind it (p99
  // doubled every 5 s); now a batch holds at most `concurrency` connections and requests run between deliveries.
  const queue = [...claim.rows];
  const unsent: NotificationRow[] = [];
  const lane = async () => {
    for (let first = true; ; first = false) {
      if (!first) await nextTurn();
      const row = queue.shift();
      if (!row) return;
      // A lane slowed by a gateway's timeouts stops starting sends once half the lease is spent: the rest of the
      // batch is handed back untouched rather than sent after another dispatcher may have taken it over.
      if (row.locked_until && row.locked_until.getTime() - clock().getTime() < leaseMs / 2) {
        unsent.push(row, ...queue.splice(0));
        return;
      }
      await deliverOne(row);
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? 2, claim.rows.length));
  // Every lane finishes before anything is recorded: a lane whose failure could not be recorded must not cost the
  // other lanes' sent messages their record (they would be sent again once the lease ran out).
  const finished = await Promise.allSettled(Array.from({ length: lanes }, lane));
  await recordSent(db, claim.token, sent);
  if (unsent.length > 0)
    // Never sent: the attempt counted by the claim is given back and the row is due again at once.
    await db
      .updateTable("notifications")
      .set((eb) => ({ attempts: eb("attempts", "-", 1), locked_until: null, lease_token: null }))
      .where(
        "id",
        "in",
        unsent.map((row) => row.id),
      )
      .where("lease_token", "=", claim.token)
      .execute();
  for (const lane of finished) if (lane.status === "rejected") throw lane.reason;
  return counts;
}

/** Lets the event loop serve what is waiting (requests, their statements' answers) before the next step. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Claims and sends due notifications in batches until none is due (or `maxBatches` ran), the event loop served
 * between two batches and between two deliveries (issue #21).
 */
export async function deliverDueNotifications(
  db: Kysely<Database>,
  channels: NotificationChannels,
  clock: () => Date,
  options: DeliveryOptions & { maxBatches?: number },
): Promise<DeliveryCounts> {
  const total: DeliveryCounts = { sent: 0, retried: 0, dead: 0 };
  for (let batch = 0; batch < (options.maxBatches ?? 20); batch++) {
    const claim = await claimNotifications(db, clock(), {
      leaseSeconds: options.leaseSeconds ?? 120,
      limit: options.batchSize ?? 20,
    });
    if (claim.rows.length === 0) break;
    if (batch > 0) await nextTurn();
    const counts = await sendClaimed(db, channels, claim, clock, options);
    total.sent += counts.sent;
    total.retried += counts.retried;
    total.dead += counts.dead;
  }
  return total;
}

/** Tries one notification now (the SMS lookup's reply); left to the dispatcher's retries if it fails or is taken. */
export async function deliverNow(
  db: Kysely<Database>,
  channels: NotificationChannels,
  id: string,
  clock: () => Date,
  options: DeliveryOptions,
): Promise<DeliveryCounts> {
  const claim = await claimNotifications(db, clock(), {
    leaseSeconds: options.leaseSeconds ?? 120,
    limit: 1,
    ids: [id],
  });
  return sendClaimed(db, channels, claim, clock, options);
}
