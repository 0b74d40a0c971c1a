/**
 * What both sides of the lifecycle benchmark share: the steps, the controlled clock, the demo actors, and a runner
 * that drives N dossiers through a driver with W concurrent workers, timing every step.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/schema.ts";
import { type Actor, findActor } from "../../src/services/accounts/actor.ts";

export const STEPS = ["submit", "accept", "transfer", "assign", "forward", "approve", "return"] as const;
export type Step = (typeof STEPS)[number];

/** Province time, e.g. at("2026-11-23T09:00") = Monday 23 November 2026, 09:00 in Asia/Ho_Chi_Minh. */
export const at = (local: string): Date => new Date(`${local}:00+07:00`);

/**
 * The controlled clock: every dossier is submitted Monday 08:00 and moves through its steps within working hours,
 * so no step is late and every run computes the same deadlines. `approve` includes uploading the signed result.
 */
export const CLOCK: Readonly<Record<Step, Date>> = Object.freeze({
  submit: at("2026-11-23T08:00"),
  accept: at("2026-11-23T08:30"),
  transfer: at("2026-11-23T08:40"),
  assign: at("2026-11-23T09:00"),
  forward: at("2026-11-23T14:00"),
  approve: at("2026-11-24T09:00"),
  return: at("2026-11-24T10:00"),
});

export interface BenchActors {
  citizen: Actor;
  counter: Actor;
  head: Actor;
  specialist: Actor;
  leader: Actor;
}

/** The demo users who act (data/users.json), loaded as a session would load them. */
export async function loadActors(db: Kysely<Database>): Promise<BenchActors> {
  const users = await db.selectFrom("users").select(["id", "username"]).execute();
  const named = async (username: string): Promise<Actor> => {
    const id = users.find((user) => user.username === username)?.id;
    const actor = id ? await findActor(db, id) : undefined;
    if (!actor) throw new Error(`demo user ${username} missing`);
    return actor;
  };
  return {
    citizen: await named("congdan.demo"),
    counter: await named("motcua.trungtam"),
    head: await named("truongphong.trungtam"),
    specialist: await named("chuyenvien.trungtam"),
    leader: await named("lanhdao.trungtam"),
  };
}

/** One side of the benchmark: runs one dossier's whole lifecycle, calling `step` around each step. */
export type LifecycleDriver = (
  index: number,
  step: <T>(name: Step, work: () => Promise<T>) => Promise<T>,
) => Promise<void>;

export interface RunResult {
  dossiers: number;
  seconds: number;
  /** CPU time of this Node process during the run (user + system), in milliseconds. */
  cpuMs: number;
  /** Total milliseconds spent in each step, over every dossier. */
  stepMs: Record<Step, number>;
}

const noSteps = (): Record<Step, number> =>
  Object.fromEntries(STEPS.map((name) => [name, 0])) as Record<Step, number>;

/** Drives dossiers `first … first+count-1` with `workers` concurrent workers. Any error stops the run. */
export async function runLifecycles(
  driver: LifecycleDriver,
  first: number,
  count: number,
  workers: number,
): Promise<RunResult> {
  const stepMs = noSteps();
  const timed = async <T>(name: Step, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      stepMs[name] += performance.now() - t0;
    }
  };
  let next = first;
  const end = first + count;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: Math.min(workers, count) }, async () => {
      while (next < end) await driver(next++, timed);
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return {
    dossiers: count,
    seconds: (performance.now() - t0) / 1000,
    cpuMs: (cpu.user + cpu.system) / 1000,
    stepMs,
  };
}

/** Sums rounds of one side. */
export function combine(results: readonly RunResult[]): RunResult {
  const stepMs = noSteps();
  for (const result of results) for (const name of STEPS) stepMs[name] += result.stepMs[name];
  return {
    dossiers: results.reduce((sum, result) => sum + result.dossiers, 0),
    seconds: results.reduce((sum, result) => sum + result.seconds, 0),
    cpuMs: results.reduce((sum, result) => sum + result.cpuMs, 0),
    stepMs,
  };
}
