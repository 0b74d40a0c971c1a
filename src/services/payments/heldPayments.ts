import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { type Actor, agencyIdsFor, hasRole } from "../accounts/actor.ts";
import { ConflictError, NotFoundError } from "../errors.ts";

const OFFICE_ROLES = ["counter_officer", "agency_leader"] as const;

/** Payments held for an officer (R-FEE-6: wrong amount or currency, paid twice…), of the caller's agencies. */
export async function listHeldPayments(db: Kysely<Database>, actor: Actor) {
  const agencies = agencyIdsFor(actor, [...OFFICE_ROLES]);
  const all = hasRole(actor, ["system_admin"]);
  if (!all && agencies.length === 0) return [];
  let query = db
    .selectFrom("payment_transactions")
    .innerJoin("dossiers", "dossiers.id", "payment_transactions.dossier_id")
    .leftJoin("payment_requests", "payment_requests.id", "payment_transactions.payment_request_id")
    .select([
      "payment_transactions.id",
      "payment_transactions.transaction_id",
      "dossiers.code as dossier_code",
      "payment_transactions.amount",
      "payment_transactions.currency",
      "payment_requests.amount as requested_amount",
      "payment_transactions.held_reason",
      "payment_transactions.paid_at",
      "payment_transactions.resolution",
      "payment_transactions.resolved_at",
    ])
    .where("payment_transactions.outcome", "in", ["held", "rejected"])
    .orderBy("payment_transactions.paid_at", "desc")
    .limit(200);
  if (!all) query = query.where("payment_transactions.agency_id", "in", agencies);
  return (await query.execute()).map((row) => ({
    id: row.id,
    transactionId: row.transaction_id,
    dossierCode: row.dossier_code,
    amount: Number(row.amount),
    currency: row.currency,
    requestedAmount: row.requested_amount === null ? null : Number(row.requested_amount),
    heldReason: row.held_reason,
    paidAt: row.paid_at.toISOString(),
    resolution: row.resolution,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  }));
}

/**
 * An officer closes a held payment with a reason (R-FEE-6: never accepted on its own): it is rejected — the money is
 * to be returned to the payer — and the reason and officer are kept. Nothing closes silently.
 */
export async function resolveHeldPayment(
  db: Kysely<Database>,
  input: { id: string; actor: Actor; reason: string; now: Date },
) {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("payment_transactions")
      .select(["id", "agency_id", "outcome"])
      .where("id", "=", input.id)
      .forUpdate()
      .executeTakeFirst();
    const allowed =
      row &&
      (hasRole(input.actor, ["system_admin"]) ||
        hasRole(input.actor, [...OFFICE_ROLES], { agencyId: row.agency_id }));
    if (!row || !allowed)
      throw new NotFoundError({ vi: "Không tìm thấy khoản thanh toán", en: "No such payment" });
    if (row.outcome !== "held")
      throw new ConflictError("NOT_HELD", {
        vi: "Khoản thanh toán này không ở trạng thái chờ xử lý",
        en: "This payment is not waiting for an officer",
      });
    await trx
      .updateTable("payment_transactions")
      .set({
        outcome: "rejected",
        resolved_by: input.actor.userId,
        resolved_at: input.now,
        resolution: input.reason,
      })
      .where("id", "=", row.id)
      .execute();
  });
}
