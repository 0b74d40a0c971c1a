/**
 * What one submission and its acceptance cost the server (issue #21), in the requests and in the background jobs they
 * set off afterwards (notifications, the national portal's packets, event deliveries): statements and Node CPU per
 * submit + accept pair, listed by statement text. The peak bench's mix sends 5% of such requests; their background
 * work is paid by the whole mix. The baseline printed beside the background is the same run's foreground.
 *
 * The real `onestop serve` (jobs, simulators and the statement probe of the peak bench) on a fresh PostgreSQL
 * database with the demo province; the pairs are sent one after the other, then the server is left until its
 * background is idle again.
 *
 * Run: npm run bench pairCost   (BENCH_PAIR_COUNT pairs, default 40; BENCH_DATABASE_URL as for the other benches)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase } from "../src/db/connection.ts";
import {
  BENCH_AGENCY,
  BENCH_PROCEDURE,
  createBenchPostgres,
  fmt,
  prepareDatabase,
} from "./support/benchDatabase.ts";
import type { ProbeReading } from "./support/peakProbe.ts";
import { demoAccounts, type PeakServer, startPeakServer } from "./support/peakServer.ts";

const PAIRS = Number(process.env.BENCH_PAIR_COUNT ?? 40);
/** Background statements per 3-s window under which the server counts as idle (jobs polling only). */
const IDLE_STATEMENTS = 30;

type Headers = Record<string, string>;

async function login(base: string, username: string): Promise<Headers> {
  const account = demoAccounts().find((candidate) => candidate.username === username)!;
  const response = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: account.password }),
  });
  const body = (await response.json()) as { csrfToken?: string };
  const cookie = /onestop_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1];
  if (response.status !== 200 || !cookie || !body.csrfToken)
    throw new Error(`login ${username}: ${response.status}`);
  return {
    cookie: `onestop_session=${cookie}`,
    "x-csrf-token": body.csrfToken,
    "content-type": "application/json",
  };
}

const calls = (reading: ProbeReading) =>
  reading.statements.reduce((sum, statement) => sum + statement.calls, 0);

/** Statements run between two readings, by text, most frequent first. */
function between(before: ProbeReading, after: ProbeReading) {
  const earlier = new Map(before.statements.map((statement) => [statement.text, statement.calls]));
  return after.statements
    .map((statement) => ({
      text: statement.text,
      calls: statement.calls - (earlier.get(statement.text) ?? 0),
    }))
    .filter((statement) => statement.calls > 0)
    .sort((a, b) => b.calls - a.calls);
}

/** Waits until a 3-s window runs fewer than IDLE_STATEMENTS statements (at most 120 s). */
async function idle(server: PeakServer): Promise<void> {
  const started = performance.now();
  let last = await server.read();
  while (performance.now() - started < 120_000) {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const now = await server.read();
    if (calls(now) - calls(last) < IDLE_STATEMENTS) return;
    last = now;
  }
  throw new Error("the server's background did not become idle within 120 s");
}

export default async function pairCost(): Promise<void> {
  const database = await createBenchPostgres();
  const filesDir = mkdtempSync(join(tmpdir(), "onestop-paircost-"));
  let server: PeakServer | undefined;
  try {
    const handle = await connectDatabase({ databaseUrl: database.url, poolMax: 2 });
    try {
      await prepareDatabase(handle.db);
    } finally {
      await handle.close();
    }
    server = await startPeakServer({ DATABASE_URL: database.url, FILES_DIR: join(filesDir, "files") });
    const base = `http://127.0.0.1:${server.port}`;
    const citizen = await login(base, "congdan.demo");
    const counter = await login(base, "motcua.trungtam");
    await idle(server);

    const start = await server.read();
    const submitted: { id: string; version: number }[] = [];
    for (let index = 0; index < PAIRS; index++) {
      const response = await fetch(`${base}/api/citizen/dossiers`, {
        method: "POST",
        headers: citizen,
        body: JSON.stringify({
          procedureCode: BENCH_PROCEDURE,
          agencyCode: BENCH_AGENCY,
          formData: { ghiChu: `hồ sơ đo chi phí ${index}` },
          files: [],
        }),
      });
      if (response.status !== 201) throw new Error(`submit: ${response.status} ${await response.text()}`);
      submitted.push((await response.json()) as { id: string; version: number });
    }
    for (const dossier of submitted) {
      const response = await fetch(`${base}/api/office/dossiers/${dossier.id}/accept`, {
        method: "POST",
        headers: counter,
        body: JSON.stringify({ expectedVersion: dossier.version }),
      });
      if (response.status !== 200) throw new Error(`accept: ${response.status} ${await response.text()}`);
    }
    const answered = await server.read();
    await idle(server);
    const done = await server.read();

    const foreground = between(start, answered);
    const background = between(answered, done);
    const per = (value: number) => fmt(value / PAIRS, 1);
    console.log(
      `pair cost (issue #21) — ${PAIRS} submit + accept pairs on PostgreSQL, one after the other, then the background left to finish`,
    );
    console.log(
      `  while the requests ran:      ${per(calls(answered) - calls(start))} statements per pair, Node CPU ${per((answered.cpuMicros - start.cpuMicros) / 1000)} ms per pair (jobs that ran meanwhile included)`,
    );
    console.log(
      `  after them, until idle:      ${per(calls(done) - calls(answered))} statements per pair, Node CPU ${per((done.cpuMicros - answered.cpuMicros) / 1000)} ms per pair (idle polling included)`,
    );
    const list = (title: string, rows: ReturnType<typeof between>) => {
      console.log(`  ${title}`);
      for (const row of rows.slice(0, 30))
        console.log(
          `    ${per(row.calls).padStart(6)}  ${row.text.replace(/\s+/g, " ").trim().slice(0, 130)}`,
        );
    };
    list("statements per pair while the requests ran:", foreground);
    list("statements per pair after them:", background);
  } finally {
    await server?.stop();
    await database.drop();
    rmSync(filesDir, { recursive: true, force: true });
  }
}
