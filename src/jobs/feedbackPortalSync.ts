import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { readFeedbackPortalSettings } from "../integrations/feedbackPortal/feedbackPortalSettings.ts";
import { startFeedbackPortalSimulator } from "../integrations/feedbackPortal/feedbackPortalSimulator.ts";
import { httpFeedbackPortal } from "../integrations/feedbackPortal/httpFeedbackPortal.ts";
import { importPortalFaq, syncFeedbackPortal } from "../services/feedback/portalSync.ts";
import { runWithJobLease } from "./jobLease.ts";

/**
 * The national feedback system's sync on a timer (issue #17, R-PAKN-1): push and pull every `intervalMs`, the national
 * FAQ once a day. With DVCQG_FEEDBACK_URL unset, the loopback simulator plays the national side, like the other
 * integrations in `onestop serve`. A failed run is logged and retried on the next tick; runs never overlap.
 */
export async function startFeedbackPortalSync(options: {
  db: Kysely<Database>;
  env: Record<string, string | undefined>;
  clock?: () => Date;
  intervalMs?: number;
  log?: { info(object: object, message: string): void; error(object: object, message: string): void };
}): Promise<{ simulatorUrl: string | null; stop(): Promise<void> }> {
  const settings = readFeedbackPortalSettings(options.env);
  const simulator = settings.dvcqgFeedbackUrl ? null : await startFeedbackPortalSimulator();
  const port = httpFeedbackPortal({
    url: settings.dvcqgFeedbackUrl ?? (simulator?.url as string),
    token: settings.dvcqgFeedbackToken ?? (simulator?.token as string),
    timeoutMs: settings.dvcqgFeedbackTimeoutMs,
  });
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | undefined;
  let lastFaqDay = "";
  const tick = () => {
    if (running) return;
    running = (async () => {
      try {
        // Issue #21: items to push are read without a claim (their idempotency keys make a repeat harmless at the
        // national side, not free), so one process at a time syncs (a job lease); the others skip the tick.
        await runWithJobLease(options.db, "feedback-portal-sync", 10 * 60_000, async () => {
          const counts = await syncFeedbackPortal(options.db, port, clock());
          if (counts.pushed + counts.answersPushed + counts.pulled + counts.failed > 0)
            options.log?.info({ feedbackPortal: counts }, "feedback synchronised with the national portal");
          const day = clock().toISOString().slice(0, 10);
          if (day !== lastFaqDay) {
            await importPortalFaq(options.db, port, clock());
            lastFaqDay = day;
          }
        });
      } catch (error) {
        options.log?.error({ err: error }, "feedback sync with the national portal failed");
      } finally {
        running = undefined;
      }
    })();
  };
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  timer.unref();
  return {
    simulatorUrl: simulator?.url ?? null,
    async stop() {
      clearInterval(timer);
      await running;
      await simulator?.close();
    },
  };
}
