/**
 * The mixed province peak (issue #21 §1): the real `onestop serve` under an open-loop mix — 40% public lookups, 20%
 * catalog searches, 10% procedure pages, 15% officer inboxes, 10% office dossier pages, 5% submissions and
 * acceptances — with latency counted from each request's scheduled time, on PostgreSQL (a database of its own with
 * generated dossiers, bench/generate) and on embedded PGlite (a data folder of its own). For each it prints:
 * - the constant-route ceiling (`/health/live` of the same server, closed loop, 50 connections) measured in the same
 *   run, the baseline the peak is read against;
 * - each request class alone at a modest rate: the server's CPU, statements, transactions and statement time per
 *   request;
 * - the step search: the highest offered rate with p99 < 200 ms and no error (wrong status, connection error or
 *   timeout), growing ×1.5 then bisecting, bounded in steps and time;
 * - the top statements by time over the search: from pg_stat_statements in its own database when the server
 *   preloads it, and as the app sees them (round trip, from a probe loaded into the server) on both.
 *
 * Run: npm run bench peak   (BENCH_DATABASE_URL = admin URL of the server, default the local one)
 * Sizes and durations (defaults are the issue's figures; a quick run: BENCH_PEAK_DOSSIERS=10000
 * BENCH_PEAK_STEP_SECONDS=8 BENCH_PEAK_CLASS_SECONDS=3):
 *   BENCH_PEAK_TARGETS=postgres,pglite   which databases
 *   BENCH_PEAK_DOSSIERS=100000           generated dossiers (BENCH_PEAK_PGLITE_DOSSIERS for PGlite, default the same)
 *   BENCH_PEAK_STEP_SECONDS=20           length of one step of the search
 *   BENCH_PEAK_START_RATE=50             first rate tried (requests/s; BENCH_PEAK_PGLITE_START_RATE for PGlite)
 *   BENCH_PEAK_MAX_STEPS=10              steps at most; BENCH_PEAK_BUDGET_SECONDS=900 search time at most per target
 *   BENCH_PEAK_CLASS_RATE=20             rate of each class alone; BENCH_PEAK_CLASS_SECONDS=6 its length
 *   BENCH_PEAK_CEILING_SECONDS=5         length of the constant-route measurement
 *   BENCH_PEAK_POOL                      DATABASE_POOL_MAX of the server (the app's default when unset)
 *   BENCH_PEAK_WORKERS=1                 `serve --workers N` (PostgreSQL only; PGlite stays one process): the rates
 *                                        count every worker, the probe's CPU and statements the primary only
 *   BENCH_PEAK_P99_MS=200                the latency bound
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { connectDatabase } from "../src/db/connection.ts";
import type { Database } from "../src/db/schema.ts";
import { generateSyntheticDossiers } from "./generate/syntheticDossiers.ts";
import {
  BENCH_AGENCY,
  BENCH_PROCEDURE,
  createBenchPostgres,
  fmt,
  prepareDatabase,
} from "./support/benchDatabase.ts";
import { type MachineShare, machineShare, sampleMachine } from "./support/machineCpu.ts";
import {
  loadAgent,
  type PlannedRequest,
  type RequestClass,
  runOpenLoop,
  type StepResult,
  seededRandom,
} from "./support/openLoop.ts";
import type { ProbeReading } from "./support/peakProbe.ts";
import {
  demoAccounts,
  INBOX_ROLES,
  type MixData,
  type PeakServer,
  readMixData,
  startPeakServer,
} from "./support/peakServer.ts";

const number = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

const TARGETS = (process.env.BENCH_PEAK_TARGETS ?? "postgres,pglite").split(",").map((name) => name.trim());
const DOSSIERS = number("BENCH_PEAK_DOSSIERS", 100_000);
const PGLITE_DOSSIERS = number("BENCH_PEAK_PGLITE_DOSSIERS", DOSSIERS);
const STEP_SECONDS = number("BENCH_PEAK_STEP_SECONDS", 20);
const START_RATE = number("BENCH_PEAK_START_RATE", 50);
const PGLITE_START_RATE = number("BENCH_PEAK_PGLITE_START_RATE", START_RATE);
const MAX_STEPS = number("BENCH_PEAK_MAX_STEPS", 10);
const BUDGET_SECONDS = number("BENCH_PEAK_BUDGET_SECONDS", 900);
const CLASS_RATE = number("BENCH_PEAK_CLASS_RATE", 20);
const CLASS_SECONDS = number("BENCH_PEAK_CLASS_SECONDS", 6);
const CEILING_SECONDS = number("BENCH_PEAK_CEILING_SECONDS", 5);
const P99_MS = number("BENCH_PEAK_P99_MS", 200);
const SETTLE_SECONDS = number("BENCH_PEAK_SETTLE_SECONDS", 240);
/** Background statements per second under which the server counts as settled (jobs polling, nothing to catch up). */
const SETTLED_STATEMENTS_PER_SECOND = number("BENCH_PEAK_SETTLED_RATE", 60);
const GROWTH = 1.5;
const TIMEOUT_MS = 15_000;

/** The issue's mix (issue #21): name, share. */
const MIX = [
  ["lookup", 40],
  ["catalog search", 20],
  ["procedure page", 10],
  ["officer inbox", 15],
  ["office dossier", 10],
  ["submit/accept", 5],
] as const;
type ClassName = (typeof MIX)[number][0];

const SEARCH_TERMS = [
  "khai sinh",
  "ket hon",
  "đất đai",
  "hộ tịch",
  "giấy phép",
  "đăng ký",
  "chứng thực",
  "doanh nghiệp",
  "xây dựng",
  "khai tu",
  "thường trú",
  "hộ kinh doanh",
];
const INBOX_BOXES = [
  ["toProcess", 40],
  ["dueSoon", 20],
  ["overdue", 20],
  ["toReceive", 10],
  ["toReturn", 5],
  ["consultations", 5],
] as const;

const loadLine = () =>
  `load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ")} (1/5/15 min, ${cpus().length} cores, shared machine)`;
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : fmt(value)} ms`;
const clip = (text: string, width: number) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
};

interface Session {
  headers: Record<string, string>;
  agencyCode: string | null;
}

async function login(port: number, username: string, password: string): Promise<Session> {
  const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { csrfToken?: string };
  const cookie = /onestop_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1];
  if (response.status !== 200 || !cookie || !body.csrfToken)
    throw new Error(`login ${username}: ${response.status} ${JSON.stringify(body)}`);
  return {
    headers: { cookie: `onestop_session=${cookie}`, "x-csrf-token": body.csrfToken },
    agencyCode: null,
  };
}

/** The mix's request classes over the server's sessions and the data read beforehand. */
async function mixClasses(
  port: number,
  data: MixData,
  random: () => number,
): Promise<Map<ClassName, RequestClass>> {
  const accounts = demoAccounts();
  const officers: Session[] = [];
  for (const account of accounts.filter(
    (a) => INBOX_ROLES.includes(a.role) && a.agencyCode && data.dossierIds.get(a.agencyCode)?.length,
  ))
    officers.push({
      ...(await login(port, account.username, account.password)),
      agencyCode: account.agencyCode,
    });
  const find = (username: string) => {
    const account = accounts.find((a) => a.username === username);
    if (!account) throw new Error(`demo user ${username} missing`);
    return login(port, account.username, account.password);
  };
  const citizen = await find("congdan.demo");
  const counter = await find("motcua.trungtam");
  const any = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const weighted = <T>(list: readonly (readonly [T, number])[]): T => {
    let draw = random() * list.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [value, weight] of list) {
      draw -= weight;
      if (draw < 0) return value;
    }
    return list[0]![0];
  };
  // Submitted dossiers waiting for the counter: every other submit/accept request accepts one of them.
  const waiting: { id: string; version: number }[] = [];
  let submissions = 0;
  let turn = 0;
  const submit = (): PlannedRequest => ({
    method: "POST",
    path: "/api/citizen/dossiers",
    headers: citizen.headers,
    body: {
      procedureCode: BENCH_PROCEDURE,
      agencyCode: BENCH_AGENCY,
      formData: { ghiChu: `hồ sơ đo tải ${++submissions}` },
      files: [],
    },
    expect: 201,
    onAnswer: (body) => {
      const dossier = body as { id: string; version: number };
      waiting.push({ id: dossier.id, version: dossier.version });
    },
  });
  const classes: Record<ClassName, () => PlannedRequest> = {
    lookup: () => ({ method: "GET", path: `/api/public/lookup/${encodeURIComponent(any(data.codes))}` }),
    "catalog search": () => {
      const page = 1 + Math.floor(random() * 2);
      return random() < 0.2
        ? { method: "GET", path: `/api/public/procedures?page=${page}` }
        : { method: "GET", path: `/api/public/procedures?q=${encodeURIComponent(any(SEARCH_TERMS))}` };
    },
    "procedure page": () => ({
      method: "GET",
      path: `/api/public/procedures/${encodeURIComponent(any(data.procedureCodes))}`,
    }),
    "officer inbox": () => ({
      method: "GET",
      path: `/api/office/inbox?box=${weighted(INBOX_BOXES)}`,
      headers: any(officers).headers,
    }),
    "office dossier": () => {
      const officer = any(officers);
      return {
        method: "GET",
        path: `/api/office/dossiers/${any(data.dossierIds.get(officer.agencyCode!)!)}`,
        headers: officer.headers,
      };
    },
    "submit/accept": () => {
      const next = turn++ % 2 === 1 ? waiting.shift() : undefined;
      if (!next) return submit();
      return {
        method: "POST",
        path: `/api/office/dossiers/${next.id}/accept`,
        headers: counter.headers,
        body: { expectedVersion: next.version },
      };
    },
  };
  return new Map(
    MIX.map(([name, weight]) => [name, { name, weight, next: classes[name] }] as [ClassName, RequestClass]),
  );
}

/** Server-side figures of PostgreSQL over a stretch of the run (pg_stat_database of the bench's own database). */
interface ServerCounters {
  transactions: number;
}

interface Target {
  name: string;
  dossiers: number;
  startRate: number;
  /** Prepares the database (generated dossiers), reads the mix's data and says how to start the server on it. */
  prepare(): Promise<{ data: MixData; env: Record<string, string>; notes: string[] }>;
  counters(): Promise<ServerCounters | undefined>;
  resetStatements(): Promise<void>;
  topStatements(): Promise<string[] | undefined>;
  cleanup(): Promise<void>;
}

async function fillDatabase(db: Kysely<Database>, count: number, log: string[]): Promise<MixData> {
  const started = performance.now();
  await prepareDatabase(db);
  await generateSyntheticDossiers(db, { count, firstNumber: 1, now: new Date() });
  await sql`vacuum analyze`.execute(db);
  log.push(
    `${fmt(count)} generated dossiers (bench/generate, 3 years over every offering of the demo province), migrated, seeded, vacuumed in ${fmt((performance.now() - started) / 1000, 1)} s`,
  );
  const agencies = [
    ...new Set(
      demoAccounts().flatMap((a) => (INBOX_ROLES.includes(a.role) && a.agencyCode ? [a.agencyCode] : [])),
    ),
  ];
  return readMixData(db, agencies);
}

function postgresTarget(): Target {
  let database: Awaited<ReturnType<typeof createBenchPostgres>> | undefined;
  let admin: pg.Client | undefined;
  let statementsAvailable = false;
  const filesDir = mkdtempSync(join(tmpdir(), "onestop-peak-files-"));
  return {
    name: "PostgreSQL",
    dossiers: DOSSIERS,
    startRate: START_RATE,
    async prepare() {
      database = await createBenchPostgres();
      const notes: string[] = [`database ${database.name}`];
      admin = new pg.Client({ connectionString: database.url });
      admin.on("error", () => {});
      await admin.connect();
      try {
        await admin.query("create extension if not exists pg_stat_statements");
        await admin.query("select count(*) from pg_stat_statements");
        statementsAvailable = true;
        notes.push("pg_stat_statements installed in the bench database");
      } catch (error) {
        const preload = (await admin.query("show shared_preload_libraries")).rows[0]
          ?.shared_preload_libraries;
        notes.push(
          `pg_stat_statements absent: the server does not preload it (shared_preload_libraries = '${preload ?? ""}'; ${(error as Error).message}); top statements come from the app-side probe only`,
        );
        await admin.query("drop extension if exists pg_stat_statements").catch(() => {});
      }
      const handle = await connectDatabase({ databaseUrl: database.url, poolMax: 2 });
      try {
        const data = await fillDatabase(handle.db, DOSSIERS, notes);
        const env: Record<string, string> = {
          DATABASE_URL: database.url,
          FILES_DIR: join(filesDir, "files"),
        };
        if (process.env.BENCH_PEAK_POOL) env.DATABASE_POOL_MAX = process.env.BENCH_PEAK_POOL;
        notes.push(`server pool: ${process.env.BENCH_PEAK_POOL ?? "the app's default (DATABASE_POOL_MAX)"}`);
        if (Number(process.env.BENCH_PEAK_WORKERS ?? 1) > 1)
          notes.push(
            `serve --workers ${process.env.BENCH_PEAK_WORKERS} (issue #21): per-class CPU and app-side statements below are the primary's only`,
          );
        return { data, env, notes };
      } finally {
        await handle.close();
      }
    },
    async counters() {
      if (!admin || !database) return undefined;
      await admin.query("select pg_stat_clear_snapshot()");
      const row = (
        await admin.query<{ transactions: string }>(
          "select xact_commit + xact_rollback as transactions from pg_stat_database where datname = $1",
          [database.name],
        )
      ).rows[0];
      return { transactions: Number(row?.transactions ?? 0) };
    },
    async resetStatements() {
      if (statementsAvailable) await admin?.query("select pg_stat_statements_reset()");
    },
    async topStatements() {
      if (!statementsAvailable || !admin) return undefined;
      const rows = (
        await admin.query<{ query: string; calls: string; total: number; mean: number; share: number }>(
          `select query, calls, total_exec_time + total_plan_time as total,
                  (total_exec_time + total_plan_time) / calls as mean,
                  (total_exec_time + total_plan_time) / sum(total_exec_time + total_plan_time) over () as share
           from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
           order by total desc limit 10`,
        )
      ).rows;
      return rows.map(
        (row) =>
          `${fmt(row.total).padStart(8)} ms ${(row.share * 100).toFixed(1).padStart(5)}% ${fmt(Number(row.calls)).padStart(8)} calls ${ms(row.mean).padStart(9)}  ${clip(row.query, 110)}`,
      );
    },
    async cleanup() {
      await admin?.end().catch(() => {});
      await database?.drop();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

const noCounters = async (): Promise<ServerCounters | undefined> => undefined;

function pgliteTarget(): Target {
  const folder = mkdtempSync(join(tmpdir(), "onestop-peak-pglite-"));
  return {
    name: "PGlite (embedded)",
    dossiers: PGLITE_DOSSIERS,
    startRate: PGLITE_START_RATE,
    async prepare() {
      const notes: string[] = [`data folder ${folder}/db, durability fsync (the default)`];
      // Filled without fsync (only the load is timed), then served as `onestop serve` serves it.
      const handle = await connectDatabase({
        pgliteDataDir: join(folder, "db"),
        pgliteDurability: "relaxed",
      });
      try {
        const data = await fillDatabase(handle.db, PGLITE_DOSSIERS, notes);
        return {
          data,
          env: { PGLITE_DATA_DIR: join(folder, "db"), FILES_DIR: join(folder, "files") },
          notes,
        };
      } finally {
        await handle.close();
      }
    },
    counters: noCounters,
    resetStatements: async () => {},
    topStatements: async () => undefined,
    cleanup: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

/** The constant route of the same server, closed loop: the HTTP ceiling of this machine now. */
async function ceiling(server: PeakServer): Promise<{ rate: number; p99: number; cpuMicros: number }> {
  const before = await server.read();
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}/health/live`,
    connections: 50,
    duration: CEILING_SECONDS,
  });
  const after = await server.read();
  return {
    rate: result.requests.average,
    p99: result.latency.p99,
    cpuMicros: (after.cpuMicros - before.cpuMicros) / Math.max(result.requests.total, 1),
  };
}

function statementTotals(before: ProbeReading, after: ProbeReading) {
  const sum = (reading: ProbeReading, pick: (s: ProbeReading["statements"][number]) => number) =>
    reading.statements.reduce((total, statement) => total + pick(statement), 0);
  const begins = (reading: ProbeReading) =>
    reading.statements.filter((s) => /^\s*begin\b/i.test(s.text)).reduce((total, s) => total + s.calls, 0);
  return {
    cpuMicros: after.cpuMicros - before.cpuMicros,
    statements: sum(after, (s) => s.calls) - sum(before, (s) => s.calls),
    statementMs: sum(after, (s) => s.ms) - sum(before, (s) => s.ms),
    begins: begins(after) - begins(before),
  };
}

/**
 * Waits until the server's background work has caught up. Generated dossiers were never watched, synced or
 * notified: a fresh server first works through that history (deadline marks, their events' fan-out…), which a
 * province running every day has long done. Measuring during the catch-up charges it to the requests.
 */
async function settle(server: PeakServer): Promise<void> {
  const started = performance.now();
  const windows: string[] = [];
  let last = await server.read();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const now = await server.read();
    const seconds = 3;
    const rate = statementTotals(last, now).statements / seconds;
    const cpu = statementTotals(last, now).cpuMicros / seconds / 1000;
    windows.push(`${fmt(rate)}/s (${fmt(cpu)} ms CPU/s)`);
    last = now;
    const elapsed = (performance.now() - started) / 1000;
    if (rate < SETTLED_STATEMENTS_PER_SECOND || elapsed >= SETTLE_SECONDS) {
      const settled = rate < SETTLED_STATEMENTS_PER_SECOND;
      console.log(
        `  background work before measuring: ${settled ? "settled" : "NOT settled"} after ${fmt(elapsed, 0)} s; statements per 3-s window: ${windows.join(", ")}`,
      );
      return;
    }
  }
}

const passes = (step: StepResult) => step.errors === 0 && step.p99 < P99_MS;

async function measureTarget(target: Target): Promise<void> {
  console.log(`\n### ${target.name}`);
  console.log(`  start: ${loadLine()}`);
  let server: PeakServer | undefined;
  try {
    const { data, env, notes } = await target.prepare();
    for (const note of notes) console.log(`  ${note}`);
    server = await startPeakServer(env);
    const random = seededRandom(21);
    const classes = await mixClasses(server.port, data, random);
    const agent = loadAgent();
    const step = (rate: number, seconds: number, kinds: readonly RequestClass[]) =>
      runOpenLoop({
        host: "127.0.0.1",
        port: server!.port,
        rate,
        seconds,
        classes: kinds,
        random,
        agent,
        timeoutMs: TIMEOUT_MS,
      });

    await settle(server);
    const top = await ceiling(server);
    console.log(
      `  constant route /health/live (closed loop, 50 connections, ${CEILING_SECONDS} s): ${fmt(top.rate)} req/s, p99 ${top.p99} ms, server CPU ${fmt(top.cpuMicros)} µs/req`,
    );
    const mix = [...classes.values()];
    await step(target.startRate, Math.min(5, STEP_SECONDS), mix); // warm-up (not counted)
    // The warm-up's submissions leave background work (their notifications and national-portal packets): it is
    // let finish before the idle server is measured, or the idle figure would carry it and net the classes to 0.
    await settle(server);

    // The server works without requests too (notification dispatcher, deadline watch, national-portal sync…):
    // measured idle first, and taken off each class's figures in proportion to its length.
    const idleBefore = await server.read();
    const idleCounters = await target.counters();
    const idleStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, CLASS_SECONDS * 1000));
    const idleSeconds = (performance.now() - idleStarted) / 1000;
    const idle = statementTotals(idleBefore, await server.read());
    const idleCountersAfter = await target.counters();
    const idleTransactions =
      idleCounters && idleCountersAfter
        ? idleCountersAfter.transactions - idleCounters.transactions
        : idle.begins;
    const perSecond = {
      cpuMicros: idle.cpuMicros / idleSeconds,
      statements: idle.statements / idleSeconds,
      statementMs: idle.statementMs / idleSeconds,
      transactions: idleTransactions / idleSeconds,
    };
    console.log(
      `  idle server (background jobs only, ${fmt(idleSeconds, 1)} s): CPU ${fmt(perSecond.cpuMicros / 1000, 1)} ms/s, ${fmt(perSecond.statements, 1)} statements/s, ${fmt(perSecond.transactions, 1)} transactions/s — taken off the per-class figures below`,
    );
    console.log(
      `  each class alone, open loop at ${CLASS_RATE} req/s for ${CLASS_SECONDS} s (server CPU: the Node process, its PGlite included; statements as the app sees them, round trip; transactions: ${target.counters === noCounters ? "explicit ones (begin)" : "pg_stat_database"}):`,
    );
    console.log(
      `    ${"class".padEnd(16)} ${"p50".padStart(8)} ${"p99".padStart(8)} ${"CPU µs/req".padStart(11)} ${"stmts/req".padStart(10)} ${"stmt ms/req".padStart(12)} ${"tx/req".padStart(7)}  errors`,
    );
    for (const kind of mix) {
      const before = await server.read();
      const counters = await target.counters();
      const started = performance.now();
      const result = await step(CLASS_RATE, CLASS_SECONDS, [kind]);
      await new Promise((resolve) => setTimeout(resolve, 600));
      const after = await server.read();
      const countersAfter = await target.counters();
      const elapsed = (performance.now() - started) / 1000;
      const totals = statementTotals(before, after);
      const n = Math.max(result.completed + result.errors, 1);
      const transactions =
        counters && countersAfter ? countersAfter.transactions - counters.transactions : totals.begins;
      const net = (value: number, idleRate: number) => Math.max(0, value - idleRate * elapsed) / n;
      console.log(
        `    ${kind.name.padEnd(16)} ${ms(result.p50).padStart(8)} ${ms(result.p99).padStart(8)} ${fmt(net(totals.cpuMicros, perSecond.cpuMicros)).padStart(11)} ${net(totals.statements, perSecond.statements).toFixed(1).padStart(10)} ${net(totals.statementMs, perSecond.statementMs).toFixed(2).padStart(12)} ${net(transactions, perSecond.transactions).toFixed(1).padStart(7)}  ${result.errors}${result.errorSamples.length ? ` (${result.errorSamples[0]})` : ""}`,
      );
    }

    console.log(
      `  step search: open loop, the mix (${MIX.map(([name, share]) => `${share}% ${name}`).join(", ")}), ${STEP_SECONDS} s a step, pass = p99 < ${P99_MS} ms and no error`,
    );
    console.log(
      `    ${"offered".padStart(8)} ${"achieved".padStart(9)} ${"p50".padStart(8)} ${"p90".padStart(8)} ${"p99".padStart(8)} ${"max".padStart(9)} ${"errors".padStart(7)} ${"CPU µs/req".padStart(11)} ${"tx/req".padStart(7)} ${"busy".padStart(5)} ${"machine ms/req (db, load gen.)".padStart(30)}  verdict   (CPU and transactions per request include the background jobs; busy: every core of the machine)`,
    );
    await target.resetStatements();
    server.reset();
    const searchStart = performance.now();
    const searchBefore = await server.read();
    let best: StepResult | undefined;
    let worst: StepResult | undefined;
    let bestMachine: MachineShare | undefined;
    let rate = target.startRate;
    for (let n = 0; n < MAX_STEPS && (performance.now() - searchStart) / 1000 < BUDGET_SECONDS; n++) {
      const before = await server.read();
      const counters = await target.counters();
      const machineBefore = sampleMachine();
      const result = await step(rate, STEP_SECONDS, mix);
      const machine = machineShare(machineBefore, sampleMachine(), result.completed + result.errors);
      const after = await server.read();
      const countersAfter = await target.counters();
      const requests = Math.max(result.completed + result.errors, 1);
      const ok = passes(result);
      const transactions =
        counters && countersAfter ? countersAfter.transactions - counters.transactions : undefined;
      console.log(
        `    ${fmt(rate).padStart(8)} ${fmt(result.achieved).padStart(9)} ${ms(result.p50).padStart(8)} ${ms(result.p90).padStart(8)} ${ms(result.p99).padStart(8)} ${ms(result.max).padStart(9)} ${String(result.errors).padStart(7)} ${fmt((after.cpuMicros - before.cpuMicros) / requests).padStart(11)} ${(transactions === undefined ? "–" : (transactions / requests).toFixed(1)).padStart(7)} ${(machine ? pct(machine.busy) : "–").padStart(5)} ${(machine ? `${machine.msPerRequest.toFixed(2)} (${machine.postgresMsPerRequest.toFixed(2)}, ${machine.generatorMsPerRequest.toFixed(2)})` : "–").padStart(30)}  ${ok ? "pass" : `FAIL${result.errorSamples.length ? ` (${result.errorSamples[0]})` : ""}`}`,
      );
      if (ok && (!best || rate > best.rate)) bestMachine = machine;
      if (ok) best = !best || rate > best.rate ? result : best;
      else worst = !worst || rate < worst.rate ? result : worst;
      if (!best && worst) rate = Math.max(1, Math.floor(worst.rate / 2));
      else if (best && !worst) rate = Math.round(best.rate * GROWTH);
      else if (best && worst) {
        if (worst.rate - best.rate <= Math.max(5, best.rate * 0.08)) break;
        rate = Math.round((best.rate + worst.rate) / 2);
      }
      if (!best && rate <= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    const searchAfter = await server.read();
    const seconds = (performance.now() - searchStart) / 1000;

    if (best) {
      const slowest = [...best.byClass].sort((a, b) => b[1].p99 - a[1].p99)[0];
      console.log(
        `  PEAK ${target.name}: ${fmt(best.rate)} requests/s with p99 ${ms(best.p99)} and no error (${fmt(target.dossiers)} dossiers); ${pct(best.rate / top.rate)} of the constant route's ${fmt(top.rate)} req/s measured in the same run; first failing rate tried: ${worst ? fmt(worst.rate) : "none (raise BENCH_PEAK_MAX_STEPS)"}; slowest class at the peak: ${slowest?.[0]} p99 ${ms(slowest?.[1].p99 ?? 0)}`,
      );
      if (bestMachine)
        console.log(
          `  machine at the peak: ${pct(bestMachine.busy)} of ${bestMachine.cores} cores busy, ${bestMachine.msPerRequest.toFixed(2)} ms of machine CPU per request (PostgreSQL ${bestMachine.postgresMsPerRequest.toFixed(2)}, load generator ${bestMachine.generatorMsPerRequest.toFixed(2)}, the server and the rest ${(bestMachine.msPerRequest - bestMachine.postgresMsPerRequest - bestMachine.generatorMsPerRequest).toFixed(2)}): every core busy at this cost would hold at most ${fmt((bestMachine.cores * 1000) / bestMachine.msPerRequest)} req/s`,
        );
    } else
      console.log(
        `  PEAK ${target.name}: no rate passed (lowest tried ${fmt(worst?.rate ?? 0)} req/s) — constant route ${fmt(top.rate)} req/s`,
      );

    const totals = statementTotals(searchBefore, searchAfter);
    console.log(
      `  top statements over the search (${fmt(seconds)} s), as the app sees them (round trip, queueing in the database included): ${fmt(totals.statements)} statements, ${fmt(totals.statementMs)} ms`,
    );
    const rows = searchAfter.statements.sort((a, b) => b.ms - a.ms).slice(0, 10);
    for (const row of rows)
      console.log(
        `    ${fmt(row.ms).padStart(8)} ms ${((row.ms / Math.max(totals.statementMs, 1)) * 100).toFixed(1).padStart(5)}% ${fmt(row.calls).padStart(8)} calls ${ms(row.ms / row.calls).padStart(9)}  ${clip(row.text, 110)}`,
      );
    const serverSide = await target.topStatements();
    if (serverSide) {
      console.log("  top statements over the search, pg_stat_statements (execution + planning time):");
      for (const line of serverSide) console.log(`    ${line}`);
    }
    console.log(`  end: ${loadLine()}`);
  } catch (error) {
    if (server) console.error(`  server's last lines:\n${server.tail().join("\n")}`);
    throw error;
  } finally {
    await server?.stop();
    await target.cleanup();
  }
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

export default async function peakBench(): Promise<void> {
  console.log(
    `peak bench (issue #21) — targets ${TARGETS.join(", ")}; ${fmt(DOSSIERS)} dossiers on PostgreSQL, ${fmt(PGLITE_DOSSIERS)} on PGlite; steps of ${STEP_SECONDS} s from ${START_RATE} req/s (×${GROWTH}, then bisection), at most ${MAX_STEPS} steps / ${BUDGET_SECONDS} s; pass: p99 < ${P99_MS} ms, no error, timeout ${TIMEOUT_MS / 1000} s`,
  );
  for (const name of TARGETS) {
    if (name === "postgres") await measureTarget(postgresTarget());
    else if (name === "pglite") await measureTarget(pgliteTarget());
    else throw new Error(`unknown target ${name} (postgres, pglite)`);
  }
}
