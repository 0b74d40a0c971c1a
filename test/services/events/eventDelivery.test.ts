import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigError } from "../../../src/config.ts";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Database } from "../../../src/db/schema.ts";
import { rebuildDossierStates } from "../../../src/domain/events/dossierEvents.ts";
import {
  type SubscriberSimulator,
  startSubscriberSimulator,
} from "../../../src/integrations/subscriber/simulator.ts";
import type { Actor } from "../../../src/services/accounts/actor.ts";
import { runDossierCommand } from "../../../src/services/dossiers/runDossierCommand.ts";
import { runEventDelivery } from "../../../src/services/events/deliverEvents.ts";
import { readEventSettings, startEventWorker } from "../../../src/services/events/eventWorker.ts";
import { loadPublicState } from "../../../src/services/events/fanOutEvents.ts";
import { replaySubscription } from "../../../src/services/events/replayEvents.ts";
import {
  createSubscription,
  type SubscriptionInput,
  subscriptionDestination,
} from "../../../src/services/events/subscriptions.ts";
import { seedDemoProvince } from "../../../src/services/seed/seedDemoProvince.ts";
import { demoUserIds, submitBirthRegistration } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { actorNamed, at } from "../dossiers/processing/processingFixtures.ts";

/**
 * Outbound dossier events over real HTTP to the loopback subscriber (issue #18, seed 004 Đ18.2): signed CloudEvents,
 * retries with backoff, dead letters, replay, scopes, and the order per dossier under failures.
 */

let handle: DatabaseHandle;
let db: Kysely<Database>;
let users: Record<string, string>;
let admin: Actor;
let simulator: SubscriberSimulator;
/** Đăng ký lại khai sinh, an online procedure with files only (the fixture's default one has an e-form). */
const ONLINE = { procedureCode: "1.004884", formData: { tenTre: "Nguyễn Minh Khang" } };
const SECRET = "khoa-ky-bi-mat-cua-he-thong-nganh-0123456789";

class Clock {
  constructor(public current: Date) {}
  now = () => this.current;
  advance(seconds: number) {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}
let clock: Clock;

const options = {
  publicUrl: "http://127.0.0.1:3000",
  maxBackoffSeconds: 60,
  timeoutMs: 3000,
  maxAttempts: 4,
};

/** Runs passes until nothing is due; waits out backoffs by moving the clock (never past a dead letter's holdback). */
async function drain(rounds = 40) {
  for (let round = 0; round < rounds; round++) {
    const counts = await runEventDelivery(db, clock.now, options);
    if (counts.events + counts.sent + counts.retried + counts.dead === 0) {
      const pending = await db
        .selectFrom("outbound_deliveries")
        .select("id")
        .where("destination", "like", "events:%")
        .where("status", "=", "pending")
        .executeTakeFirst();
      if (!pending) return;
      clock.advance(61);
    }
  }
}

async function subscribe(overrides: Partial<SubscriptionInput> = {}) {
  return createSubscription(
    db,
    admin,
    {
      name: `Hệ thống ngành ${Math.random().toString(36).slice(2, 8)}`,
      targetUrl: simulator.url,
      secret: SECRET,
      agencyIds: [],
      eventTypes: [],
      includeApplicant: false,
      active: true,
      ...overrides,
    },
    clock.current,
  );
}

async function counter(dossierId: string, type: "accept" | "transfer") {
  const officer = users["motcua.trungtam"]!;
  await runDossierCommand(db, {
    dossierId,
    command: { type },
    actor: { role: "counterOfficer", id: officer },
    author: { userId: officer, role: "counter_officer" },
    now: clock.current,
    authorize: () => {},
  });
}

/** An online dossier by the demo citizen; a refusal names its fields (the fixture follows the demo data). */
async function submit(now: Date) {
  try {
    return await submitBirthRegistration(db, users["congdan.demo"]!, now, ONLINE);
  } catch (error) {
    const fields = (error as { fields?: unknown }).fields;
    throw fields ? new Error(`dossier refused: ${JSON.stringify(fields)}`) : error;
  }
}

/** A dossier submitted online, accepted and transferred: events 1 (submitted), 2 (accepted), 3 (transferred). */
async function dossierThroughCounter() {
  const { row } = await submit(clock.current);
  clock.advance(60);
  await counter(row.id, "accept");
  clock.advance(60);
  await counter(row.id, "transfer");
  return row;
}

async function eventLog(dossierId: string) {
  return db
    .selectFrom("dossier_events")
    .select(["sequence", "type"])
    .where("dossier_id", "=", dossierId)
    .orderBy("sequence")
    .execute();
}

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  await seedDemoProvince(db);
  users = await demoUserIds(db);
  admin = await actorNamed(db, users, "quantri.hethong");
  clock = new Clock(at("2026-11-23T08:00"));
  simulator = await startSubscriberSimulator({ secrets: [SECRET], clock: () => clock.current });
  // A fresh database seeded with the demo province: slow while the shared machine is busy.
}, 240_000);

afterAll(async () => {
  await simulator?.close();
  await handle?.close();
});

beforeEach(async () => {
  simulator.reset();
  simulator.setSecrets([SECRET]);
  // Each test has its own subscriptions: the earlier ones stop listening.
  await db.updateTable("event_subscriptions").set({ active: false }).execute();
  await drain();
});

describe("outbound events over HTTP (issue #18)", () => {
  it("done when: a subscriber receives every event of a day, signed and in order, despite faults", async () => {
    clock = new Clock(at("2026-11-23T08:00"));
    const subscription = await subscribe();
    clock.advance(3600);
    const dossiers = [];
    // The day's work, with the subscriber failing in every way it can between passes.
    simulator.addFault({ mode: "error", count: 2 });
    dossiers.push(await dossierThroughCounter());
    await runEventDelivery(db, clock.now, options);
    simulator.addFault({ mode: "lostAck", count: 2 });
    dossiers.push(await dossierThroughCounter());
    await runEventDelivery(db, clock.now, options);
    simulator.addFault({ mode: "timeout", count: 1, delayMs: 4000 });
    dossiers.push(await dossierThroughCounter());
    await drain();

    const applied = simulator.applied();
    for (const dossier of dossiers) {
      const expected = (await eventLog(dossier.id)).map((event) => `vn.onestop.dossier.${event.type}`);
      expect(expected).toEqual([
        "vn.onestop.dossier.submitted",
        "vn.onestop.dossier.accepted",
        "vn.onestop.dossier.transferred",
      ]);
      const received = applied.filter((event) => event.subject === dossier.code);
      expect(received.map((event) => event.type)).toEqual(expected);
      expect(received.map((event) => event.sequence)).toEqual([1, 2, 3]);
    }
    expect(simulator.orderViolations()).toEqual([]);
    // Every request was signed with the subscription's secret (none refused), and faults caused redeliveries.
    const requests = simulator.received();
    expect(requests.every((request) => request.verified)).toBe(true);
    expect(requests.some((request) => request.outcome === "duplicate")).toBe(true);
    expect(requests.filter((request) => request.outcome === "error")).toHaveLength(2);
    // The events, replayed in order, rebuild each dossier's public state; no personal data without the scope.
    const rebuilt = rebuildDossierStates(applied);
    for (const dossier of dossiers) {
      const {
        agencyId: _a,
        decidingAgencyId: _d,
        applicant: _p,
        ...state
      } = (await loadPublicState(db, dossier.id))!;
      expect(rebuilt.get(dossier.code)).toEqual(state);
      expect(rebuilt.get(dossier.code)).not.toHaveProperty("applicant");
    }
    const envelope = applied[0]!;
    expect(envelope).toMatchObject({
      specversion: "1.0",
      source: "http://127.0.0.1:3000/events",
      datacontenttype: "application/json",
      time: expect.any(String),
    });
    expect(JSON.stringify(envelope)).not.toContain("099090001234");
    expect(JSON.stringify(envelope)).not.toContain("0912345678");
    const sent = await db
      .selectFrom("outbound_deliveries")
      .select(["status"])
      .where("destination", "=", subscriptionDestination(subscription.id))
      .execute();
    expect(sent).toHaveLength(9);
    expect(sent.every((row) => row.status === "sent")).toBe(true);
  }, 180_000);

  it("a failing dossier is retried with growing waits, dead-lettered after N attempts, holds back only its own later events, and a replay delivers them in order", async () => {
    clock = new Clock(at("2026-11-24T08:00"));
    const subscription = await subscribe();
    clock.advance(60);
    const { row: stuck } = await submit(clock.current);
    simulator.addFault({ mode: "error", count: null, subject: stuck.code });
    const other = await dossierThroughCounter();
    await counter(stuck.id, "accept");
    const waits: number[] = [];
    let previous: Date | undefined;
    for (let round = 0; round < 12; round++) {
      await runEventDelivery(db, clock.now, options);
      const head = await db
        .selectFrom("outbound_deliveries")
        .select(["available_at", "status", "attempts"])
        .where("destination", "=", subscriptionDestination(subscription.id))
        .where("dossier_id", "=", stuck.id)
        .where("sequence", "=", 1)
        .executeTakeFirstOrThrow();
      if (head.status === "dead") break;
      if (previous && head.available_at.getTime() !== previous.getTime())
        waits.push((head.available_at.getTime() - clock.current.getTime()) / 1000);
      previous = head.available_at;
      clock.current = head.available_at;
    }
    // Exponential backoff: each wait twice the one before (2 s, 4 s, 8 s…).
    expect(waits.slice(0, 2)).toEqual([4, 8]);
    const rows = await db
      .selectFrom("outbound_deliveries")
      .select(["sequence", "status", "attempts", "last_status"])
      .where("destination", "=", subscriptionDestination(subscription.id))
      .where("dossier_id", "=", stuck.id)
      .orderBy("sequence")
      .execute();
    expect(rows.map((row) => [row.sequence, row.status])).toEqual([
      [1, "dead"],
      [2, "pending"],
    ]);
    expect(rows[0]).toMatchObject({ attempts: 4, last_status: 500 });
    // The accepted event was never sent ahead of the dead submitted one; the other dossier went through.
    expect(simulator.received().filter((request) => request.eventId === `${stuck.id}:2`)).toEqual([]);
    expect(simulator.applied().filter((event) => event.subject === other.code)).toHaveLength(3);

    simulator.clearFaults();
    const replay = await replaySubscription(
      db,
      admin,
      subscription.id,
      { fromEventId: `${stuck.id}:1` },
      clock.current,
    );
    expect(replay.requeued).toBeGreaterThanOrEqual(1);
    await drain();
    expect(
      simulator
        .applied()
        .filter((event) => event.subject === stuck.code)
        .map((event) => event.sequence),
    ).toEqual([1, 2]);
    expect(simulator.orderViolations()).toEqual([]);
    const audit = await db
      .selectFrom("admin_audit")
      .select(["action", "entity"])
      .where("entity_id", "=", subscription.id)
      .orderBy("at")
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual(["create", "replay"]);
  });

  it("a replay from a time sends the same events again; the subscriber recognises them and its state does not move", async () => {
    clock = new Clock(at("2026-11-25T08:00"));
    const subscription = await subscribe();
    clock.advance(60);
    const dossier = await dossierThroughCounter();
    await drain();
    expect(simulator.applied().filter((event) => event.subject === dossier.code)).toHaveLength(3);
    const before = rebuildDossierStates(simulator.applied()).get(dossier.code);
    const replay = await replaySubscription(
      db,
      admin,
      subscription.id,
      { from: at("2026-11-25T08:01") },
      clock.current,
    );
    expect(replay.requeued).toBe(3);
    await drain();
    const duplicates = simulator.received().filter((request) => request.outcome === "duplicate");
    // A slow answer on a busy machine may add a redelivery: each event came again at least once, in order.
    expect([...new Set(duplicates.map((request) => request.eventId))]).toEqual([
      `${dossier.id}:1`,
      `${dossier.id}:2`,
      `${dossier.id}:3`,
    ]);
    expect(rebuildDossierStates(simulator.applied()).get(dossier.code)).toEqual(before);
  });

  it("a subscriber with another secret refuses every request; the events die after N attempts", async () => {
    clock = new Clock(at("2026-11-26T08:00"));
    simulator.setSecrets(["mot-khoa-khac-hoan-toan-0123456789"]);
    const subscription = await subscribe();
    clock.advance(60);
    await submit(clock.current);
    await drain();
    expect(simulator.applied()).toEqual([]);
    const requests = simulator.received();
    expect(requests).toHaveLength(options.maxAttempts);
    expect(requests.every((request) => request.outcome === "badSignature")).toBe(true);
    const row = await db
      .selectFrom("outbound_deliveries")
      .select(["status", "last_status"])
      .where("destination", "=", subscriptionDestination(subscription.id))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "dead", last_status: 401 });
  });

  it("scopes: another agency's subscription gets nothing, a type filter only those types, the applicant only when asked", async () => {
    clock = new Clock(at("2026-11-27T08:00"));
    const otherAgency = await db
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", "000.00.13.H99")
      .executeTakeFirstOrThrow();
    const elsewhere = await subscribe({ agencyIds: [otherAgency.id] });
    const acceptedOnly = await subscribe({ eventTypes: ["accepted"], includeApplicant: true });
    clock.advance(60);
    const dossier = await dossierThroughCounter();
    await drain();
    const count = async (id: string) =>
      (
        await db
          .selectFrom("outbound_deliveries")
          .select("id")
          .where("destination", "=", subscriptionDestination(id))
          .execute()
      ).length;
    expect(await count(elsewhere.id)).toBe(0);
    expect(await count(acceptedOnly.id)).toBe(1);
    const applied = simulator.applied();
    expect(applied.map((event) => event.type)).toEqual(["vn.onestop.dossier.accepted"]);
    expect(applied[0]!.data.dossier.applicant).toEqual({ name: "Nguyễn Văn An", organisationName: null });
    expect(applied[0]!.data.event).toMatchObject({
      type: "accepted",
      fromStatus: 1,
      toStatus: 2,
      sequence: 2,
    });
    expect(applied[0]!.subject).toBe(dossier.code);
  });

  it("two workers at once: each event applied once, in order per dossier", async () => {
    clock = new Clock(at("2026-11-30T08:00"));
    await subscribe();
    clock.advance(60);
    const dossiers = [];
    for (let index = 0; index < 3; index++) dossiers.push(await dossierThroughCounter());
    simulator.addFault({ mode: "lostAck", count: 3 });
    await Promise.all([drain(), drain()]);
    await drain();
    for (const dossier of dossiers)
      expect(
        simulator
          .applied()
          .filter((event) => event.subject === dossier.code)
          .map((event) => event.sequence),
      ).toEqual([1, 2, 3]);
    expect(simulator.orderViolations()).toEqual([]);
  }, 180_000);

  it("onestop serve's worker with EVENTS_DEMO_SUBSCRIPTION: the loopback subscriber receives new events, signed", async () => {
    const worker = await startEventWorker({
      db,
      env: { EVENTS_DEMO_SUBSCRIPTION: "true", EVENTS_INTERVAL_MS: "100" },
      publicUrl: "http://127.0.0.1:3000",
    });
    try {
      const demo = worker.simulator!;
      const { row } = await submit(new Date());
      await vi.waitFor(() => expect(demo.applied().map((event) => event.subject)).toContain(row.code), {
        timeout: 30_000,
        interval: 200,
      });
      expect(demo.received().every((request) => request.verified)).toBe(true);
    } finally {
      await worker.stop();
    }
  }, 60_000);

  it("the settings refuse nonsense with an error naming the variable", () => {
    expect(readEventSettings({})).toEqual({
      intervalMs: 2000,
      maxAttempts: 8,
      timeoutMs: 10_000,
      demoSubscription: false,
    });
    for (const [name, value] of [
      ["EVENTS_MAX_ATTEMPTS", "0"],
      ["EVENTS_INTERVAL_MS", "abc"],
      ["EVENTS_TIMEOUT_MS", "99"],
      ["EVENTS_DEMO_SUBSCRIPTION", "perhaps"],
    ] as const) {
      expect(() => readEventSettings({ [name]: value })).toThrow(ConfigError);
      expect(() => readEventSettings({ [name]: value })).toThrow(name);
    }
  });
});
