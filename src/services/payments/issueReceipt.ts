import { randomBytes } from "node:crypto";
import type { Transaction } from "kysely";
import type { PaymentRequestItem, ReceiptsTable } from "../../db/paymentTables.ts";
import type { Database } from "../../db/schema.ts";
import { provinceCivilDate } from "../../domain/codes/provinceDate.ts";
import { receiptSeries } from "../../domain/fees/paymentChecks.ts";
import { CODE_DATA_LENGTH, verificationCodeFrom } from "../../domain/results/verificationCode.ts";

export interface ReceiptInput {
  agencyId: string;
  dossierId: string;
  transactionRowId: string | null;
  kind: ReceiptsTable["kind"];
  payerName: string;
  items: PaymentRequestItem[];
  amount: number;
  now: Date;
  issuedBy: string | null;
  /** The receipt this one replaces, cancelled in the same transaction (never deleted, R-FEE-3). */
  replaces?: { id: string; reason: string };
}

export interface IssuedReceipt {
  id: string;
  series: string;
  number: number;
  verificationCode: string;
}

/**
 * Issues an e-receipt (biên lai điện tử, R-FEE-3) in the caller's transaction: the next number of the agency's series
 * for the year. The counter row is locked by the update until the transaction ends and rolls back with it, so two
 * payments at once get consecutive numbers and a failed payment leaves no hole: numbers are 1…n without gaps.
 */
export async function issueReceipt(trx: Transaction<Database>, input: ReceiptInput): Promise<IssuedReceipt> {
  const { year } = provinceCivilDate(input.now);
  const { last_number: number } = await trx
    .insertInto("receipt_sequences")
    .values({ agency_id: input.agencyId, year, last_number: 1 })
    .onConflict((oc) =>
      oc
        .columns(["agency_id", "year"])
        .doUpdateSet((eb) => ({ last_number: eb("receipt_sequences.last_number", "+", 1) })),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  const verificationCode = verificationCodeFrom(new Uint8Array(randomBytes(CODE_DATA_LENGTH)));
  const series = receiptSeries(year);
  const { id } = await trx
    .insertInto("receipts")
    .values({
      agency_id: input.agencyId,
      year,
      series,
      number,
      dossier_id: input.dossierId,
      transaction_row_id: input.transactionRowId,
      kind: input.kind,
      payer_name: input.payerName,
      items: JSON.stringify(input.items),
      amount: input.amount,
      issued_at: input.now,
      issued_by: input.issuedBy,
      verification_code: verificationCode,
      replaces_receipt_id: input.replaces?.id ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (input.replaces)
    await trx
      .updateTable("receipts")
      .set({ cancelled_at: input.now, cancelled_reason: input.replaces.reason })
      .where("id", "=", input.replaces.id)
      .where("cancelled_at", "is", null)
      .execute();
  return { id, series, number, verificationCode };
}
