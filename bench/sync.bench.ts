/**
 * DVCQG sync (issue #13): packets per second delivered by the real worker (outbox fan-out → outbound queue → HTTP POST
 * → lease settled, two workers at once) against the simulator, next to the raw HTTP POST rate of the same payloads to
 * the same simulator in the same run (50 concurrent requests, no database). Target: ≥ 50% of raw. Then the lag (event
 * committed → acknowledged by DVCQG) at 10× the province's peak event rate.
 *
 * Run: npm run bench sync   (BENCH_DATABASE_URL = admin URL of the server, default the local one)
 */
import { Kysely, PostgresDialect } from "kysely";
import type { Database } from "../src/db/schema.ts";
import { httpSyncClient } from "../src/integrations/dvcqg/httpSyncClient.ts";
import { startDvcqgSimulator } from "../src/integrations/dvcqg/simulator/server.ts";
import { runDvcqgSync } from "../src/jobs/dvcqgSync.ts";
import { createDossier } from "../src/services/dossiers/createDossier.ts";
import { runDossierCommand } from "../src/services/dossiers/runDossierCommand.ts";
import { deliverSyncPackets } from "../src/services/sync/deliverSync.ts";
import { fanOutSync } from "../src/services/sync/fanOutSync.ts";
import {
  BENCH_AGENCY,
  BENCH_PROCEDURE,
  benchPool,
  fmt,
  pct,
  prepareDatabase,
  withBenchPostgres,
} from "./support/benchDatabase.ts";

const DOSSIERS = Number(process.env.BENCH_SYNC_DOSSIERS ?? 1500);
const RAW_CONCURRENCY = 50;
const TARGET_RATIO = 0.5;
/**
 * The province's peak: ~2,000 dossiers a working day (a two-level province's busiest month), ~8 events each, a fifth
 * of a day's events in its busiest hour → ≈ 0.9 events/s. Ten times that: 9 events/s.
 */
const PEAK_EVENTS_PER_SECOND = 0.9;
const LAG_SECONDS = Number(process.env.BENCH_SYNC_LAG_SECONDS ?? 20);
const PUBLIC_URL = "http://127.0.0.1:3000";
const limits = { maxFileBytes: 1_048_576, maxDossierBytes: 1_048_576 };

async function users(db: Kysely<Database>) {
  const rows = await db.selectFrom("users").select(["id", "username"]).execute();
  return Object.fromEntries(rows.map((row) => [row.username, row.id]));
}

async function newDossier(db: Kysely<Database>, citizen: string, now: Date) {
  return createDossier(db, {
    procedureCode: BENCH_PROCEDURE,
    agencyCode: BENCH_AGENCY,
    channel: "online",
    applicant: { kind: "person", name: "Nguyễn Văn An", idNumber: "099090001234", phone: "0912345678" },
    formData: {},
    files: [],
    ownerUserId: citizen,
    uploaderUserId: citizen,
    actor: { role: "applicant", id: citizen },
    author: { userId: citizen, role: "citizen" },
    now,
    limits,
  });
}

async function accept(db: Kysely<Database>, dossierId: string, officer: string, now: Date) {
  await runDossierCommand(db, {
    dossierId,
    command: { type: "accept" },
    actor: { role: "counterOfficer", id: officer },
    author: { userId: officer, role: "counter_officer" },
    now,
    authorize: () => {},
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

export default async function syncBench(): Promise<void> {
  await withBenchPostgres(async (database) => {
    const pool = benchPool(database.url, 16);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const simulator = await startDvcqgSimulator({ token: "bench-token" });
    try {
      await prepareDatabase(db);
      const ids = await users(db);
      const citizen = ids["congdan.demo"]!;
      const officer = ids["motcua.trungtam"]!;
      const now = new Date();
      console.log(`Tạo ${DOSSIERS} hồ sơ (nộp trực tuyến rồi tiếp nhận: 3 gói mỗi hồ sơ)…`);
      const created: string[] = [];
      for (let start = 0; start < DOSSIERS; start += 16) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(16, DOSSIERS - start) }, () => newDossier(db, citizen, now)),
        );
        await Promise.all(batch.map((record) => accept(db, record.row.id, officer, now)));
        created.push(...batch.map((record) => record.row.id));
      }
      const fanStart = performance.now();
      let packets = 0;
      for (;;) {
        const counts = await fanOutSync(db, now, { publicUrl: PUBLIC_URL, batchSize: 500 });
        packets += counts.packets;
        if (counts.events === 0) break;
      }
      const fanSeconds = (performance.now() - fanStart) / 1000;
      console.log(
        `fan-out: ${fmt(packets)} gói trong ${fmt(fanSeconds, 2)} s (${fmt(packets / fanSeconds)} gói/s)`,
      );

      // The payloads exactly as queued, for the raw side.
      const queued = await db
        .selectFrom("outbound_deliveries")
        .select(["payload", "sequence", "idempotency_key"])
        .orderBy("id")
        .execute();

      // Ours: two workers at once, each claiming batches of 50 and sending them concurrently.
      const port = httpSyncClient({ url: simulator.syncUrl, token: simulator.token, timeoutMs: 10_000 });
      const clock = () => new Date();
      const oursStart = performance.now();
      const worker = async () => {
        let sent = 0;
        for (;;) {
          const counts = await deliverSyncPackets(db, port, clock, {
            maxBackoffSeconds: 60,
            batchSize: 50,
            maxBatches: 20,
          });
          sent += counts.sent;
          if (counts.sent + counts.retried === 0) return sent;
        }
      };
      const sentByWorkers = (await Promise.all([worker(), worker()])).reduce((sum, count) => sum + count, 0);
      const oursSeconds = (performance.now() - oursStart) / 1000;
      const oursRate = sentByWorkers / oursSeconds;
      const accepted = simulator.context.sync
        .received()
        .filter((packet) => packet.outcome === "applied").length;

      // Raw: the same bodies POSTed to a fresh simulator, 50 at a time, no database.
      const rawSimulator = await startDvcqgSimulator({ token: "bench-token" });
      const rawStart = performance.now();
      let next = 0;
      const byDossier = new Map<string, typeof queued>();
      for (const row of queued) {
        const code = String(
          ((row.payload as { data: { MaHoSo: string }[] }).data[0] ?? { MaHoSo: "" }).MaHoSo,
        );
        byDossier.set(code, [...(byDossier.get(code) ?? []), row]);
      }
      // Per dossier in order (as DVCQG needs), dossiers in parallel — what any correct sender must do.
      const chains = [...byDossier.values()];
      const rawPort = httpSyncClient({
        url: rawSimulator.syncUrl,
        token: rawSimulator.token,
        timeoutMs: 10_000,
      });
      await Promise.all(
        Array.from({ length: RAW_CONCURRENCY }, async () => {
          for (;;) {
            const chain = chains[next++];
            if (!chain) return;
            for (const row of chain)
              await rawPort.push({
                body: row.payload as never,
                sequence: Number(row.sequence),
                idempotencyKey: row.idempotency_key,
              });
          }
        }),
      );
      const rawSeconds = (performance.now() - rawStart) / 1000;
      const rawRate = queued.length / rawSeconds;
      await rawSimulator.close();

      // Lag at 10× the peak: events created at that rate while the worker runs every 200 ms.
      const rate = PEAK_EVENTS_PER_SECOND * 10;
      simulator.context.sync.reset();
      const lagStart = new Date();
      let stop = false;
      const loop = (async () => {
        while (!stop) {
          await runDvcqgSync(db, port, clock, {
            publicUrl: PUBLIC_URL,
            maxBackoffSeconds: 60,
            batchSize: 50,
          });
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      })();
      const events = Math.round(rate * LAG_SECONDS);
      for (let index = 0; index < events; index++) {
        const due = lagStart.getTime() + (index / rate) * 1000;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        // Alternate creations and acceptances so both packet kinds flow.
        if (index % 2 === 0) await newDossier(db, citizen, new Date());
        else await accept(db, (await newDossier(db, citizen, new Date())).row.id, officer, new Date());
      }
      for (let wait = 0; wait < 100; wait++) {
        const open = await db
          .selectFrom("outbound_deliveries")
          .select("id")
          .where("status", "<>", "sent")
          .where("created_at", ">=", lagStart)
          .executeTakeFirst();
        if (!open) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      stop = true;
      await loop;
      const lags = await db
        .selectFrom("outbound_deliveries as o")
        .innerJoin("dossier_events as e", (join) => join.onRef("e.dossier_id", "=", "o.dossier_id"))
        .select(["o.sent_at", "e.recorded_at", "o.sequence", "e.sequence as event_sequence"])
        .where("o.created_at", ">=", lagStart)
        .execute();
      const lagMs = lags
        .filter((row) => Math.floor(Number(row.sequence) / 10) === row.event_sequence && row.sent_at)
        .map((row) => row.sent_at!.getTime() - row.recorded_at.getTime());

      console.log(
        `\n| DVCQG sync (PostgreSQL) | ours | raw POST of the same payloads | ratio |\n|---|---|---|---|\n| packets/s | ${fmt(oursRate)} (${fmt(sentByWorkers)} in ${fmt(oursSeconds, 2)} s, 2 workers, ${fmt(accepted)} applied) | ${fmt(rawRate)} (${fmt(queued.length)} in ${fmt(rawSeconds, 2)} s, ${RAW_CONCURRENCY} concurrent) | ${pct(oursRate / rawRate)} — target ≥ ${pct(TARGET_RATIO)}: ${oursRate / rawRate >= TARGET_RATIO ? "met" : "missed"} |`,
      );
      console.log(
        `\nLag at 10× the peak (${fmt(rate, 1)} events/s for ${LAG_SECONDS} s, ${fmt(lagMs.length)} packets): p50 ${fmt(percentile(lagMs, 50))} ms, p95 ${fmt(percentile(lagMs, 95))} ms, max ${fmt(Math.max(0, ...lagMs))} ms (worker pass every 200 ms)`,
      );
    } finally {
      await simulator.close();
      await db.destroy();
    }
  });
}
