import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { ConfigError } from "../../config.ts";
import type { Database } from "../../db/schema.ts";
import {
  type SubscriberSimulator,
  startSubscriberSimulator,
} from "../../integrations/subscriber/simulator.ts";
import { runEventDelivery } from "./deliverEvents.ts";

/** Settings of the outbound events (issue #18; docs/outbound-events.md, README configuration). */
export interface EventSettings {
  /** EVENTS_INTERVAL_MS: how often the worker looks for new dossier events and due deliveries (default 2000). */
  intervalMs: number;
  /** EVENTS_MAX_ATTEMPTS: failed attempts after which an event is a dead letter (default 8). */
  maxAttempts: number;
  /** EVENTS_TIMEOUT_MS: how long a subscriber has to acknowledge an event (default 10000). */
  timeoutMs: number;
  /** EVENTS_DEMO_SUBSCRIPTION: start the loopback subscriber simulator and subscribe it to every event (default off). */
  demoSubscription: boolean;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `phải là số nguyên (đang là "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `phải nằm trong khoảng ${min}–${max} (đang là ${value})`);
  return value;
}

function boolean(env: Env, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return false;
  if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `phải là true hoặc false (đang là "${raw}")`);
}

export function readEventSettings(env: Env): EventSettings {
  return {
    intervalMs: integer(env, "EVENTS_INTERVAL_MS", 2_000, 100, 3_600_000),
    maxAttempts: integer(env, "EVENTS_MAX_ATTEMPTS", 8, 1, 100),
    timeoutMs: integer(env, "EVENTS_TIMEOUT_MS", 10_000, 100, 600_000),
    demoSubscription: boolean(env, "EVENTS_DEMO_SUBSCRIPTION"),
  };
}

/** The name of the subscription `onestop serve` keeps pointed at its simulator. */
export const DEMO_SUBSCRIPTION_NAME = "Mô phỏng hệ thống nhận sự kiện (demo)";

/**
 * Starts the loopback subscriber and points the demo subscription at it (created active with every event type and
 * agency, or updated with the simulator's new address and a fresh secret). Events from before it existed are not sent.
 */
export async function startDemoSubscription(db: Kysely<Database>, now: Date): Promise<SubscriberSimulator> {
  const secret = randomBytes(32).toString("base64url");
  const simulator = await startSubscriberSimulator({ secrets: [secret] });
  const existing = await db
    .selectFrom("event_subscriptions")
    .select("id")
    .where("name", "=", DEMO_SUBSCRIPTION_NAME)
    .executeTakeFirst();
  if (existing)
    await db
      .updateTable("event_subscriptions")
      .set({ target_url: simulator.url, secret, active: true, updated_at: now })
      .where("id", "=", existing.id)
      .execute();
  else
    await db
      .insertInto("event_subscriptions")
      .values({
        name: DEMO_SUBSCRIPTION_NAME,
        target_url: simulator.url,
        secret,
        agency_ids: "[]",
        event_types: "[]",
        include_applicant: false,
        active: true,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  return simulator;
}

type Log = { info(object: object, message: string): void; error(object: object, message: string): void };

export interface EventWorker {
  simulator: SubscriberSimulator | undefined;
  /** Stops the timer, waits for a pass in progress, closes the simulator. */
  stop(): Promise<void>;
}

/**
 * The outbound events inside `onestop serve` (issue #18): a pass every EVENTS_INTERVAL_MS, like the other timers —
 * unref'd, never overlapping itself in a process, failures logged and retried on the next tick; any number of
 * processes may run it. With EVENTS_DEMO_SUBSCRIPTION the loopback subscriber runs too.
 */
export async function startEventWorker(options: {
  db: Kysely<Database>;
  env: Env;
  publicUrl: string;
  clock?: () => Date;
  log?: Log;
}): Promise<EventWorker> {
  const clock = options.clock ?? (() => new Date());
  const settings = readEventSettings(options.env);
  const simulator = settings.demoSubscription ? await startDemoSubscription(options.db, clock()) : undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = (async () => {
      try {
        const counts = await runEventDelivery(options.db, clock, {
          publicUrl: options.publicUrl,
          maxAttempts: settings.maxAttempts,
          timeoutMs: settings.timeoutMs,
        });
        if (counts.deliveries + counts.sent + counts.retried + counts.dead > 0)
          options.log?.info({ outboundEvents: counts }, "outbound events pass");
      } catch (error) {
        options.log?.error({ err: error }, "outbound events failed");
      } finally {
        running = undefined;
      }
    })();
  };
  const timer = setInterval(tick, settings.intervalMs);
  timer.unref();
  return {
    simulator,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await simulator?.close();
    },
  };
}
