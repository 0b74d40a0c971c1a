import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { appendPostalEvent } from "./postalEvents.ts";

/** Warn this long before the 24 hours run out (R-RES-3): time to call the post office and the applicant. */
export const DELIVERY_WARNING_HOURS = 4;

/**
 * One pass of the postal delivery watch (R-RES-3, S3 Đ33.2: a result handed to the post is delivered within 24
 * hours): a result still undelivered DELIVERY_WARNING_HOURS before its due time gets a warning, one past it is
 * marked overdue — each once, with its dossier event in the same transaction, rows locked so that several
 * processes never mark one twice. Runs on the scheduler every minute; visible on the officer's dossier page.
 */
export async function runPostalDeliveryWatch(
  db: Kysely<Database>,
  now: Date,
): Promise<{ dueSoon: number; overdue: number }> {
  const warnFrom = new Date(now.getTime() + DELIVERY_WARNING_HOURS * 3_600_000);
  const candidates = await db
    .selectFrom("postal_orders")
    .select(["id"])
    .where("kind", "=", "result_delivery")
    .where("watch_due_at", "is not", null)
    .where("watch_due_at", "<=", warnFrom)
    .where("delivered_at", "is", null)
    .where("status", "<>", "failed")
    .where((eb) => eb.or([eb("watch_level", "is", null), eb("watch_level", "=", "dueSoon")]))
    .limit(200)
    .execute();
  const counts = { dueSoon: 0, overdue: 0 };
  for (const candidate of candidates) {
    await inTransaction(db, async (trx) => {
      const order = await trx
        .selectFrom("postal_orders")
        .selectAll()
        .where("id", "=", candidate.id)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!order?.watch_due_at || order.delivered_at || order.status === "failed") return;
      const due = new Date(order.watch_due_at);
      const level = now >= due ? "overdue" : "dueSoon";
      if (order.watch_level === level || order.watch_level === "overdue") return;
      await trx
        .updateTable("postal_orders")
        .set({ watch_level: level, updated_at: now })
        .where("id", "=", order.id)
        .execute();
      await appendPostalEvent(trx, order.dossier_id, {
        type: level === "overdue" ? "postalDeliveryOverdue" : "postalDeliveryDueSoon",
        at: now,
        actorUserId: null,
        actorRole: "system",
        payload: { postalOrderId: order.id, dueAt: due.toISOString(), handedOverAt: order.handed_over_at },
      });
      counts[level] += 1;
    });
  }
  return counts;
}
