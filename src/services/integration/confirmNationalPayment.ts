import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { decideAndRecord } from "../dossiers/runDossierCommand.ts";
import { ConflictError } from "../errors.ts";
import { messageTime, recordMessageOnce } from "./inboundMessageLog.ts";
import type { NationalMessageReceipt, NationalPaymentMessage } from "./nationalMessageSchemas.ts";

/** The national payment platform, as the rules know it (R-STATUS-5 `paymentSystem`). */
const paymentPlatform = { role: "paymentSystem", id: "dvcqg-payment" } as const;

/**
 * The applicant paid the dossier's fees on the national payment platform (R-FEE-6). Idempotent twice over: by the
 * message id (a replay answers the first receipt) and by the transaction id (the same payment in a new message is
 * recorded once, R-FEE-6 "idempotent on transaction id"). When the dossier awaits this payment (status 6) the
 * amount must be what was asked, and the same rule as the counter's confirmation moves it back to processing
 * (6 → 4, receipt = the transaction id). A payment for a dossier not awaiting one is still recorded, for the daily
 * reconciliation (R-FEE-2), with `applied: false` and the dossier unchanged.
 *
 * Outcomes: the receipt; 400; 404 unknown dossier; 409 PAYMENT_AMOUNT_MISMATCH (nothing recorded),
 * TRANSACTION_REUSED (the transaction id belongs to another dossier), MESSAGE_ID_REUSED.
 */
export async function confirmNationalPayment(
  db: Kysely<Database>,
  input: { message: NationalPaymentMessage; now: Date },
): Promise<NationalMessageReceipt> {
  const paidAt = messageTime(input.message, input.now);
  const message = input.message;
  return recordMessageOnce(db, { kind: "payment", message, now: input.now }, async (trx, dossier) => {
    const owed = dossier.state.pendingPayment?.obligations.reduce((sum, item) => sum + item.amount, 0);
    const awaiting = dossier.row.status === 6 && owed !== undefined;
    if (awaiting && owed !== message.SoTien)
      throw new ConflictError("PAYMENT_AMOUNT_MISMATCH", {
        vi: `Số tiền đã nộp (${message.SoTien} đồng) khác số tiền phải nộp của hồ sơ (${owed} đồng)`,
        en: `The amount paid (${message.SoTien} VND) differs from what the dossier owes (${owed} VND)`,
      });
    const recorded = await trx
      .insertInto("national_payment_confirmations")
      .values({
        transaction_id: message.MaGiaoDich,
        dossier_id: dossier.row.id,
        amount_vnd: message.SoTien,
        paid_at: paidAt,
        recorded_at: input.now,
        message_id: message.MaThongDiep,
      })
      .onConflict((oc) => oc.column("transaction_id").doNothing())
      .returning("transaction_id")
      .executeTakeFirst();
    if (!recorded) {
      const previous = await trx
        .selectFrom("national_payment_confirmations")
        .select("dossier_id")
        .where("transaction_id", "=", message.MaGiaoDich)
        .executeTakeFirstOrThrow();
      if (previous.dossier_id !== dossier.row.id)
        throw new ConflictError("TRANSACTION_REUSED", {
          vi: "Mã giao dịch này đã được ghi nhận cho một hồ sơ khác",
          en: "This transaction id was already recorded for another dossier",
        });
      // The same payment again under a new message id: already recorded (and applied, if it could be).
      return { record: dossier, applied: false };
    }
    if (!awaiting) return { record: dossier, applied: false };
    const record = await decideAndRecord(trx, dossier, {
      command: { type: "confirmPayment", receiptRef: message.MaGiaoDich },
      actor: paymentPlatform,
      author: { userId: null, role: "system" },
      // Our receipt time: the portal's clock may lag our last change; its own time stays in the event.
      now: input.now,
      details: {
        action: "confirmPayment",
        channel: "nationalPortal",
        nationalTime: input.message.ThoiDiem,
        transactionId: message.MaGiaoDich,
        amount: message.SoTien,
      },
    });
    return { record };
  });
}
