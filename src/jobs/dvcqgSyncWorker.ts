import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { provinceLocalDate } from "../domain/codes/provinceDate.ts";
import type { DvcqgSyncConnection } from "../integrations/dvcqg/openDvcqgSync.ts";
import type { DvcqgSyncSettings } from "../integrations/dvcqg/syncSettings.ts";
import { fetchDvcqgStatistics, reconciledToday, reconcileWithDvcqg } from "../services/sync/reconcile.ts";
import { runDvcqgSync } from "./dvcqgSync.ts";
import { runWithJobLease } from "./jobLease.ts";

export interface DvcqgSyncWorker {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

type Log = { info(object: object, message: string): void; error(object: object, message: string): void };

/**
 * The national-portal sync inside `onestop serve` (issue #13): a pass every DVCQG_SYNC_INTERVAL_MS (new events become
 * packets, due packets are delivered), and once a day the reconciliation with DVCQG's statistics. Like the other
 * timers: unref'd, never overlapping itself in a process, failures logged and retried on the next tick; any number of
 * processes may run it (packets by unique key and SKIP LOCKED, see runDvcqgSync; the reconciliation under a lease).
 */
export function startDvcqgSyncWorker(options: {
  db: Kysely<Database>;
  connection: DvcqgSyncConnection;
  settings: DvcqgSyncSettings;
  publicUrl: string;
  clock?: () => Date;
  log?: Log;
}): DvcqgSyncWorker {
  const clock = options.clock ?? (() => new Date());
  const { settings, connection } = options;
  let running: Promise<void> | undefined;
  let stopped = false;
  /** The province's day on which this process last saw the day's reconciliation done. */
  let reconciledOn: string | undefined;
  const tick = () => {
    if (stopped || running) return;
    running = (async () => {
      try {
        const counts = await runDvcqgSync(options.db, connection.port, clock, {
          publicUrl: options.publicUrl,
          maxBackoffSeconds: settings.dvcqgSyncMaxBackoffSeconds,
          maxRejections: settings.dvcqgSyncMaxRejections,
          giveUpHours: settings.dvcqgSyncGiveUpHours,
        });
        if (counts.packets + counts.sent + counts.retried + counts.dead > 0)
          options.log?.info({ dvcqgSync: counts }, "DVCQG sync pass");
        // The daily reconciliation is not claimed by a row (two processes would both ask DVCQG and store two
        // reports), so it runs under a job lease and checks "done today" again once it holds it (issue #21).
        // Idle polling (issue #21): once this process has seen today's reconciliation it does not ask again until the
        // province's day changes — reconciliations are only ever inserted, so "done today" stays true all day.
        const now = clock();
        const today = provinceLocalDate(now);
        if (reconciledOn === today) {
          // Done today, seen before: nothing to ask.
        } else if (await reconciledToday(options.db, now)) reconciledOn = today;
        else
          await runWithJobLease(options.db, "dvcqg-reconciliation", 10 * 60_000, async () => {
            if (await reconciledToday(options.db, clock())) return;
            const report = await reconcileWithDvcqg(
              options.db,
              fetchDvcqgStatistics(connection.statisticsUrl, connection.token, settings.dvcqgSyncTimeoutMs),
              clock(),
            );
            options.log?.info(
              { reconciliation: { differences: report.differences.length, error: report.error } },
              "DVCQG reconciliation",
            );
          });
      } catch (error) {
        options.log?.error({ err: error }, "DVCQG sync failed");
      } finally {
        running = undefined;
      }
    })();
  };
  const timer = setInterval(tick, settings.dvcqgSyncIntervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
