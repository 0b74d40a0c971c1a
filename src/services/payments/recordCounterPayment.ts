import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { Actor } from "../accounts/actor.ts";
import { authorizeAs, domainActor } from "../dossiers/dossierAccess.ts";
import { findDossier, staleDossierError } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { owedFees } from "./owedFees.ts";
import { settlePayment } from "./settlePayment.ts";
import { nothingOwed } from "./startOnlinePayment.ts";

/**
 * A payment in cash or by card at the counter (R-FEE-1), recorded as an online one is — a payment request, a
 * transaction, the e-receipt and the dossier's event in one transaction — with the officer who took it.
 *
 * Outcomes: the receipt; 404; 403 not a counter officer of the dossier's agencies; 409 nothing owed or stale.
 */
export async function recordCounterPayment(
  db: Kysely<Database>,
  input: {
    dossierId: string;
    actor: Actor;
    method: "cash" | "card";
    now: Date;
    expectedVersion?: number | undefined;
  },
) {
  return inTransaction(db, async (trx) => {
    const record = await findDossier(trx, input.dossierId);
    if (!record) throw dossierNotFound();
    authorizeAs(input.actor, "counter_officer")(record.row);
    if (input.expectedVersion !== undefined && input.expectedVersion !== record.row.version)
      throw staleDossierError();
    const owed = await owedFees(trx, record);
    if (!owed || owed.total <= 0) throw nothingOwed();
    const request = await trx
      .insertInto("payment_requests")
      .values({
        dossier_id: record.row.id,
        agency_id: record.row.agency_id,
        purpose: owed.purpose,
        amount: owed.total,
        currency: "VND",
        items: JSON.stringify(owed.items),
        status: "paid",
        created_by: input.actor.userId,
        created_at: input.now,
        paid_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Pending online requests of the same obligation can no longer be paid on their own.
    await trx
      .updateTable("payment_requests")
      .set({ status: "superseded" })
      .where("dossier_id", "=", record.row.id)
      .where("purpose", "=", owed.purpose)
      .where("status", "=", "pending")
      .execute();
    const transaction = await trx
      .insertInto("payment_transactions")
      .values({
        transaction_id: `QUAY-${randomUUID()}`,
        payment_request_id: request.id,
        dossier_id: record.row.id,
        agency_id: record.row.agency_id,
        method: input.method,
        amount: owed.total,
        currency: "VND",
        outcome: "accepted",
        paid_at: input.now,
        recorded_at: input.now,
        recorded_by: input.actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const settled = await settlePayment(trx, {
      dossierId: record.row.id,
      agencyId: record.row.agency_id,
      transactionRowId: transaction.id,
      purpose: owed.purpose,
      items: owed.items,
      amount: owed.total,
      method: input.method,
      actor: domainActor(input.actor, "counter_officer"),
      author: { userId: input.actor.userId, role: "counter_officer" },
      now: input.now,
    });
    return { receipt: settled.receipt, dossier: settled.record };
  });
}
