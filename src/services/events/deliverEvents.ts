import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { isAllowedTargetUrl } from "../../domain/events/dossierEvents.ts";
import {
  type DeliveryCounts,
  DeliveryFailure,
  type DeliveryPolicy,
  type DeliveryTransport,
  deliverDue,
} from "../delivery/outboundQueue.ts";
import { type EventFanOutCounts, fanOutEvents } from "./fanOutEvents.ts";
import {
  ATTEMPT_HEADER,
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  signEvent,
  TIMESTAMP_HEADER,
} from "./signature.ts";
import { type SubscriptionRow, subscriptionDestination } from "./subscriptions.ts";

export interface EventDeliveryOptions {
  /** PUBLIC_URL: the CloudEvents `source` is `<PUBLIC_URL>/events`. */
  publicUrl: string;
  /** EVENTS_MAX_ATTEMPTS: failed attempts after which an event is a dead letter (default 8). */
  maxAttempts?: number;
  /** Wait after the first failure, doubled after each further one (default 2 s)… */
  baseBackoffSeconds?: number;
  /** …never more than this (default 1 h). */
  maxBackoffSeconds?: number;
  /** EVENTS_TIMEOUT_MS: how long a subscriber has to acknowledge (default 10 s). */
  timeoutMs?: number;
  batchSize?: number;
  maxBatches?: number;
}

export function eventDeliveryPolicy(options: EventDeliveryOptions): DeliveryPolicy {
  const timeoutSeconds = Math.ceil((options.timeoutMs ?? 10_000) / 1000);
  return {
    baseBackoffSeconds: options.baseBackoffSeconds ?? 2,
    maxBackoffSeconds: options.maxBackoffSeconds ?? 3600,
    // Every failed attempt counts (the transport reports each one as a refusal): dead after N attempts.
    maxRejections: options.maxAttempts ?? 8,
    giveUpAfterSeconds: 7 * 24 * 3600,
    leaseSeconds: Math.max(60, timeoutSeconds * 3),
    batchSize: options.batchSize ?? 50,
  };
}

/**
 * A subscription's webhook as the delivery mechanism's transport: the stored CloudEvent POSTed in structured mode,
 * signed over a fresh timestamp, acknowledged by any 2xx answer within the timeout. Redirects are not followed (the
 * address rule must hold for the whole request). Any other outcome is a failed attempt.
 */
export function webhookTransport(
  subscription: SubscriptionRow,
  clock: () => Date,
  timeoutMs: number,
): DeliveryTransport {
  return {
    async send(delivery) {
      if (!isAllowedTargetUrl(subscription.target_url))
        throw new DeliveryFailure("target address not allowed", true);
      const body = JSON.stringify(delivery.payload);
      const timestamp = Math.floor(clock().getTime() / 1000);
      let response: Response;
      try {
        response = await fetch(subscription.target_url, {
          method: "POST",
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            "content-type": "application/cloudevents+json; charset=utf-8",
            [EVENT_ID_HEADER]: String((delivery.payload as { id?: unknown }).id ?? ""),
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signEvent(subscription.secret, timestamp, body),
            [ATTEMPT_HEADER]: String(delivery.attempts),
            "idempotency-key": delivery.idempotency_key,
          },
          body,
        });
      } catch (error) {
        const name = (error as Error)?.name;
        throw new DeliveryFailure(
          name === "TimeoutError" || name === "AbortError"
            ? `no answer within ${timeoutMs} ms`
            : `connection failed: ${(error as Error)?.message ?? String(error)}`,
          true,
        );
      }
      // The answer's body is not needed; read it so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status < 200 || response.status > 299)
        throw new DeliveryFailure(`HTTP ${response.status}`, true, response.status);
    },
  };
}

/**
 * One pass of the outbound events (issue #18): new dossier events become deliveries, then each active subscription's
 * due deliveries are sent, in order per dossier (a dossier's event n+1 is claimed only once n was acknowledged).
 * Safe with any number of processes (outbox consumption by unique key, deliveries by SKIP LOCKED and a lease).
 */
export async function runEventDelivery(
  db: Kysely<Database>,
  clock: () => Date,
  options: EventDeliveryOptions,
): Promise<EventFanOutCounts & DeliveryCounts> {
  const subscriptions = await db
    .selectFrom("event_subscriptions")
    .selectAll()
    .where("active", "=", true)
    .execute();
  const total = { events: 0, deliveries: 0, sent: 0, retried: 0, dead: 0 };
  // Nobody listens: leave the outbox alone (a later subscription never receives events from before it anyway).
  if (subscriptions.length === 0) return total;
  const fannedOut = await fanOutEvents(db, clock(), {
    source: `${options.publicUrl.replace(/\/+$/, "")}/events`,
  });
  total.events = fannedOut.events;
  total.deliveries = fannedOut.deliveries;
  const policy = eventDeliveryPolicy(options);
  await Promise.all(
    subscriptions.map(async (subscription) => {
      const counts = await deliverDue(
        db,
        subscriptionDestination(subscription.id),
        webhookTransport(subscription, clock, options.timeoutMs ?? 10_000),
        clock,
        policy,
        {},
        options.maxBatches ?? 20,
      );
      total.sent += counts.sent;
      total.retried += counts.retried;
      total.dead += counts.dead;
    }),
  );
  return total;
}
