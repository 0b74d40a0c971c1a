/**
 * Dossier lifecycle throughput (issue #4, Performance): submit → accept → transfer → assign → forward → approve
 * (with the result's upload) → return, through the real use cases and the demo province's officers, on PostgreSQL
 * (a fresh database, 16 workers) and on an in-memory PGlite (1 worker: it is one session), each next to a raw-SQL
 * baseline doing the same writes in the same run. Targets on PostgreSQL: ours ≥ 75% of the raw baseline (issue #21
 * item 2, fewer round trips per command); the original bar of issue #4 was ≥ 50%, and both are reported.
 *
 * Run: npm run bench lifecycle   (BENCH_DATABASE_URL = admin URL of the server, default the local one)
 */
import type pg from "pg";
import { connectDatabase } from "../src/db/connection.ts";
import {
  BENCH_AGENCY,
  BENCH_PROCEDURE,
  benchPool,
  fmt,
  memoryStorage,
  openMemoryPglite,
  pct,
  prepareDatabase,
  withBenchPostgres,
} from "./support/benchDatabase.ts";
import {
  combine,
  type LifecycleDriver,
  loadActors,
  type RunResult,
  runLifecycles,
  STEPS,
} from "./support/lifecycle.ts";
import { fingerprints, profileSteps, type StepProfile } from "./support/lifecycleProfile.ts";
import { rawDriver } from "./support/lifecycleRaw.ts";
import { stackDriver } from "./support/lifecycleStack.ts";

/** Issue #21 item 2: "Lifecycle ≥ 75% of hand-written SQL". */
const TARGET = 0.75;
/** Issue #4's original bar (Performance: ≥ 50% of the raw baseline), still reported beside the current one. */
const ISSUE_4_TARGET = 0.5;
const PG_DOSSIERS = Number(process.env.BENCH_LIFECYCLE_PG_DOSSIERS ?? 600);
const PG_WORKERS = 16;
const PGLITE_DOSSIERS = Number(process.env.BENCH_LIFECYCLE_PGLITE_DOSSIERS ?? 100);
const PROFILE_DOSSIERS = 3;

interface SideRuns {
  ours: RunResult;
  raw: RunResult;
}

/** Warm-up, then alternating rounds (raw, ours, raw, ours…) so neither side gets a warmer database. */
async function measure(
  ours: LifecycleDriver,
  raw: LifecycleDriver,
  total: number,
  workers: number,
  rounds: number,
  log: (line: string) => void,
): Promise<SideRuns> {
  const warm = Math.max(workers, 5);
  let next = 0;
  await runLifecycles(raw, next, warm, workers);
  await runLifecycles(ours, next, warm, workers);
  next += warm;
  const perRound = Math.ceil(total / rounds);
  const rawRuns: RunResult[] = [];
  const ourRuns: RunResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    const r = await runLifecycles(raw, next, perRound, workers);
    const o = await runLifecycles(ours, next, perRound, workers);
    next += perRound;
    rawRuns.push(r);
    ourRuns.push(o);
    log(
      `  round ${round}: raw ${r.dossiers} dossiers in ${r.seconds.toFixed(2)} s, ours ${o.dossiers} in ${o.seconds.toFixed(2)} s`,
    );
  }
  return { ours: combine(ourRuns), raw: combine(rawRuns) };
}

function report(
  runs: SideRuns,
  profile: { ours: StepProfile; raw: StepProfile },
  workers: number,
  target: number | undefined,
): { ratio: number; met: boolean | undefined } {
  const rate = (run: RunResult) => run.dossiers / run.seconds;
  const steps = STEPS.length;
  console.log(
    `  raw SQL (pg, hand-written):        ${fmt(rate(runs.raw), 1).padStart(7)} dossiers/s  ${fmt(rate(runs.raw) * steps).padStart(6)} steps/s  (${runs.raw.dossiers} dossiers, ${runs.raw.seconds.toFixed(2)} s)`,
  );
  console.log(
    `  ours (use cases, Kysely):          ${fmt(rate(runs.ours), 1).padStart(7)} dossiers/s  ${fmt(rate(runs.ours) * steps).padStart(6)} steps/s  (${runs.ours.dossiers} dossiers, ${runs.ours.seconds.toFixed(2)} s)`,
  );
  const cpu = (run: RunResult) => (run.cpuMs / run.dossiers).toFixed(2);
  console.log(
    `  Node CPU per dossier (this process${workers === 1 ? ", PGlite included" : ""}): ours ${cpu(runs.ours)} ms, raw ${cpu(runs.raw)} ms`,
  );
  const ratio = rate(runs.ours) / rate(runs.raw);
  const met = target === undefined ? undefined : ratio >= target;
  console.log(
    `  ratio ours/raw: ${pct(ratio)}${target === undefined ? " (no target on PGlite)" : `   target ≥ ${pct(target)}: ${met ? "MET" : "MISSED"}`}`,
  );
  console.log(
    `  per step — mean latency at ${workers} worker${workers > 1 ? "s" : ""} (ms), statements per step (BEGIN/COMMIT included):`,
  );
  console.log(
    `    ${"step".padEnd(9)} ${"ours ms".padStart(8)} ${"raw ms".padStart(8)}  ${"ours stmts".padStart(10)} ${"raw stmts".padStart(9)}`,
  );
  let oursTotal = 0;
  let rawTotal = 0;
  for (const name of STEPS) {
    oursTotal += profile.ours.statements[name];
    rawTotal += profile.raw.statements[name];
    console.log(
      `    ${name.padEnd(9)} ${(runs.ours.stepMs[name] / runs.ours.dossiers).toFixed(2).padStart(8)} ${(runs.raw.stepMs[name] / runs.raw.dossiers).toFixed(2).padStart(8)}  ${fmt(profile.ours.statements[name], 1).padStart(10)} ${fmt(profile.raw.statements[name], 1).padStart(9)}`,
    );
  }
  console.log(
    `    ${"total".padEnd(9)} ${"".padStart(8)} ${"".padStart(8)}  ${fmt(oursTotal, 1).padStart(10)} ${fmt(rawTotal, 1).padStart(9)}`,
  );
  if (process.env.BENCH_PROFILE) {
    console.log("  our statements per dossier, by step and shape (BENCH_PROFILE):");
    for (const name of STEPS)
      console.log(
        `    ${name}: ${[...profile.ours.shapes[name]].map(([shape, count]) => `${shape} ×${fmt(count, 1)}`).join(", ")}`,
      );
  }
  return { ratio, met };
}

/** Both sides must have written the same rows: one identical fingerprint per dossier on each side. */
async function checkSameRows(pool: pg.Pool): Promise<void> {
  const sides = await fingerprints(pool, ["ours", "raw"]);
  const ours = sides.get("ours")!;
  const raw = sides.get("raw")!;
  const same = ours.shapes.size === 1 && raw.shapes.size === 1 && [...ours.shapes][0] === [...raw.shapes][0];
  console.log(
    `  rows written (dossiers, dossier_events, outbox, tasks, dossier_files, uploads, dossier_code_counters): ${
      same
        ? `identical for all ${ours.dossiers} + ${raw.dossiers} dossiers (ids, codes and notes aside)`
        : `DIFFER (${ours.shapes.size} shape(s) ours, ${raw.shapes.size} raw)`
    }`,
  );
  if (!same) {
    console.log(`    ours: ${[...ours.shapes][0]}\n    raw:  ${[...raw.shapes][0]}`);
    throw new Error("the raw baseline does not write the same rows as the use cases");
  }
}

export default async function run(): Promise<void> {
  console.log(
    "lifecycle bench — submit → accept → transfer → assign → forward → approve (+ result upload) → return, 7 steps",
  );
  console.log(
    `  offering ${BENCH_PROCEDURE} at ${BENCH_AGENCY}: no required component, so the submission carries no file; the result the leader approves is uploaded to an in-memory FileStorage on both sides`,
  );
  console.log(
    "  actors: congdan.demo submits; motcua.trungtam accepts, transfers, returns; truongphong.trungtam assigns; chuyenvien.trungtam forwards; lanhdao.trungtam approves",
  );

  let pgResult: { ratio: number; met: boolean | undefined } | undefined;
  await withBenchPostgres(async (database) => {
    console.log(
      `\nPostgreSQL (fresh database ${database.name}, ${PG_DOSSIERS} dossiers per side, ${PG_WORKERS} workers, pools of ${PG_WORKERS})`,
    );
    const handle = await connectDatabase({ databaseUrl: database.url, poolMax: PG_WORKERS });
    const rawPool = benchPool(database.url, PG_WORKERS);
    const profilePool = benchPool(database.url, 2);
    try {
      await prepareDatabase(handle.db);
      const actors = await loadActors(handle.db);
      const storage = memoryStorage();
      const runs = await measure(
        stackDriver(handle.db, actors, storage, "ours"),
        rawDriver(rawPool, actors, storage, "raw"),
        PG_DOSSIERS,
        PG_WORKERS,
        3,
        console.log,
      );
      const profile = await profileSteps(profilePool, actors, storage, PROFILE_DOSSIERS, 1_000_000);
      pgResult = report(runs, profile, PG_WORKERS, TARGET);
      await checkSameRows(rawPool);
    } finally {
      await profilePool.end();
      await rawPool.end();
      await handle.close();
    }
  });

  console.log(`\nPGlite (in memory, ${PGLITE_DOSSIERS} dossiers per side, 1 worker, one session)`);
  const lite = await openMemoryPglite();
  try {
    await prepareDatabase(lite.db);
    const actors = await loadActors(lite.db);
    const storage = memoryStorage();
    // Same pool for both sides and the profile: PGlite is one session, and the runs never overlap.
    const runs = await measure(
      stackDriver(lite.db, actors, storage, "ours"),
      rawDriver(lite.pool, actors, storage, "raw"),
      PGLITE_DOSSIERS,
      1,
      2,
      console.log,
    );
    const profile = await profileSteps(lite.pool, actors, storage, PROFILE_DOSSIERS, 1_000_000);
    report(runs, profile, 1, undefined);
    await checkSameRows(lite.pool);
  } finally {
    await lite.close();
  }

  if (pgResult) {
    console.log(
      `\nlifecycle target (issue #21, PostgreSQL, ours ≥ ${pct(TARGET)} of raw): ${pgResult.met ? "MET" : "MISSED"} at ${pct(pgResult.ratio)}`,
    );
    console.log(
      `issue #4's bar (ours ≥ ${pct(ISSUE_4_TARGET)} of raw): ${pgResult.ratio >= ISSUE_4_TARGET ? "MET" : "MISSED"}`,
    );
  }
}
