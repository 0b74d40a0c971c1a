import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Cơ sở dữ liệu nhúng ${dataDir} đang được tiến trình ${pid} sử dụng (npm start?). ` +
        "Hãy dừng tiến trình đó, hoặc dùng máy chủ PostgreSQL qua DATABASE_URL.",
    );
    this.name = "DataDirLockedError";
  }
}

/** What the lock file records about its holder: enough to tell it from a later process that reuses its pid. */
interface Holder {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (Linux /proc), and the boot it belongs to. */
  startTicks: string | null;
  bootId: string | null;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started. Null off Linux or when the process is gone. */
function startTicksOf(pid: number): string | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[19] ?? null;
}

const bootId = () => readOrNull("/proc/sys/kernel/random/boot_id");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseHolder(text: string): Holder | undefined {
  // Lock files written before issue #20 hold the bare pid.
  if (/^\d+$/.test(text)) return { pid: Number(text), host: hostname(), startTicks: null, bootId: null };
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    if (typeof value.pid !== "number") return undefined;
    return {
      pid: value.pid,
      host: String(value.host ?? ""),
      startTicks: value.startTicks ?? null,
      bootId: value.bootId ?? null,
    };
  } catch {
    return undefined;
  }
}

/** Folders this process holds: a second open in the same process is refused like one from another process. */
const heldHere = new Set<string>();

/**
 * Whether the recorded holder still runs. A lock from another machine (a shared volume) is taken as held. On this
 * machine the holder is gone when: its pid is dead; the machine has rebooted since; or the pid now belongs to another
 * process (a different start time) — in a container every run is PID 1, so "pid 1 is alive" proves nothing
 * (issue #20); our own pid without our own record is exactly that case.
 */
function holderRuns(holder: Holder): boolean {
  if (holder.host && holder.host !== hostname()) return true;
  if (holder.bootId && bootId() && holder.bootId !== bootId()) return false;
  if (holder.pid === process.pid) return false;
  if (!(Number.isInteger(holder.pid) && holder.pid > 0 && isAlive(holder.pid))) return false;
  if (holder.startTicks && startTicksOf(holder.pid) && startTicksOf(holder.pid) !== holder.startTicks)
    return false;
  return true;
}

/**
 * Takes the embedded database folder for this process: a lock file naming this process (pid, start time, boot,
 * host), created exclusively. A lock whose holder no longer runs is taken over (see holderRuns). Returns the release
 * function; the lock is also removed at exit.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const folder = resolve(dataDir);
  if (heldHere.has(folder)) throw new DataDirLockedError(dataDir, process.pid);
  const path = join(folder, "onestop.lock");
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    startTicks: startTicksOf(process.pid),
    bootId: bootId(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: "wx" });
      heldHere.add(folder);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(folder);
        rmSync(path, { force: true });
        process.off("exit", release);
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = parseHolder(readOrNull(path) ?? "");
      if (holder && holderRuns(holder)) throw new DataDirLockedError(dataDir, holder.pid);
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(dataDir, -1);
}
