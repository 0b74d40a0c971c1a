import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { NotificationChannels } from "../services/notifications/channels.ts";
import {
  type DeliveryCounts,
  type DeliveryOptions,
  deliverDueNotifications,
} from "../services/notifications/deliverNotifications.ts";
import { type FanOutCounts, fanOutOutbox } from "../services/notifications/fanOut.ts";

export interface NotificationDispatcherOptions extends DeliveryOptions {
  /** Outbox rows turned into notifications per pass. */
  fanOutBatchSize?: number;
  /** NOTIFY_MAX_EVENT_AGE_HOURS: older events are consumed without notifying anyone. */
  maxEventAgeHours?: number;
  /** PUBLIC_URL: links in messages (the e-receipt's verification page, R-FEE-3). */
  publicUrl?: string | undefined;
}

export type NotificationDispatchCounts = FanOutCounts & DeliveryCounts;

/**
 * One pass of the notification dispatcher (issue #7, R-LOOK-3): outbox events become notification rows (once each,
 * whichever dispatcher gets there), then due notifications are claimed and sent. Any number of processes may run it
 * at once (DESIGN §6): outbox rows are claimed per consumer by a unique key, notifications by SKIP LOCKED and a lease,
 * so no message is produced or sent twice by two dispatchers.
 */
export async function runNotificationDispatcher(
  db: Kysely<Database>,
  channels: NotificationChannels,
  clock: () => Date,
  options: NotificationDispatcherOptions,
): Promise<NotificationDispatchCounts> {
  const fannedOut = await fanOutOutbox(db, clock(), {
    batchSize: options.fanOutBatchSize ?? 100,
    maxEventAgeHours: options.maxEventAgeHours,
    publicUrl: options.publicUrl,
  });
  const delivered = await deliverDueNotifications(db, channels, clock, options);
  return { ...fannedOut, ...delivered };
}
