import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Database } from "../../../src/db/schema.ts";
import {
  claimDeliveries,
  DeliveryFailure,
  type DeliveryPolicy,
  enqueueDeliveries,
  type OutboundDelivery,
  sendClaimedDeliveries,
} from "../../../src/services/delivery/outboundQueue.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

// A batch's outcomes (issue #21): the sent deliveries recorded together, each failure at once with its backoff,
// and nothing recorded over a lease another worker took over.

let handle: DatabaseHandle;
let db: Kysely<Database>;
const now = new Date("2026-12-01T03:00:00Z");
const policy: DeliveryPolicy = {
  baseBackoffSeconds: 10,
  maxBackoffSeconds: 60,
  maxRejections: 2,
  giveUpAfterSeconds: 3600,
  leaseSeconds: 120,
  batchSize: 10,
};

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});

afterAll(async () => {
  await handle?.close();
});

const statusOf = async (key: string) =>
  db
    .selectFrom("outbound_deliveries")
    .select(["status", "sent_at", "available_at", "last_error", "lease_token"])
    .where("idempotency_key", "=", key)
    .executeTakeFirstOrThrow();

describe("sendClaimedDeliveries", () => {
  it("records the sent ones together and a failure with its backoff; the hook sees the sent ones once", async () => {
    const destination = "batch-test";
    await enqueueDeliveries(
      db,
      ["a", "b", "c"].map((key) => ({ destination, idempotencyKey: `batch-${key}`, payload: { key } })),
      now,
    );
    const claim = await claimDeliveries(db, destination, now, { leaseSeconds: 120, limit: 10 });
    expect(claim.rows).toHaveLength(3);
    const delivered: OutboundDelivery[][] = [];
    const counts = await sendClaimedDeliveries(
      db,
      {
        send: async (delivery) => {
          if (delivery.idempotency_key === "batch-b")
            throw new DeliveryFailure("503 from the receiver", false, 503);
        },
      },
      claim,
      () => now,
      policy,
      { delivered: async (_trx, rows) => void delivered.push([...rows]) },
    );
    expect(counts).toEqual({ sent: 2, retried: 1, dead: 0 });
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.map((row) => row.idempotency_key).sort()).toEqual(["batch-a", "batch-c"]);
    expect(await statusOf("batch-a")).toMatchObject({ status: "sent", sent_at: now, lease_token: null });
    expect(await statusOf("batch-c")).toMatchObject({ status: "sent", sent_at: now, lease_token: null });
    expect(await statusOf("batch-b")).toMatchObject({
      status: "pending",
      sent_at: null,
      last_error: "503 from the receiver",
      available_at: new Date(now.getTime() + 10_000),
      lease_token: null,
    });
  });

  it("records nothing over a lease another worker took over", async () => {
    const destination = "lease-test";
    await enqueueDeliveries(db, [{ destination, idempotencyKey: "lease-a", payload: {} }], now);
    const claim = await claimDeliveries(db, destination, now, { leaseSeconds: 120, limit: 10 });
    // The lease ran out and another worker claimed the row again.
    const later = new Date(now.getTime() + 200_000);
    const takeover = await claimDeliveries(db, destination, later, { leaseSeconds: 120, limit: 10 });
    expect(takeover.rows).toHaveLength(1);
    let hooked = 0;
    const counts = await sendClaimedDeliveries(db, { send: async () => {} }, claim, () => later, policy, {
      delivered: async () => void hooked++,
    });
    expect(counts).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(hooked).toBe(0);
    expect(await statusOf("lease-a")).toMatchObject({ status: "pending", lease_token: takeover.token });
  });
});
