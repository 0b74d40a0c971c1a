import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { type DeadlineWatchOptions, runDeadlineWatch } from "./deadlineWatch.ts";

export interface SchedulerOptions {
  db: Kysely<Database>;
  deadlineWatch: DeadlineWatchOptions;
  /** The acting clock (DESIGN §4): jobs get the time passed in like every use case. */
  clock?: () => Date;
  intervalMs?: number;
  log?: { info(object: object, message: string): void; error(object: object, message: string): void };
}

export interface Scheduler {
  /** Stops the timer and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * The timers of `onestop serve` (DESIGN §2 jobs): the deadline watch every minute. Every process of a province may run
 * it — the watch itself is safe with several workers (row locks, SKIP LOCKED) — so there is no leader to elect. The
 * timer is unref'd so it never keeps a process alive, a run never overlaps the previous one in the same process, and
 * a failed run is logged and retried on the next tick.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = (async () => {
      try {
        const counts = await runDeadlineWatch(options.db, clock(), options.deadlineWatch);
        if (counts.total > 0) options.log?.info({ deadlineWatch: counts }, "deadline watch marked dossiers");
      } catch (error) {
        options.log?.error({ err: error }, "deadline watch failed");
      } finally {
        running = undefined;
      }
    })();
  };
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  timer.unref();
  // A first pass soon after start, so a restart does not delay warnings by a whole interval.
  const first = setTimeout(tick, 1_000);
  first.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
