import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import type { Database } from "../../src/db/schema.ts";
import { httpSyncClient } from "../../src/integrations/dvcqg/httpSyncClient.ts";
import { type DvcqgSimulator, startDvcqgSimulator } from "../../src/integrations/dvcqg/simulator/server.ts";
import { runDvcqgSync } from "../../src/jobs/dvcqgSync.ts";
import { claimDeliveries } from "../../src/services/delivery/outboundQueue.ts";
import { runDossierCommand } from "../../src/services/dossiers/runDossierCommand.ts";
import { DVCQG_DESTINATION, markHistorySynchronised } from "../../src/services/sync/fanOutSync.ts";
import { at, dossierInProcessing } from "../services/dossiers/processing/processingFixtures.ts";
import { demoUserIds, submitBirthRegistration } from "../support/dossierFixtures.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

let handle: DatabaseHandle;
let db: Kysely<Database>;
let users: Record<string, string>;
let simulator: DvcqgSimulator;

const options = { publicUrl: "http://127.0.0.1:3000", maxBackoffSeconds: 60 };
const port = () => httpSyncClient({ url: simulator.syncUrl, token: simulator.token, timeoutMs: 300 });

class Clock {
  constructor(public current: Date) {}
  now = () => this.current;
  advance(seconds: number) {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

async function drain(clock: Clock, rounds = 20) {
  for (let round = 0; round < rounds; round++) {
    const counts = await runDvcqgSync(db, port(), clock.now, options);
    if (counts.events + counts.sent + counts.retried + counts.dead === 0) {
      const pending = await db
        .selectFrom("outbound_deliveries")
        .select("id")
        .where("status", "=", "pending")
        .executeTakeFirst();
      if (!pending) return;
      clock.advance(61);
    }
  }
}

async function counter(dossierId: string, command: { type: "accept" } | { type: "transfer" }, now: Date) {
  const officer = users["motcua.trungtam"]!;
  await runDossierCommand(db, {
    dossierId,
    command,
    actor: { role: "counterOfficer", id: officer },
    author: { userId: officer, role: "counter_officer" },
    now,
    authorize: () => {},
  });
}

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  db = handle.db;
  users = await demoUserIds(db);
  simulator = await startDvcqgSimulator({ token: "bi-mat" });
});

afterAll(async () => {
  await simulator?.close();
  await handle?.close();
});

beforeEach(async () => {
  await fetch(`${simulator.baseUrl}/control/reset`, { method: "POST" });
  // Whatever earlier tests left is history the simulator no longer has: start from a clean queue.
  await db.deleteFrom("outbound_deliveries").execute();
  await markHistorySynchronised(db, new Date());
});

async function fault(body: Record<string, unknown>) {
  await fetch(`${simulator.baseUrl}/control/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("DVCQG sync worker (issue #13, R-SYNC-1…5)", () => {
  it("pushes a new online dossier at submission (status 1, isUpdating false) and every change after it", async () => {
    const clock = new Clock(at("2026-11-23T09:00"));
    const { row } = await submitBirthRegistration(db, users["congdan.demo"]!, clock.current);
    await drain(clock);
    const first = simulator.context.sync.received().filter((packet) => packet.maHoSo === row.code);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ service: "DongBoHoSoMC", isUpdating: false, outcome: "applied" });
    let seen = simulator.context.sync.find(row.code)!.record;
    expect(seen.TrangThaiHoSo).toBe("1");
    expect(seen.NgayNopHoSo).toBe("20261123090000");
    expect(seen.NgayTiepNhan).toBeNull();

    clock.advance(3600);
    await counter(row.id, { type: "accept" }, clock.current);
    await counter(row.id, { type: "transfer" }, clock.current);
    await drain(clock);
    seen = simulator.context.sync.find(row.code)!.record;
    expect(seen.TrangThaiHoSo).toBe("4");
    expect(seen.NgayTiepNhan).toBe("20261123100000");
    const stored = simulator.context.sync.find(row.code)!;
    expect(stored.progress.map((entry) => entry.record.NoiDungXuLy)).toEqual([
      "Tiếp nhận hồ sơ",
      "Chuyển hồ sơ đến cơ quan giải quyết",
    ]);
    const received = simulator.context.sync.received().filter((packet) => packet.maHoSo === row.code);
    expect(received.slice(1).every((packet) => packet.isUpdating)).toBe(true);
    const state = await db
      .selectFrom("dvcqg_sync_states")
      .selectAll()
      .where("dossier_id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe("synced");
    const lookup = await (await fetch(`${simulator.baseUrl}/lookup/${row.code}`)).json();
    expect(lookup).toMatchObject({ TrangThaiHoSo: "4", TenTrangThaiHoSo: "Đang xử lý" });
  });

  it("survives an hour-long outage: every update is delivered once DVCQG returns, in order, latest state last", async () => {
    const clock = new Clock(at("2026-11-24T09:00"));
    await fault({ mode: "error", count: null });
    const ids = [];
    for (let index = 0; index < 3; index++) ids.push(await dossierInProcessing(db, users, clock.current));
    for (let minute = 0; minute < 60; minute++) {
      await runDvcqgSync(db, port(), clock.now, options);
      clock.advance(60);
    }
    expect(simulator.context.sync.all()).toHaveLength(0);
    const waiting = await db
      .selectFrom("dvcqg_sync_states")
      .select(["state", "last_error"])
      .where("dossier_id", "in", ids)
      .execute();
    expect(waiting.every((row) => row.state === "pending" && row.last_error?.includes("500"))).toBe(true);
    await fetch(`${simulator.baseUrl}/control/faults`, { method: "DELETE" });
    await drain(clock);
    for (const id of ids) {
      const dossier = await db
        .selectFrom("dossiers")
        .select(["code", "status"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      const packets = simulator.context.sync.received().filter((packet) => packet.maHoSo === dossier.code);
      const sequences = packets.map((packet) => packet.sequence ?? 0);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(packets.every((packet) => packet.outcome === "applied")).toBe(true);
      expect(simulator.context.sync.find(dossier.code)!.record.TrangThaiHoSo).toBe(String(dossier.status));
    }
  });

  it("a timeout, a lost acknowledgement and a slow answer are retried without applying anything twice", async () => {
    const clock = new Clock(at("2026-11-25T09:00"));
    const { row } = await submitBirthRegistration(db, users["congdan.demo"]!, clock.current);
    await fault({ mode: "timeout", count: 1 });
    await drain(clock);
    await counter(row.id, { type: "accept" }, clock.current);
    await fault({ mode: "duplicate", count: 2 });
    await drain(clock);
    await counter(row.id, { type: "transfer" }, clock.current);
    await fault({ mode: "slow", count: 1, delayMs: 100 });
    await drain(clock);
    const packets = simulator.context.sync.received().filter((packet) => packet.maHoSo === row.code);
    const applied = packets.filter((packet) => packet.outcome === "applied").map((packet) => packet.sequence);
    expect(new Set(applied).size).toBe(applied.length);
    expect(packets.some((packet) => packet.outcome === "duplicate")).toBe(true);
    expect(simulator.context.sync.find(row.code)!.record.TrangThaiHoSo).toBe("4");
  });

  it("a worker killed in the middle of a batch: its lease runs out and another worker delivers, no loss, no duplicate applied", async () => {
    const clock = new Clock(at("2026-11-26T09:00"));
    const ids = [];
    for (let index = 0; index < 4; index++) ids.push(await dossierInProcessing(db, users, clock.current));
    // The first worker fans out and claims a batch, then dies before sending anything.
    await runDvcqgSync(db, { push: () => new Promise(() => {}) }, clock.now, { ...options, maxBatches: 0 });
    const claimed = await claimDeliveries(db, DVCQG_DESTINATION, clock.now(), {
      leaseSeconds: 120,
      limit: 2,
    });
    expect(claimed.rows).toHaveLength(2);
    // Two other workers at once, before and after the dead worker's lease ran out.
    await Promise.all([
      runDvcqgSync(db, port(), clock.now, options),
      runDvcqgSync(db, port(), clock.now, options),
    ]);
    clock.advance(121);
    await Promise.all([drain(clock), drain(clock)]);
    for (const id of ids) {
      const dossier = await db
        .selectFrom("dossiers")
        .select(["code"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      const packets = simulator.context.sync.received().filter((packet) => packet.maHoSo === dossier.code);
      const applied = packets
        .filter((packet) => packet.outcome === "applied")
        .map((packet) => packet.sequence ?? 0);
      expect(new Set(applied).size).toBe(applied.length);
      expect(applied).toEqual([...applied].sort((a, b) => a - b));
      expect(simulator.context.sync.find(dossier.code)!.record.TrangThaiHoSo).toBe("4");
      expect(simulator.context.sync.find(dossier.code)!.progress).toHaveLength(2);
    }
    const open = await db
      .selectFrom("outbound_deliveries")
      .select("id")
      .where("status", "<>", "sent")
      .execute();
    expect(open).toHaveLength(0);
  });

  it("a refused packet (wrong token) is retried, then becomes a dead letter with DVCQG's error; the dossier shows failed", async () => {
    const clock = new Clock(at("2026-11-27T09:00"));
    const { row } = await submitBirthRegistration(db, users["congdan.demo"]!, clock.current);
    const wrong = httpSyncClient({ url: simulator.syncUrl, token: "sai", timeoutMs: 300 });
    for (let round = 0; round < 10; round++) {
      await runDvcqgSync(db, wrong, clock.now, { ...options, maxRejections: 3 });
      clock.advance(61);
    }
    const state = await db
      .selectFrom("dvcqg_sync_states")
      .selectAll()
      .where("dossier_id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe("failed");
    expect(state.last_error).toContain("401");
    const dead = await db
      .selectFrom("outbound_deliveries")
      .selectAll()
      .where("dossier_id", "=", row.id)
      .execute();
    expect(dead.map((delivery) => [delivery.status, delivery.attempts])).toEqual([["dead", 3]]);
  });

  it("the seeded history counts as synchronised and is never pushed", async () => {
    const clock = new Clock(at("2026-11-28T09:00"));
    const { row } = await submitBirthRegistration(db, users["congdan.demo"]!, clock.current);
    await markHistorySynchronised(db, clock.current);
    await drain(clock);
    expect(simulator.context.sync.find(row.code)).toBeUndefined();
    const state = await db
      .selectFrom("dvcqg_sync_states")
      .select("state")
      .where("dossier_id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe("baseline");
  });
});
