import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../accounts/actor.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { findSubscriptionRow, subscriptionDestination, subscriptionNotFound } from "./subscriptions.ts";

export type ReplayFrom = { from: Date; fromEventId?: undefined } | { fromEventId: string; from?: undefined };

/**
 * Replays a subscription's events (issue #18, DESIGN §3 "replay from the admin console"): every event delivered or
 * dead-lettered for it from a time (the event's time) or from one event on (in the order they were queued) goes back
 * in the queue, due now with fresh counters. Each dossier's order is kept by its sequence as before; the subscriber
 * sees the same event ids again and ignores what it already applied. Events still pending are left as they are.
 */
export async function replaySubscription(
  db: Kysely<Database>,
  actor: Actor,
  subscriptionId: string,
  replay: { from?: Date | undefined; fromEventId?: string | undefined },
  now: Date,
): Promise<{ requeued: number }> {
  if ((replay.from === undefined) === (replay.fromEventId === undefined))
    throw new ValidationError([
      {
        field: "from",
        message: {
          vi: "Chọn đúng một mốc: từ thời điểm hoặc từ mã sự kiện",
          en: "Give exactly one starting point: a time or an event id",
        },
      },
    ]);
  const subscription = await findSubscriptionRow(db, subscriptionId);
  if (!subscription) throw subscriptionNotFound();
  const destination = subscriptionDestination(subscriptionId);
  let fromId: number | undefined;
  if (replay.fromEventId !== undefined) {
    const start = await db
      .selectFrom("outbound_deliveries")
      .select("id")
      .where("destination", "=", destination)
      .where(sql<string>`payload->>'id'`, "=", replay.fromEventId)
      .executeTakeFirst();
    if (!start)
      throw new NotFoundError({
        vi: "Không có sự kiện mang mã này trong đăng ký",
        en: "This subscription has no event with this id",
      });
    fromId = Number(start.id);
  }
  return db.transaction().execute(async (trx) => {
    let query = trx
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
      .where("destination", "=", destination)
      .where("status", "in", ["sent", "dead"]);
    if (fromId !== undefined) query = query.where("id", ">=", fromId);
    if (replay.from !== undefined)
      query = query.where(sql<Date>`(payload->>'time')::timestamptz`, ">=", replay.from);
    const rows = await query.returning("id").execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: null,
      action: "replay",
      entity: "event_subscription",
      entityId: subscriptionId,
      summary: `Gửi lại ${rows.length} sự kiện cho ${subscription.name}`,
      before: null,
      after: replay.from ? { from: replay.from.toISOString() } : { fromEventId: replay.fromEventId },
    });
    return { requeued: rows.length };
  });
}

export interface DeliveryView {
  id: number;
  eventId: string;
  type: string;
  subject: string;
  sequence: number;
  status: "pending" | "sent" | "dead";
  attempts: number;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: string;
  sentAt: string | null;
  deadAt: string | null;
}

/** A subscription's recent deliveries, newest first, optionally of one status (the dead letters). */
export async function listDeliveries(
  db: Kysely<Database>,
  subscriptionId: string,
  query: { status?: "pending" | "sent" | "dead" | undefined; limit: number },
): Promise<DeliveryView[]> {
  if (!(await findSubscriptionRow(db, subscriptionId))) throw subscriptionNotFound();
  let select = db
    .selectFrom("outbound_deliveries")
    .selectAll()
    .where("destination", "=", subscriptionDestination(subscriptionId));
  if (query.status) select = select.where("status", "=", query.status);
  const rows = await select.orderBy("id", "desc").limit(query.limit).execute();
  return rows.map((row) => {
    const payload = row.payload as unknown as { id?: string; type?: string; subject?: string };
    return {
      id: Number(row.id),
      eventId: payload.id ?? "",
      type: payload.type ?? "",
      subject: payload.subject ?? "",
      sequence: Number(row.sequence),
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      lastStatus: row.last_status,
      createdAt: new Date(row.created_at).toISOString(),
      sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
      deadAt: row.dead_at ? new Date(row.dead_at).toISOString() : null,
    };
  });
}
