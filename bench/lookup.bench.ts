/**
 * Public lookup over HTTP (issue #4, Performance): GET /api/public/lookup/:code at 50 connections on PostgreSQL,
 * for the real application, next to two baselines in the same run: a constant-response Fastify route (the HTTP
 * ceiling) and a minimal Fastify route running the same lookup queries with raw `pg` (the floor our stack adds to).
 * Target: ours ≥ 70% of the minimal route's requests per second, and p99 < 50 ms. Also checks that both answer the
 * same bodies and that a change made by another connection shows at once (no stale cache).
 *
 * Run: npm run bench lookup   (BENCH_DATABASE_URL = admin URL of the server, default the local one)
 */
import { type ChildProcess, fork } from "node:child_process";
import { isDeepStrictEqual } from "node:util";
import autocannon from "autocannon";
import { sql } from "kysely";
import { connectDatabase } from "../src/db/connection.ts";
import {
  BENCH_AGENCY,
  BENCH_PROCEDURE,
  fmt,
  pct,
  prepareDatabase,
  withBenchPostgres,
} from "./support/benchDatabase.ts";
import { LOOKUP_PATH, LOOKUP_POOL_SIZE, type LookupPorts } from "./support/lookupServers.ts";

const DOSSIERS = 4000;
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const SECONDS = Number(process.env.BENCH_LOOKUP_SECONDS ?? 8);
const ROUNDS = 2;
const TARGET_RATIO = 0.7;
const TARGET_P99_MS = 50;
/** Issue #21: the lookup at ≥ 25% of the constant route of the same run, p99 < 20 ms at 50 connections. */
const ISSUE21_SHARE = 0.25;
const ISSUE21_P99_MS = 20;

/**
 * A few thousand dossiers at Phường Trung Tâm, written directly: every fifth still waiting for acceptance (the
 * reduced answer), the others under processing with two tasks (so the lookup lists departments); every tenth also
 * carries a national-portal code. Returns every code a citizen could type.
 */
async function createDossiers(db: Parameters<typeof prepareDatabase>[0]): Promise<string[]> {
  await sql`
    insert into dossiers (code, national_code, procedure_id, offering_id, agency_id, deciding_agency_id, channel,
      owner_user_id, applicant_kind, applicant_name, organisation_name, summary, legal_time_amount, legal_time_unit,
      form_data, status, internal_step, current_unit_id, current_assignee_id, submitted_at, received_at, due_at,
      state, version)
    select ${BENCH_AGENCY}::text || '-261123-' || lpad(i::text, 4, '0'),
      case when i % 10 = 0 then 'G22.99.1-261123-' || lpad(i::text, 6, '0') end,
      p.id, o.id, a.id, a.id, 'online', c.id, 'person', 'Nguyễn Văn Khách ' || i,
      case when i % 7 = 0 then 'Công ty TNHH Số ' || i end, p.name, 5, 'wd', '{}'::jsonb,
      case when i % 5 = 0 then 1 else 4 end,
      case when i % 5 = 0 then null else 'appraisal' end,
      case when i % 5 = 0 then null else pu.id end,
      case when i % 5 = 0 then null else s.id end,
      timestamptz '2026-11-23 08:00+07' + (i || ' seconds')::interval,
      case when i % 5 = 0 then null else timestamptz '2026-11-23 09:00+07' + (i || ' seconds')::interval end,
      case when i % 5 = 0 then null else timestamptz '2026-11-30 09:00+07' + (i || ' seconds')::interval end,
      '{}'::jsonb, case when i % 5 = 0 then 1 else 4 end
    from generate_series(1, ${DOSSIERS}) as i,
      agencies a
      join procedure_offerings o on o.agency_id = a.id
      join procedures p on p.id = o.procedure_id and p.code = ${BENCH_PROCEDURE}
      join units pu on pu.agency_id = a.id and pu.code = 'PVHXH',
      users c, users s
    where a.code = ${BENCH_AGENCY} and c.username = 'congdan.demo' and s.username = 'chuyenvien.trungtam'`.execute(
    db,
  );
  await sql`
    insert into tasks (dossier_id, agency_id, step, unit_id, role, assignee_id, status, created_at, due_at,
      completed_at, outcome)
    select d.id, d.agency_id, 'awaitingAssignment', d.current_unit_id, 'unit_head', null, 'done', d.received_at,
      d.received_at + interval '4 hours', d.received_at + interval '1 hour', 'assigned'
    from dossiers d where d.status = 4
    union all
    select d.id, d.agency_id, 'appraisal', d.current_unit_id, 'specialist', d.current_assignee_id, 'open',
      d.received_at + interval '1 hour', d.due_at - interval '2 days', null, null
    from dossiers d where d.status = 4`.execute(db);
  await sql`analyze`.execute(db);
  const rows = await db.selectFrom("dossiers").select(["code", "national_code"]).execute();
  return rows.flatMap((row) => (row.national_code ? [row.code, row.national_code] : [row.code]));
}

function startServers(url: string): Promise<{ child: ChildProcess; ports: LookupPorts }> {
  const child = fork(new URL("./support/lookupServers.ts", import.meta.url), [], {
    // BENCH_CPU_PROF=folder writes a V8 CPU profile of the servers' process there (open it in Chrome DevTools).
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    env: { ...process.env, BENCH_LOOKUP_DATABASE_URL: url },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the lookup servers did not start within 60 s")), 60_000);
    child.once("message", (message) => {
      clearTimeout(timer);
      resolve({ child, ports: (message as { ports: LookupPorts }).ports });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the lookup servers exited (code ${code})`));
    });
  });
}

async function stopServers(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

interface Load {
  requestsPerSecond: number;
  /** CPU time of the servers' process per request, in microseconds (user + system). */
  cpuMicros: number;
  total: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  timeouts: number;
}

/** The servers' process CPU time so far (µs), asked over IPC. */
function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const listen = (message: unknown) => {
      const cpu = (message as { cpu?: NodeJS.CpuUsage }).cpu;
      if (!cpu) return;
      child.off("message", listen);
      resolve(cpu.user + cpu.system);
    };
    child.on("message", listen);
    child.send("cpu");
  });
}

async function load(
  child: ChildProcess,
  port: number,
  codes: readonly string[],
  seconds: number,
  /** A fixed path instead of a random lookup (the app's own constant route). */
  fixedPath?: string,
): Promise<Load> {
  const cpuBefore = await serverCpu(child);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: "GET",
        setupRequest: (request) => ({
          ...request,
          path:
            fixedPath ?? LOOKUP_PATH + encodeURIComponent(codes[Math.floor(Math.random() * codes.length)]!),
        }),
      },
    ],
  });
  const cpu = (await serverCpu(child)) - cpuBefore;
  return {
    requestsPerSecond: result.requests.average,
    cpuMicros: cpu / Math.max(result.requests.total, 1),
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
  };
}

/** Rounds of one target: requests per second over all of them, p50 weighted by requests, the worst round's p99. */
function combineLoads(runs: readonly Load[]): Load {
  const total = runs.reduce((sum, run) => sum + run.total, 0);
  return {
    requestsPerSecond: runs.reduce((sum, run) => sum + run.requestsPerSecond, 0) / runs.length,
    cpuMicros: runs.reduce((sum, run) => sum + run.cpuMicros * run.total, 0) / Math.max(total, 1),
    total,
    p50: Math.round(runs.reduce((sum, run) => sum + run.p50 * run.total, 0) / Math.max(total, 1)),
    p99: Math.max(...runs.map((run) => run.p99)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    timeouts: runs.reduce((sum, run) => sum + run.timeouts, 0),
  };
}

async function getJson(
  port: number,
  code: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}${LOOKUP_PATH}${encodeURIComponent(code)}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export default async function run(): Promise<void> {
  console.log(
    `lookup bench — GET ${LOOKUP_PATH}:code, ${CONNECTIONS} connections, random known codes, PostgreSQL, pools of ${LOOKUP_POOL_SIZE}; per target ${WARMUP_SECONDS} s warm-up, then ${ROUNDS} interleaved rounds of ${SECONDS / ROUNDS} s (p99: the worse round)`,
  );
  const failures: string[] = [];
  await withBenchPostgres(async (database) => {
    const handle = await connectDatabase({ databaseUrl: database.url, poolMax: 2 });
    let servers: { child: ChildProcess; ports: LookupPorts } | undefined;
    try {
      await prepareDatabase(handle.db);
      const t0 = performance.now();
      const codes = await createDossiers(handle.db);
      console.log(
        `  database ${database.name}: ${fmt(DOSSIERS)} dossiers (4 in 5 under processing with 2 tasks, 1 in 10 with a national code), ${fmt(codes.length)} codes, written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      servers = await startServers(database.url);
      const { ports } = servers;

      // The floor must do the same work: the same answer for the same code.
      let same = 0;
      const sample = 100;
      for (let i = 0; i < sample; i++) {
        const code = codes[Math.floor((i / sample) * codes.length)]!;
        const [ours, minimal] = await Promise.all([getJson(ports.app, code), getJson(ports.minimal, code)]);
        if (ours.status === 200 && minimal.status === 200 && isDeepStrictEqual(ours.body, minimal.body))
          same++;
      }
      console.log(`  minimal route answers the same body as the app: ${same}/${sample} codes`);
      if (same !== sample) failures.push("the minimal route does not answer like the app");

      const targets: [name: string, port: number, path?: string][] = [
        ["constant route (HTTP ceiling)", ports.constant],
        ["minimal route (raw pg, same queries)", ports.minimal],
        ["ours (buildApp, lookupDossier)", ports.app],
        // Issue #21's peak bench measures its ceiling on the app's own constant route (every plugin on the way):
        // shown too, so the lookup's share can be read against both.
        ["app's constant route (/health/live)", ports.app, "/health/live"],
      ];
      // Interleaved rounds (ceiling, floor, ours, ceiling, floor, ours…): the machine's other load then weighs on
      // each target alike.
      const rounds = new Map<string, Load[]>(targets.map(([name]) => [name, []]));
      const { child } = servers;
      for (const [, port, path] of targets) await load(child, port, codes, WARMUP_SECONDS, path);
      for (let round = 0; round < ROUNDS; round++)
        for (const [name, port, path] of targets)
          rounds.get(name)!.push(await load(child, port, codes, SECONDS / ROUNDS, path));
      const results = new Map([...rounds].map(([name, runs]) => [name, combineLoads(runs)]));
      console.log(
        `    ${"target".padEnd(38)} ${"req/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"requests".padStart(9)} ${"server CPU µs/req".padStart(17)}  errors/non-2xx/timeouts`,
      );
      for (const [name, result] of results) {
        console.log(
          `    ${name.padEnd(38)} ${fmt(result.requestsPerSecond).padStart(8)} ${String(result.p50).padStart(7)} ${String(result.p99).padStart(7)} ${fmt(result.total).padStart(9)} ${fmt(result.cpuMicros).padStart(17)}  ${result.errors}/${result.non2xx}/${result.timeouts}`,
        );
        if (result.errors + result.non2xx + result.timeouts > 0) failures.push(`${name}: failed requests`);
      }
      const [constant, minimal, ours, appConstant] = targets.map(([name]) => results.get(name)!);
      const toMinimal = ours!.requestsPerSecond / minimal!.requestsPerSecond;
      const toConstant = ours!.requestsPerSecond / constant!.requestsPerSecond;
      console.log(
        `  ratios: ours/minimal ${pct(toMinimal)}, ours/constant ${pct(toConstant)}, minimal/constant ${pct(minimal!.requestsPerSecond / constant!.requestsPerSecond)}`,
      );
      console.log(
        `  target ours ≥ ${pct(TARGET_RATIO)} of minimal: ${toMinimal >= TARGET_RATIO ? "MET" : "MISSED"}; p99 < ${TARGET_P99_MS} ms: ${ours!.p99 < TARGET_P99_MS ? "MET" : "MISSED"} (${ours!.p99} ms)`,
      );
      const toAppConstant = ours!.requestsPerSecond / appConstant!.requestsPerSecond;
      const share = (ratio: number) => `${pct(ratio)} ${ratio >= ISSUE21_SHARE ? "MET" : "MISSED"}`;
      console.log(
        `  issue #21 target ours ≥ ${pct(ISSUE21_SHARE)} of the constant route: against the bare Fastify route ${share(toConstant)}, against the app's /health/live ${share(toAppConstant)}; p99 < ${ISSUE21_P99_MS} ms at ${CONNECTIONS} connections: ${ours!.p99 < ISSUE21_P99_MS ? "MET" : "MISSED"} (${ours!.p99} ms)`,
      );

      // No stale answer: after the load (when a cache would be warm), another connection accepts a waiting dossier.
      const waiting = await handle.db
        .selectFrom("dossiers")
        .select(["id", "code"])
        .where("status", "=", 1)
        .orderBy("code")
        .executeTakeFirstOrThrow();
      const before = await getJson(ports.app, waiting.code);
      const receivedAt = new Date("2026-11-24T02:15:00.000Z");
      await sql`update dossiers set status = 2, received_at = ${receivedAt},
                  due_at = ${new Date("2026-12-01T02:15:00.000Z")}, version = version + 1
                where id = ${waiting.id}`.execute(handle.db);
      const after = await getJson(ports.app, waiting.code);
      const fresh =
        before.status === 200 &&
        before.body.receivedAt === undefined &&
        after.status === 200 &&
        after.body.receivedAt === receivedAt.toISOString();
      console.log(
        `  no stale cache: ${waiting.code} before: ${before.body.receivedAt === undefined ? "waiting (no receivedAt)" : `receivedAt ${before.body.receivedAt}`}; accepted by another connection; after: ${after.body.receivedAt ? `receivedAt ${after.body.receivedAt}` : "still waiting"} — ${fresh ? "OK" : "STALE"}`,
      );
      if (!fresh) failures.push("the lookup answered a stale dossier");
    } finally {
      if (servers) await stopServers(servers.child);
      await handle.close();
    }
  });
  if (failures.length > 0) throw new Error(`lookup bench failed: ${failures.join("; ")}`);
}
