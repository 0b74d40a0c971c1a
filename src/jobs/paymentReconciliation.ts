import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { PaymentPlatform } from "../integrations/payment/paymentPlatform.ts";
import { previousVietnamDay, reconcileDay } from "../services/payments/reconcileDay.ts";
import { trackRefunds } from "../services/payments/refunds.ts";
import { runWithJobLease } from "./jobLease.ts";

const CHECK_EVERY_MS = 15 * 60_000;

/**
 * The daily reconciliation job (R-FEE-2): every 15 minutes it checks whether yesterday's statement (Vietnam time) was
 * reconciled and, if not, fetches it from the platform and records the differences. A failed fetch is retried at the
 * next check; two processes doing it at once write the same day's row (the day is the key).
 */
export function startPaymentReconciliation(options: {
  db: Kysely<Database>;
  platform: PaymentPlatform;
  clock?: () => Date;
  log: { warn: (object: unknown, message: string) => void; info: (object: unknown, message: string) => void };
}): { stop: () => void } {
  const clock = options.clock ?? (() => new Date());
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Issue #21: one process at a time (a job lease): refunds are read then sent without a row claim, and the
      // statement would be fetched by each process that found the day not yet reconciled.
      await runWithJobLease(options.db, "payment-reconciliation", 10 * 60_000, async () => {
        // Refunds asked for (R-STOP-2) are sent again or followed until the platform confirms them.
        await trackRefunds(options.db, options.platform, clock());
        const day = previousVietnamDay(clock());
        const done = await options.db
          .selectFrom("reconciliation_days")
          .select("day")
          .where("day", "=", day)
          .executeTakeFirst();
        if (done) return;
        const outcome = await reconcileDay(options.db, options.platform, { day, now: clock() });
        options.log.info(
          { day, matched: outcome.matched, differences: outcome.differences.length },
          "payment reconciliation",
        );
      });
    } catch (error) {
      options.log.warn({ err: error }, "payment reconciliation failed; retried at the next check");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), CHECK_EVERY_MS);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
