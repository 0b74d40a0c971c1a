import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { PaymentRequestItem } from "../../db/paymentTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { PaymentPlatform } from "../../integrations/payment/paymentPlatform.ts";
import type { Actor } from "../accounts/actor.ts";
import { authorizeAs } from "../dossiers/dossierAccess.ts";
import { findDossier } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { ConflictError } from "../errors.ts";
import { issueReceipt } from "./issueReceipt.ts";

/**
 * R-STOP-2: fees paid for a service that was not performed are refunded — the dossier stopped (8) or was refused (3)
 * without a granted result. A result produced but not collected is not refunded.
 */
function refundable(row: { status: number }, state: { result?: { kind: string } }): boolean {
  return (row.status === 8 || row.status === 3) && state.result?.kind !== "granted";
}

/**
 * A counter officer asks the platform to refund the online payments of a stopped or refused dossier (R-STOP-2): one
 * refund per payment, sent at once with its id as idempotency key, then tracked until the platform confirms.
 *
 * Outcomes: the refunds; 404; 403 not a counter officer of the dossier's agencies; 409 nothing to refund.
 */
export async function requestRefunds(
  db: Kysely<Database>,
  platform: PaymentPlatform,
  input: { dossierId: string; actor: Actor; reason: string; now: Date },
) {
  const created = await inTransaction(db, async (trx) => {
    const record = await findDossier(trx, input.dossierId);
    if (!record) throw dossierNotFound();
    authorizeAs(input.actor, "counter_officer")(record.row);
    const payments = await trx
      .selectFrom("payment_transactions")
      .select(["id", "transaction_id", "amount", "agency_id"])
      .where("dossier_id", "=", record.row.id)
      .where("outcome", "=", "accepted")
      .where("method", "in", ["onlineNational", "onlineProvincial"])
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("refunds")
              .select("refunds.id")
              .whereRef("refunds.transaction_row_id", "=", "payment_transactions.id"),
          ),
        ),
      )
      .execute();
    if (!refundable(record.row, record.state) || payments.length === 0)
      throw new ConflictError("NOTHING_TO_REFUND", {
        vi: "Hồ sơ không có khoản phí, lệ phí nào được hoàn trả (chỉ hoàn trả khi hồ sơ dừng hoặc bị từ chối giải quyết)",
        en: "The dossier has no fee to refund (refunds are for stopped or refused dossiers)",
      });
    const rows = [];
    for (const payment of payments)
      rows.push(
        await trx
          .insertInto("refunds")
          .values({
            id: randomUUID(),
            dossier_id: record.row.id,
            agency_id: payment.agency_id,
            transaction_row_id: payment.id,
            amount: payment.amount,
            reason: input.reason,
            status: "requested",
            requested_by: input.actor.userId,
            requested_at: input.now,
          })
          .returning(["id", "amount"])
          .executeTakeFirstOrThrow()
          .then((row) => ({ ...row, transactionId: payment.transaction_id })),
      );
    return rows;
  });
  for (const refund of created) await sendRefund(db, platform, refund, input.reason, input.now);
  return listRefunds(db, input.dossierId);
}

async function sendRefund(
  db: Kysely<Database>,
  platform: PaymentPlatform,
  refund: { id: string; amount: string; transactionId: string },
  reason: string,
  now: Date,
) {
  try {
    const answer = await platform.requestRefund({
      refundId: refund.id,
      transactionId: refund.transactionId,
      amount: Number(refund.amount),
      reason,
    });
    await db
      .updateTable("refunds")
      .set({ status: "sent", platform_refund_id: answer.platformRefundId, sent_at: now })
      .where("id", "=", refund.id)
      .where("status", "=", "requested")
      .execute();
  } catch {
    // Left "requested": the tracking job sends it again.
  }
}

/**
 * Follows refunds until the platform confirms (R-STOP-2): resends those not yet accepted, asks for the others, and on
 * completion issues the refund receipt (the receipt adjustment) in the same transaction as the confirmation.
 */
export async function trackRefunds(
  db: Kysely<Database>,
  platform: PaymentPlatform,
  now: Date,
): Promise<number> {
  const open = await db
    .selectFrom("refunds")
    .innerJoin("payment_transactions", "payment_transactions.id", "refunds.transaction_row_id")
    .select([
      "refunds.id",
      "refunds.amount",
      "refunds.status",
      "refunds.reason",
      "refunds.platform_refund_id",
      "payment_transactions.transaction_id",
    ])
    .where("refunds.status", "in", ["requested", "sent"])
    .limit(100)
    .execute();
  let confirmed = 0;
  for (const refund of open) {
    if (refund.status === "requested" || !refund.platform_refund_id) {
      await sendRefund(
        db,
        platform,
        { id: refund.id, amount: refund.amount, transactionId: refund.transaction_id },
        refund.reason,
        now,
      );
      continue;
    }
    let status: string;
    try {
      status = (await platform.refundStatus(refund.platform_refund_id)).status;
    } catch {
      continue;
    }
    if (status !== "completed") continue;
    await inTransaction(db, async (trx) => {
      const row = await trx
        .selectFrom("refunds")
        .innerJoin("dossiers", "dossiers.id", "refunds.dossier_id")
        .leftJoin("receipts", (join) =>
          join
            .onRef("receipts.transaction_row_id", "=", "refunds.transaction_row_id")
            .on("receipts.kind", "=", "payment"),
        )
        .select([
          "refunds.id",
          "refunds.dossier_id",
          "refunds.agency_id",
          "refunds.transaction_row_id",
          "refunds.amount",
          "refunds.status",
          "dossiers.applicant_name",
          "dossiers.organisation_name",
          "receipts.items",
        ])
        .where("refunds.id", "=", refund.id)
        .forUpdate("refunds")
        .executeTakeFirstOrThrow();
      if (row.status !== "sent") return;
      const items = ((typeof row.items === "string" ? JSON.parse(row.items) : row.items) ??
        []) as PaymentRequestItem[];
      const receipt = await issueReceipt(trx, {
        agencyId: row.agency_id,
        dossierId: row.dossier_id,
        transactionRowId: null,
        kind: "refund",
        payerName: row.organisation_name ?? row.applicant_name,
        items: items.map((item) => ({ ...item, amount: -item.amount })),
        amount: -Number(row.amount),
        now,
        issuedBy: null,
      });
      await trx
        .updateTable("refunds")
        .set({ status: "confirmed", confirmed_at: now, receipt_id: receipt.id })
        .where("id", "=", row.id)
        .execute();
      confirmed += 1;
    });
  }
  return confirmed;
}

export async function listRefunds(db: Kysely<Database>, dossierId: string) {
  const rows = await db
    .selectFrom("refunds")
    .select(["id", "amount", "status", "reason", "requested_at", "confirmed_at", "receipt_id"])
    .where("dossier_id", "=", dossierId)
    .orderBy("requested_at")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    amount: Number(row.amount),
    status: row.status,
    reason: row.reason,
    requestedAt: row.requested_at.toISOString(),
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    receiptId: row.receipt_id,
  }));
}
