import type { Kysely } from "kysely";
import type { PaymentRequestItem } from "../../db/paymentTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { judgeCallback } from "../../domain/fees/paymentChecks.ts";
import { NotFoundError } from "../errors.ts";
import { settlePayment } from "./settlePayment.ts";

/** The platform's callback body: a contract (issue #15), kept exactly. */
export interface PaymentCallback {
  transactionId: string;
  paymentRequestId: string;
  dossierCode: string;
  amount: number;
  currency: string;
  status: "success" | "failed";
  paidAt: string;
}

export type CallbackOutcome = "accepted" | "failed" | "held";

export interface CallbackReceipt {
  outcome: CallbackOutcome;
  /** The transaction id was already recorded: nothing changed (idempotent, R-FEE-6). */
  duplicate: boolean;
  heldReason?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function unknownPaymentRequest(): NotFoundError {
  return new NotFoundError({ vi: "Không tìm thấy yêu cầu thanh toán", en: "No such payment request" });
}

/**
 * A signed callback of the payment platform (R-FEE-6), already authenticated by its HMAC. In one transaction: the
 * transaction id is recorded once (a replay changes nothing); a success for exactly the requested amount in đồng on a
 * request still pending is accepted — the request is paid, the receipt issued and the dossier moves (settlePayment);
 * any other amount or currency, a second payment of a paid request, or a dossier no longer awaiting payment is held
 * for an officer, never accepted; a failure is recorded and changes nothing else.
 *
 * Outcomes: what was recorded; 404 unknown payment request.
 */
export async function receivePaymentCallback(
  db: Kysely<Database>,
  callback: PaymentCallback,
  now: Date,
): Promise<CallbackReceipt> {
  if (!UUID.test(callback.paymentRequestId)) throw unknownPaymentRequest();
  return inTransaction(db, async (trx) => {
    const request = await trx
      .selectFrom("payment_requests")
      .innerJoin("dossiers", "dossiers.id", "payment_requests.dossier_id")
      .select([
        "payment_requests.id",
        "payment_requests.dossier_id",
        "payment_requests.agency_id",
        "payment_requests.purpose",
        "payment_requests.amount",
        "payment_requests.items",
        "dossiers.code as dossier_code",
        "dossiers.status as dossier_status",
      ])
      .where("payment_requests.id", "=", callback.paymentRequestId)
      .executeTakeFirst();
    if (!request) throw unknownPaymentRequest();
    const known = await trx
      .selectFrom("payment_transactions")
      .select(["outcome", "held_reason"])
      .where("transaction_id", "=", callback.transactionId)
      .executeTakeFirst();
    if (known) return duplicateOf(known);

    const amount = Number(request.amount);
    const verdict = judgeCallback({ amount }, callback);
    let outcome: CallbackOutcome = verdict === "accept" ? "accepted" : "failed";
    let heldReason: string | undefined;
    if (verdict === "hold") {
      outcome = "held";
      heldReason = callback.currency !== "VND" ? "currencyMismatch" : "amountMismatch";
    } else if (verdict === "accept" && callback.dossierCode !== request.dossier_code) {
      outcome = "held";
      heldReason = "dossierMismatch";
    } else if (verdict === "accept" && request.purpose === "processing" && request.dossier_status !== 6) {
      outcome = "held";
      heldReason = "notAwaitingPayment";
    } else if (verdict === "accept") {
      // Row lock: of two payments of one request at once, the second waits here and is held as paid twice.
      const claimed = await trx
        .updateTable("payment_requests")
        .set({ status: "paid", paid_at: new Date(callback.paidAt) })
        .where("id", "=", request.id)
        .where("status", "=", "pending")
        .returning("id")
        .executeTakeFirst();
      if (!claimed) {
        outcome = "held";
        heldReason = "alreadyPaid";
      }
    }
    const inserted = await trx
      .insertInto("payment_transactions")
      .values({
        transaction_id: callback.transactionId,
        payment_request_id: request.id,
        dossier_id: request.dossier_id,
        agency_id: request.agency_id,
        method: "onlineNational",
        amount: callback.amount,
        currency: callback.currency,
        outcome,
        held_reason: heldReason ?? null,
        paid_at: new Date(callback.paidAt),
        recorded_at: now,
        recorded_by: null,
        raw: JSON.stringify(callback),
      })
      .onConflict((oc) => oc.column("transaction_id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) {
      // The same transaction id committed by a concurrent replay: ours must change nothing.
      throw new DuplicateRace();
    }
    if (outcome === "accepted") {
      const items = (
        typeof request.items === "string" ? JSON.parse(request.items) : request.items
      ) as PaymentRequestItem[];
      await settlePayment(trx, {
        dossierId: request.dossier_id,
        agencyId: request.agency_id,
        transactionRowId: inserted.id,
        purpose: request.purpose,
        items,
        amount,
        method: "onlineNational",
        actor: { role: "paymentSystem", id: "payment-platform" },
        author: { userId: null, role: "paymentSystem" },
        now,
      });
    }
    return { outcome, duplicate: false, ...(heldReason ? { heldReason } : {}) };
  }).catch(async (error: unknown) => {
    if (!(error instanceof DuplicateRace)) throw error;
    const known = await db
      .selectFrom("payment_transactions")
      .select(["outcome", "held_reason"])
      .where("transaction_id", "=", callback.transactionId)
      .executeTakeFirstOrThrow();
    return duplicateOf(known);
  });
}

class DuplicateRace extends Error {}

function duplicateOf(known: { outcome: string; held_reason: string | null }): CallbackReceipt {
  const outcome = (known.outcome === "rejected" ? "held" : known.outcome) as CallbackOutcome;
  return { outcome, duplicate: true, ...(known.held_reason ? { heldReason: known.held_reason } : {}) };
}
