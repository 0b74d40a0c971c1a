/**
 * Loaded with `--import` into the server the peak benchmark starts (`onestop serve`, unchanged): it times every
 * statement the app sends through `pg` (PostgreSQL, and PGlite through its node-postgres shim) as the app sees it,
 * round trip included, and answers the bench over IPC with those figures and the process's CPU time. It changes
 * nothing the app does; it is how the bench tells statements by time where pg_stat_statements is not there
 * (PGlite, or a server without it in shared_preload_libraries).
 *
 * IPC: "probe:reset" clears the statements; "probe:read" answers `{ probe: ProbeReading }`.
 */
import pg from "pg";

export interface ProbeReading {
  /** process.cpuUsage() of the server, user + system, in microseconds. */
  cpuMicros: number;
  statements: { text: string; calls: number; ms: number }[];
}

const statements = new Map<string, { calls: number; ms: number }>();
const record = (text: string, started: number) => {
  const entry = statements.get(text) ?? { calls: 0, ms: 0 };
  entry.calls++;
  entry.ms += performance.now() - started;
  statements.set(text, entry);
};

type Query = (this: pg.Client, ...args: unknown[]) => unknown;
const prototype = pg.Client.prototype as unknown as { query: Query };
const original = prototype.query;
prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const config = args[0];
  const text = typeof config === "string" ? config : ((config as { text?: string } | undefined)?.text ?? "?");
  const started = performance.now();
  const result = original.apply(this, args);
  if (result && typeof (result as Promise<unknown>).then === "function")
    (result as Promise<unknown>).then(
      () => record(text, started),
      () => record(text, started),
    );
  return result;
};

if (process.send) {
  process.on("message", (message) => {
    if (message === "probe:reset") statements.clear();
    if (message === "probe:read") {
      const cpu = process.cpuUsage();
      const reading: ProbeReading = {
        cpuMicros: cpu.user + cpu.system,
        statements: [...statements].map(([text, entry]) => ({ text, ...entry })),
      };
      process.send?.({ probe: reading });
    }
  });
  // The IPC channel must not keep the server alive once it is asked to stop.
  process.channel?.unref();
}
