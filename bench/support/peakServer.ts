/**
 * The server under test of the peak benchmark (issue #21): the real `onestop serve` (jobs, notification
 * dispatcher, simulators and all) in a child process, on a database the bench prepared, with the statement probe
 * (peakProbe.ts) loaded beside it; and the data the mix needs, read before the server takes the database (PGlite is
 * one process).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../src/db/schema.ts";
import type { ProbeReading } from "./peakProbe.ts";

const root = new URL("../../", import.meta.url);

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
  agencyCode: string | null;
}

/** The demo accounts of data/users.json (the officers of the inboxes, the citizen who submits). */
export function demoAccounts(): DemoAccount[] {
  const users = JSON.parse(readFileSync(new URL("data/users.json", root), "utf8")) as {
    username: string;
    password: string;
    grants: { role: string; agencyCode: string | null }[];
  }[];
  return users.map((user) => ({
    username: user.username,
    password: user.password,
    role: user.grants[0]?.role ?? "",
    agencyCode: user.grants[0]?.agencyCode ?? null,
  }));
}

export const INBOX_ROLES = ["counter_officer", "specialist", "unit_head", "agency_leader"];

export interface MixData {
  /** Dossier codes a citizen could type (a random sample). */
  codes: string[];
  procedureCodes: string[];
  /** A random sample of dossier ids per agency code (what its officers may open). */
  dossierIds: Map<string, string[]>;
}

/** Reads what the mix draws from: codes, procedures and dossiers of each officer's agency. */
export async function readMixData(db: Kysely<Database>, agencyCodes: readonly string[]): Promise<MixData> {
  const codes = await sql<{ code: string }>`select code from dossiers order by random() limit 20000`.execute(
    db,
  );
  const procedures = await sql<{ code: string }>`
    select distinct p.code from procedures p join procedure_offerings o on o.procedure_id = p.id`.execute(db);
  const dossierIds = new Map<string, string[]>();
  for (const agency of agencyCodes) {
    const rows = await sql<{ id: string }>`
      select d.id from dossiers d join agencies a on a.id = d.agency_id
      where a.code = ${agency} order by random() limit 2000`.execute(db);
    dossierIds.set(
      agency,
      rows.rows.map((row) => row.id),
    );
  }
  return {
    codes: codes.rows.map((row) => row.code),
    procedureCodes: procedures.rows.map((row) => row.code),
    dossierIds,
  };
}

export interface PeakServer {
  port: number;
  pid: number;
  read(): Promise<ProbeReading>;
  reset(): void;
  stop(): Promise<void>;
  /** The server's last lines of output (shown when something fails). */
  tail(): string[];
}

/**
 * Starts `onestop serve` with `env` (DATABASE_URL or PGLITE_DATA_DIR, FILES_DIR…) on a free port, the rate limits
 * raised out of the way (one client address sends everything) and the logs at LOG_LEVEL (warn unless
 * BENCH_PEAK_LOG_LEVEL says otherwise).
 */
export async function startPeakServer(env: Record<string, string>): Promise<PeakServer> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["DATABASE_URL", "PGLITE_DATA_DIR", "PORT", "FILES_DIR"]) delete childEnv[name];
  Object.assign(childEnv, {
    HOST: "127.0.0.1",
    PORT: "0",
    PUBLIC_URL: "http://127.0.0.1:3000",
    LOG_LEVEL: process.env.BENCH_PEAK_LOG_LEVEL ?? "warn",
    DEMO_MODE: "false",
    SEED_ON_EMPTY: "false",
    DEMO_HISTORY: "false",
    MFA_REQUIRED_FOR_ADMINS: "false",
    PUBLIC_RATE_LIMIT_PER_MINUTE: "1000000",
    LOOKUP_RATE_LIMIT_PER_MINUTE: "1000000",
    API_RATE_LIMIT_PER_MINUTE: "1000000",
    LOGIN_RATE_LIMIT_PER_MINUTE: "1000000",
    UPLOAD_RATE_LIMIT_PER_MINUTE: "1000000",
    ...env,
  });
  // BENCH_PEAK_WORKERS (issue #21): `serve --workers N` on PostgreSQL, on a port chosen here (workers share it).
  const workers = Number(process.env.BENCH_PEAK_WORKERS ?? 1);
  if (workers > 1) childEnv.PORT = String(await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      new URL("./peakProbe.ts", import.meta.url).href,
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      new URL("src/cli/main.ts", root).pathname,
      "serve",
      ...(workers > 1 ? ["--workers", String(workers)] : []),
    ],
    { cwd: root.pathname, env: childEnv, stdio: ["ignore", "pipe", "pipe", "ipc"] },
  );
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(line);
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stderr?.on("data", keep);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not start within 180 s")), 180_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      keep(chunk);
      const ready = /sẵn sàng tại http:\/\/[^:\s]+:(\d+)/u.exec(chunk.toString("utf8"));
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}):\n${lines.join("\n")}`));
    });
  });
  const read = () =>
    new Promise<ProbeReading>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the probe did not answer")), 30_000);
      const listen = (message: unknown) => {
        const probe = (message as { probe?: ProbeReading }).probe;
        if (!probe) return;
        clearTimeout(timer);
        child.off("message", listen);
        resolve(probe);
      };
      child.on("message", listen);
      child.send("probe:read");
    });
  return {
    port,
    pid: child.pid!,
    read,
    reset: () => child.send("probe:reset"),
    tail: () => [...lines],
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A port free on loopback now (for `serve --workers`, whose workers cannot share port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
