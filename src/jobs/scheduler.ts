import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { NotificationChannels } from "../services/notifications/channels.ts";
import { runPostalDeliveryWatch } from "../services/postal/deliveryWatch.ts";
import { projectTimeliness } from "../services/statistics/projectTimeliness.ts";
import { type DeadlineWatchOptions, runDeadlineWatch } from "./deadlineWatch.ts";
import { runFeedbackDeadlines } from "./feedbackDeadlines.ts";
import { closeLastKpiMonth } from "./kpiMonthClose.ts";
import { publishLastMonthsLateList } from "./lateListPublication.ts";
import { type NotificationDispatcherOptions, runNotificationDispatcher } from "./notificationDispatcher.ts";
import { runPartitionMaintenance } from "./partitionMaintenance.ts";
import { runSupplementAbandonment } from "./supplementAbandonment.ts";
import { runWorkflowTimers } from "./workflowTimers.ts";

export interface SchedulerOptions {
  db: Kysely<Database>;
  deadlineWatch: DeadlineWatchOptions;
  /** The notification dispatcher (issue #7), on its own shorter timer: people wait for these messages. */
  notifications?: {
    channels: NotificationChannels;
    options: NotificationDispatcherOptions;
    intervalMs?: number;
  };
  /** OUTBOX_RETENTION_DAYS (issue #21): delivered outbox rows older than this are deleted (default 90). */
  outboxRetentionDays?: number;
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
 *
 * Why each job is safe when several processes run it at once (issue #21 "More than one process", audited with
 * test/jobs/schedulerConcurrency.test.ts, which runs two schedulers' ticks together on one database):
 * - deadline watch: dossiers and their instalments claimed `for update … skip locked`, each mark written once;
 * - workflow timers: a firing is claimed by the unique (task_id, timer_key) insert in the event's transaction;
 * - timeliness projection: dossiers claimed `for update skip locked`, the class written on the locked row;
 * - supplement abandonment (R-SUPP-4): dossiers claimed `for update skip locked`, rechecked once locked;
 * - feedback deadlines: items `for update skip locked`, notifications keyed by a unique idempotency key;
 * - postal delivery watch (R-RES-3): orders `for update skip locked`;
 * - late list (R-LATE-4): an advisory lock per month and the month as primary key, so one publication;
 * - 766 month-end snapshot (R-KPI-5): an advisory lock and the month as primary key, so one snapshot;
 * - partition maintenance: an advisory lock per table around creating months, the outbox deletes idempotent;
 * - notification dispatch (R-LOOK-3): outbox rows claimed per consumer by a unique key, notifications by SKIP LOCKED
 *   and a lease token, so no message is produced or sent twice.
 * The jobs started beside it in `serve`: the DVCQG sync (the same outbox claim and SKIP LOCKED lease for packets, its
 * daily reconciliation under a job lease), the inbound files (SKIP LOCKED and a lease; catalog pulls under an advisory
 * lock), the event delivery (outbox claim per consumer, deliveries leased), and — not safe by their own rows, so run
 * under a job lease (src/jobs/jobLease.ts), one process at a time — the payment reconciliation and refund tracking,
 * the postal resend, the archive integrity check and the feedback portal sync.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | undefined;
  let lastPartitionRun = Number.NEGATIVE_INFINITY;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = (async () => {
      try {
        const counts = await runDeadlineWatch(options.db, clock(), options.deadlineWatch);
        if (counts.total > 0) options.log?.info({ deadlineWatch: counts }, "deadline watch marked dossiers");
        // Workflow timers (issue #6): warn a step's holder, escalate to the unit head, each once.
        const timers = await runWorkflowTimers(options.db, clock());
        if (timers.warned + timers.escalated > 0)
          options.log?.info({ workflowTimers: timers }, "workflow timers fired");
        // Statistics (issue #8): classify the dossiers that changed, publish last month's late list once (R-LATE-4).
        const classified = await projectTimeliness(options.db, { now: clock() });
        if (classified > 0) options.log?.info({ classified }, "timeliness projected");
        // R-SUPP-4 (issue #12): stop dossiers whose requested supplement never came, each once.
        const abandoned = await runSupplementAbandonment(options.db, clock());
        if (abandoned.stopped > 0)
          options.log?.info({ supplementAbandonment: abandoned }, "dossiers stopped");
        // Feedback and questions (issue #17, R-PAKN-2, R-QA-1): due soon, overdue, escalated, each once.
        const feedback = await runFeedbackDeadlines(options.db, clock());
        if (feedback.dueSoon + feedback.overdue + feedback.escalated > 0)
          options.log?.info({ feedbackDeadlines: feedback }, "feedback deadlines marked");
        // R-RES-3 (issue #18): results handed to the post, warned before 24 hours and marked overdue after, each once.
        const postal = await runPostalDeliveryWatch(options.db, clock());
        if (postal.dueSoon + postal.overdue > 0)
          options.log?.info({ postalDeliveryWatch: postal }, "postal deliveries marked");
        if (await publishLastMonthsLateList(options.db, clock()))
          options.log?.info({}, "late list of last month published");
        // Issue #21: the month-end snapshot of the 766 verdicts, once per closed month.
        const snapshot = await closeLastKpiMonth(options.db, clock());
        if (snapshot) options.log?.info({ month: snapshot }, "766 snapshot of last month taken");
        // Issue #21: the coming months' partitions and the outbox's retention, once an hour per process.
        if (clock().getTime() - lastPartitionRun >= 3_600_000) {
          const partitions = await runPartitionMaintenance(options.db, clock(), {
            outboxRetentionDays: options.outboxRetentionDays ?? 90,
          });
          lastPartitionRun = clock().getTime();
          if (
            partitions.created.length + partitions.deletedOutboxRows + partitions.droppedPartitions.length >
            0
          )
            options.log?.info({ partitions }, "partitions maintained");
        }
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
  // Notifications: the same rules (no overlap in a process, failures logged and retried next tick).
  let dispatching: Promise<void> | undefined;
  const notifications = options.notifications;
  const dispatch = () => {
    if (stopped || dispatching || !notifications) return;
    dispatching = (async () => {
      try {
        const counts = await runNotificationDispatcher(
          options.db,
          notifications.channels,
          clock,
          notifications.options,
        );
        if (counts.events + counts.sent + counts.retried + counts.dead > 0)
          options.log?.info({ notifications: counts }, "notifications dispatched");
      } catch (error) {
        options.log?.error({ err: error }, "notification dispatcher failed");
      } finally {
        dispatching = undefined;
      }
    })();
  };
  const dispatchTimer = notifications ? setInterval(dispatch, notifications.intervalMs ?? 5_000) : undefined;
  dispatchTimer?.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      if (dispatchTimer) clearInterval(dispatchTimer);
      await dispatching;
      await running;
    },
  };
}
