import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Database } from "../../../src/db/schema.ts";
import type { NotificationChannels } from "../../../src/services/notifications/channels.ts";
import {
  claimNotifications,
  deliverDueNotifications,
  sendClaimed,
} from "../../../src/services/notifications/deliverNotifications.ts";
import { statementLog } from "../../support/statementLog.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/**
 * Issue #21: the dispatcher's deliveries are smoothed — a batch never sends more than `concurrency` messages at once
 * (so it never holds more database connections than that), and a lane slowed past half the lease hands the rest of
 * its batch back untouched. Delivery stays once per message (R-LOOK-3).
 */
let handle: DatabaseHandle;
let db: Kysely<Database>;
const start = new Date("2026-11-23T02:00:00Z");

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => handle?.close());
beforeEach(async () => {
  await db.deleteFrom("notifications").execute();
});

async function pending(count: number): Promise<void> {
  await db
    .insertInto("notifications")
    .values(
      Array.from({ length: count }, (_, index) => ({
        idempotency_key: `smooth-${index}-${Math.random()}`,
        kind: "test",
        channel: "sms" as const,
        address: `09000000${String(index).padStart(2, "0")}`,
        language: "vi" as const,
        subject: null,
        body: `tin ${index}`,
        status: "pending" as const,
        available_at: start,
        locked_until: null,
        lease_token: null,
        last_error: null,
        provider_message_id: null,
        sent_at: null,
        dead_at: null,
        created_at: start,
      })),
    )
    .execute();
}

/** An SMS gateway that records what it got and how many sends were in flight at once. */
function gateway(onSend: () => Promise<void> | void = () => {}) {
  const received: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const port = {
    async send(message: { to: string }) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 2));
        await onSend();
        received.push(message.to);
        return { id: `gw-${received.length}` };
      } finally {
        inFlight -= 1;
      }
    },
  };
  const unused = {
    send: () => Promise.reject(new Error("not used")),
    close: async () => {},
  };
  const channels = { email: unused, sms: port, social: unused } as unknown as NotificationChannels;
  return { channels, received, maxInFlight: () => maxInFlight };
}

const options = { maxAttempts: 3, backoffSeconds: 10, leaseSeconds: 120 };

describe("smoothed delivery (issue #21)", () => {
  it("a batch of 20 goes out two at a time by default, each message once", async () => {
    await pending(20);
    const sms = gateway();
    const counts = await deliverDueNotifications(db, sms.channels, () => start, options);
    expect(counts).toEqual({ sent: 20, retried: 0, dead: 0 });
    expect(sms.maxInFlight()).toBe(2);
    expect(new Set(sms.received).size).toBe(20);
    const rows = await db.selectFrom("notifications").selectAll().execute();
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1 && row.lease_token === null)).toBe(
      true,
    );
  });

  it("one lane when asked for one", async () => {
    await pending(5);
    const sms = gateway();
    await deliverDueNotifications(db, sms.channels, () => start, { ...options, concurrency: 1 });
    expect(sms.maxInFlight()).toBe(1);
    expect(sms.received).toHaveLength(5);
  });

  it("past half the lease a slow lane stops and hands the rest back, attempt returned; the next pass sends it", async () => {
    await pending(5);
    let now = start;
    // Each send takes 40 s of the 120-s lease: after two, less than half is left.
    const slow = gateway(() => {
      now = new Date(now.getTime() + 40_000);
    });
    const first = await deliverDueNotifications(db, slow.channels, () => now, {
      ...options,
      concurrency: 1,
      maxBatches: 1,
    });
    expect(first).toEqual({ sent: 2, retried: 0, dead: 0 });
    const left = await db.selectFrom("notifications").selectAll().where("status", "=", "pending").execute();
    expect(left).toHaveLength(3);
    expect(
      left.every((row) => row.attempts === 0 && row.locked_until === null && row.lease_token === null),
    ).toBe(true);

    const fast = gateway();
    const second = await deliverDueNotifications(db, fast.channels, () => now, options);
    expect(second).toEqual({ sent: 3, retried: 0, dead: 0 });
    expect(new Set([...slow.received, ...fast.received]).size).toBe(5);
    expect(slow.received.filter((to) => fast.received.includes(to))).toEqual([]);
  });
});

describe("sent messages recorded together (issue #21)", () => {
  it("one statement records a batch's sent messages, each with its own gateway id and send time", async () => {
    await pending(6);
    const sms = gateway();
    let tick = start.getTime();
    const clock = () => {
      tick += 1_000;
      return new Date(tick);
    };
    const probe = statementLog(db);
    expect(await deliverDueNotifications(probe.db, sms.channels, clock, options)).toEqual({
      sent: 6,
      retried: 0,
      dead: 0,
    });
    // The claim, the record of the six, and the claim that finds nothing left.
    expect(probe.statements.length).toBe(3);
    const rows = await db.selectFrom("notifications").selectAll().execute();
    const gatewayIdOf = new Map(sms.received.map((to, index) => [to, `gw-${index + 1}`]));
    for (const row of rows) {
      expect(row).toMatchObject({ status: "sent", lease_token: null, locked_until: null, last_error: null });
      expect(row.provider_message_id).toBe(gatewayIdOf.get(row.address));
    }
    // Each message's own send time, in the order the gateway took them.
    const byGatewayOrder = [...rows].sort(
      (a, b) => sms.received.indexOf(a.address) - sms.received.indexOf(b.address),
    );
    const times = byGatewayOrder.map((row) => row.sent_at!.getTime());
    expect(new Set(times).size).toBe(6);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("a dispatcher whose lease another took over records nothing over the new holder's (R-LOOK-3, once)", async () => {
    await pending(2);
    const lease = { leaseSeconds: 120, limit: 10 };
    const first = await claimNotifications(db, start, lease);
    // The first dispatcher stalls past its lease; a second one takes the rows over.
    const later = new Date(start.getTime() + 121_000);
    const second = await claimNotifications(db, later, lease);
    expect(second.rows).toHaveLength(2);

    const slow = gateway();
    expect(await sendClaimed(db, slow.channels, first, () => start, options)).toMatchObject({ sent: 2 });
    let rows = await db.selectFrom("notifications").selectAll().execute();
    expect(rows.every((row) => row.status === "pending" && row.lease_token === second.token)).toBe(true);

    const fast = gateway();
    await sendClaimed(db, fast.channels, second, () => later, options);
    rows = await db.selectFrom("notifications").selectAll().execute();
    expect(rows.map((row) => [row.status, row.attempts, row.sent_at]).sort()).toEqual([
      ["sent", 2, later],
      ["sent", 2, later],
    ]);
  });

  it("a failure is recorded with its backoff while the batch's sent messages are recorded together", async () => {
    await pending(4);
    let calls = 0;
    const flaky = gateway(() => {
      calls += 1;
      if (calls === 2) throw new Error("gateway busy");
    });
    expect(await deliverDueNotifications(db, flaky.channels, () => start, options)).toEqual({
      sent: 3,
      retried: 1,
      dead: 0,
    });
    const rows = await db.selectFrom("notifications").selectAll().execute();
    expect(rows.filter((row) => row.status === "sent")).toHaveLength(3);
    const retried = rows.find((row) => row.status === "pending")!;
    expect(retried).toMatchObject({ attempts: 1, lease_token: null, last_error: "gateway busy" });
    expect(retried.available_at.getTime() - start.getTime()).toBe(10_000);
  });
});
