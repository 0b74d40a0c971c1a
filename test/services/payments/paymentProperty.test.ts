import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { hasNoGaps } from "../../../src/domain/fees/paymentChecks.ts";
import { reconcile } from "../../../src/domain/fees/reconcile.ts";
import { type App, buildApp } from "../../../src/http/app.ts";
import { signCallback } from "../../../src/integrations/payment/callbackSignature.ts";
import { demoUserIds, submitBirthRegistration } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { at } from "../dossiers/processing/processingFixtures.ts";

/**
 * Issue #15's property (R-FEE-6, R-FEE-3, R-FEE-2): for random sequences of payment requests and platform callbacks —
 * duplicated, reordered, forged, with a wrong amount or currency, failed — and the platform's statement of the day:
 * no payment is counted twice, none is lost, receipts have no gaps, and the totals reconcile.
 */
const SECRET = "property-secret-0123456789abcdef";
let database: DatabaseHandle;
let app: App;
let dossiers: { id: string; code: string; agencyId: string }[];
const now = at("2026-11-24T10:00");

beforeAll(async () => {
  database = await createTestDatabase({ seeded: true });
  const users = await demoUserIds(database.db);
  dossiers = [];
  for (let index = 0; index < 2; index += 1) {
    const { row } = await submitBirthRegistration(
      database.db,
      users["congdan.demo"]!,
      at("2026-11-24T09:00"),
    );
    dossiers.push({ id: row.id, code: row.code, agencyId: row.agency_id });
  }
  app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    clock: () => now,
    payments: {
      platform: {} as never,
      callbackSecret: SECRET,
      bankBin: "970415",
      close: async () => {},
    },
    config: { logLevel: "silent", publicRateLimitPerMinute: 1_000_000, publicUrl: "http://127.0.0.1:3000" },
  });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

type Delivery = {
  payment: number;
  variant: "exact" | "wrongAmount" | "wrongCurrency" | "failed";
  forged: boolean;
};

const scenario = fc.record({
  amounts: fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 4 }),
  // Each platform transaction: which request it pays, and how its callback goes wrong.
  payments: fc.array(
    fc.record({
      request: fc.nat(),
      variant: fc.constantFrom("exact", "exact", "wrongAmount", "wrongCurrency", "failed"),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  // Every callback is sent 1–4 times, some copies forged; the whole lot is shuffled (reordering).
  copies: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 6, maxLength: 6 }),
  forged: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
  order: fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
});

describe("payments under duplicated, reordered, forged and wrong callbacks (issue #15 property)", () => {
  it("count each payment once, lose none, number receipts without gaps, and reconcile with the statement", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (plan) => {
        const db = database.db;
        const requests: { id: string; amount: number; dossier: (typeof dossiers)[number] }[] = [];
        for (const [index, amount] of plan.amounts.entries()) {
          const dossier = dossiers[index % dossiers.length]!;
          const { id } = await db
            .insertInto("payment_requests")
            .values({
              dossier_id: dossier.id,
              agency_id: dossier.agencyId,
              purpose: "submission",
              amount,
              currency: "VND",
              items: JSON.stringify([{ code: null, name: "Lệ phí", amount }]),
              status: "pending",
              created_by: null,
              created_at: now,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          requests.push({ id, amount, dossier });
        }
        // What the platform really settled (its statement), and the callbacks it sends about it.
        const settled = plan.payments.map((payment) => {
          const request = requests[payment.request % requests.length]!;
          return { ...payment, transactionId: `T${randomUUID()}`, request };
        });
        const deliveries: (Delivery & { key: number })[] = [];
        settled.forEach((_, payment) => {
          for (let copy = 0; copy < plan.copies[payment]!; copy += 1)
            deliveries.push({
              payment,
              variant: settled[payment]!.variant as Delivery["variant"],
              forged: plan.forged[deliveries.length % plan.forged.length]!,
              key: plan.order[deliveries.length % plan.order.length]!,
            });
        });
        deliveries.sort((a, b) => a.key - b.key);
        const receiptsBefore = await db.selectFrom("receipts").select("id").execute();

        for (const delivery of deliveries) {
          const payment = settled[delivery.payment]!;
          const raw = JSON.stringify({
            transactionId: payment.transactionId,
            paymentRequestId: payment.request.id,
            dossierCode: payment.request.dossier.code,
            amount: payment.request.amount + (delivery.variant === "wrongAmount" ? 1 : 0),
            currency: delivery.variant === "wrongCurrency" ? "USD" : "VND",
            status: delivery.variant === "failed" ? "failed" : "success",
            paidAt: now.toISOString(),
          });
          const response = await app.inject({
            method: "POST",
            url: "/api/integration/payments/callback",
            payload: raw,
            headers: {
              "content-type": "application/json",
              "x-signature": delivery.forged ? signCallback("forger", raw) : signCallback(SECRET, raw),
            },
          });
          expect(response.statusCode).toBe(delivery.forged ? 401 : 200);
        }

        const ids = settled.map((payment) => payment.transactionId);
        const recorded = await db
          .selectFrom("payment_transactions")
          .select(["transaction_id", "outcome", "amount", "payment_request_id"])
          .where("transaction_id", "in", ids)
          .execute();
        const delivered = new Set(
          deliveries.filter((d) => !d.forged).map((d) => settled[d.payment]!.transactionId),
        );
        // Nothing counted twice (one row per transaction), nothing lost (every genuine callback recorded).
        expect(recorded.length).toBe(delivered.size);
        expect(new Set(recorded.map((row) => row.transaction_id))).toEqual(delivered);
        for (const request of requests) {
          const accepted = recorded.filter(
            (row) => row.payment_request_id === request.id && row.outcome === "accepted",
          );
          expect(accepted.length).toBeLessThanOrEqual(1);
          const paidExactly = settled.some(
            (p) => p.request.id === request.id && p.variant === "exact" && delivered.has(p.transactionId),
          );
          expect(accepted.length).toBe(paidExactly ? 1 : 0);
          for (const row of accepted) expect(Number(row.amount)).toBe(request.amount);
        }
        for (const row of recorded) {
          const payment = settled.find((p) => p.transactionId === row.transaction_id)!;
          if (payment.variant === "wrongAmount" || payment.variant === "wrongCurrency")
            expect(row.outcome).toBe("held");
          if (payment.variant === "failed") expect(row.outcome).toBe("failed");
        }
        // Receipts: one per accepted payment, numbered 1…n per agency and year with no gap.
        const receipts = await db.selectFrom("receipts").select(["number", "amount", "agency_id"]).execute();
        const accepted = recorded.filter((row) => row.outcome === "accepted");
        expect(receipts.length - receiptsBefore.length).toBe(accepted.length);
        for (const agency of new Set(receipts.map((r) => r.agency_id)))
          expect(hasNoGaps(receipts.filter((r) => r.agency_id === agency).map((r) => r.number))).toBe(true);
        // The statement lists what the platform took; recorded (accepted or held) payments match it but for the
        // wrong amounts, which appear as amount differences — and the totals of what matched agree.
        const statement = settled
          .filter((p) => p.variant !== "failed")
          .map((p) => ({
            transactionId: p.transactionId,
            paymentRequestId: p.request.id,
            dossierCode: p.request.dossier.code,
            amount: p.request.amount,
            paidAt: now,
          }));
        const outcome = reconcile(
          statement,
          recorded
            .filter((row) => row.outcome !== "failed")
            .map((row) => ({ transactionId: row.transaction_id, amount: Number(row.amount) })),
        );
        for (const difference of outcome.differences) {
          const payment = settled.find((p) => p.transactionId === difference.transactionId)!;
          if (difference.kind === "amountMismatch") expect(payment.variant).toBe("wrongAmount");
          else expect(difference.kind).toBe("unknownHere");
          if (difference.kind === "unknownHere") expect(delivered.has(payment.transactionId)).toBe(false);
        }
        const acceptedTotal = accepted.reduce((sum, row) => sum + Number(row.amount), 0);
        const acceptedOnStatement = statement
          .filter((line) => accepted.some((row) => row.transaction_id === line.transactionId))
          .reduce((sum, line) => sum + line.amount, 0);
        expect(acceptedOnStatement).toBe(acceptedTotal);
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});
