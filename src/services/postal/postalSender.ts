import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { runWithJobLease } from "../../jobs/jobLease.ts";
import { retryPostalOrders } from "./postalOrders.ts";
import type { PostalPorts } from "./postalPorts.ts";

/**
 * The orders the postal service did not answer, sent again every `intervalMs` (issue #18): no overlap in a process,
 * failures logged and retried on the next tick, the timer unref'd. Stopped with the app.
 */
export function startPostalSender(options: {
  db: Kysely<Database>;
  ports: PostalPorts;
  clock?: () => Date;
  intervalMs?: number;
  log?: { info(object: object, message: string): void; error(object: object, message: string): void };
}): { stop(): Promise<void> } {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = (async () => {
      try {
        // Issue #21: the due orders are read without a claim, so one process at a time resends (a job lease).
        await runWithJobLease(options.db, "postal-resend", 5 * 60_000, async () => {
          const sent = await retryPostalOrders(options.db, options.ports, clock());
          if (sent > 0) options.log?.info({ postalOrders: sent }, "postal orders sent again");
        });
      } catch (error) {
        options.log?.error({ err: error }, "postal sender failed");
      } finally {
        running = undefined;
      }
    })();
  };
  const timer = setInterval(tick, options.intervalMs ?? 30_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
