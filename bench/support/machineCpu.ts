import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

/**
 * Where the whole machine's CPU goes during a bench step (issue #21): the peak's ceiling is the machine's cores, which
 * the server, the database server and the load generator share. Read from Linux's /proc (ticks of USER_HZ, 100 per
 * second on every Linux this runs on); elsewhere every figure is undefined and the bench prints none.
 */
export interface MachineSample {
  /** Busy ticks of every core (user, nice, system, irq, softirq, steal). */
  busyTicks: number;
  /** Every tick of every core, idle and iowait included. */
  totalTicks: number;
  /** Ticks of the processes named `postgres` (the server and its backends on this machine). */
  postgresTicks: number;
  /** This process's CPU (the load generator), microseconds. */
  selfMicros: number;
}

const TICK_MICROS = 10_000;

function readTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .split(/\s+/)
      .slice(1, 9)
      .map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
    return { busy, total: busy + idle! + iowait! };
  } catch {
    return undefined;
  }
}

/** utime + stime of every live process named `postgres` (a backend that exits during a step takes its ticks along). */
function postgresTicks(): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      if (stat.slice(stat.indexOf("(") + 1, close) !== "postgres") continue;
      const fields = stat.slice(close + 2).split(" ");
      // After the name: state is field 3 of the whole line, utime 14 and stime 15.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process left between the listing and the read.
    }
  }
  return ticks;
}

export function sampleMachine(): MachineSample | undefined {
  const ticks = readTicks();
  if (!ticks) return undefined;
  const self = process.cpuUsage();
  return {
    busyTicks: ticks.busy,
    totalTicks: ticks.total,
    postgresTicks: postgresTicks(),
    selfMicros: self.user + self.system,
  };
}

export interface MachineShare {
  /** Share of every core busy, 0–1. */
  busy: number;
  /** Machine CPU per request, ms: everything busy on the machine divided by the requests. */
  msPerRequest: number;
  /** Of which the PostgreSQL processes, ms per request. */
  postgresMsPerRequest: number;
  /** Of which the load generator (this process), ms per request. */
  generatorMsPerRequest: number;
  cores: number;
}

export function machineShare(
  before: MachineSample | undefined,
  after: MachineSample | undefined,
  requests: number,
): MachineShare | undefined {
  if (!before || !after || requests <= 0) return undefined;
  const total = after.totalTicks - before.totalTicks;
  const busy = after.busyTicks - before.busyTicks;
  if (total <= 0) return undefined;
  return {
    busy: busy / total,
    msPerRequest: (busy * TICK_MICROS) / 1000 / requests,
    postgresMsPerRequest: ((after.postgresTicks - before.postgresTicks) * TICK_MICROS) / 1000 / requests,
    generatorMsPerRequest: (after.selfMicros - before.selfMicros) / 1000 / requests,
    cores: cpus().length,
  };
}
