import type { Transaction } from "kysely";
import type { PaymentRequestItem } from "../../db/paymentTables.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor as DomainActor } from "../../domain/dossier/actor.ts";
import { receiptNumberText } from "../../domain/fees/paymentChecks.ts";
import {
  type DossierRecord,
  type EventAuthor,
  findDossier,
  recordDecision,
} from "../dossiers/dossierStore.ts";
import { decideAndRecord, dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { type IssuedReceipt, issueReceipt } from "./issueReceipt.ts";

export interface Settlement {
  dossierId: string;
  agencyId: string;
  transactionRowId: string;
  purpose: "submission" | "processing";
  items: PaymentRequestItem[];
  amount: number;
  method: string;
  actor: DomainActor;
  author: EventAuthor;
  now: Date;
}

/**
 * What an accepted payment does, in the caller's transaction with the payment row (R-FEE-6, R-FEE-3): the e-receipt
 * is issued, then the dossier records it — asked for by processing: the existing confirm-payment rule moves it 6 → 4
 * with the receipt's number; owed at submission: a `paymentConfirmed` event without a status change leaves "unpaid".
 */
export async function settlePayment(
  trx: Transaction<Database>,
  settlement: Settlement,
): Promise<{ receipt: IssuedReceipt; record: DossierRecord }> {
  const record = await findDossier(trx, settlement.dossierId);
  if (!record) throw dossierNotFound();
  const receipt = await issueReceipt(trx, {
    agencyId: settlement.agencyId,
    dossierId: settlement.dossierId,
    transactionRowId: settlement.transactionRowId,
    kind: "payment",
    payerName: record.row.organisation_name ?? record.row.applicant_name,
    items: settlement.items,
    amount: settlement.amount,
    now: settlement.now,
    issuedBy: settlement.author.userId,
  });
  const receiptRef = `${receipt.series}-${receiptNumberText(receipt.number)}`;
  const details = {
    action: "confirmPayment",
    method: settlement.method,
    amount: settlement.amount,
    receiptId: receipt.id,
  };
  if (settlement.purpose === "processing" && record.row.status === 6) {
    const updated = await decideAndRecord(trx, record, {
      command: { type: "confirmPayment", receiptRef },
      actor: settlement.actor,
      author: settlement.author,
      now: settlement.now,
      details,
    });
    return { receipt, record: updated };
  }
  const status = record.state.status;
  const at = new Date(Math.max(settlement.now.getTime(), record.state.lastChangedAt.getTime()));
  const updated = await recordDecision(
    trx,
    record,
    {
      ok: true,
      state: { ...record.state, lastChangedAt: at },
      events: [
        {
          type: "paymentConfirmed",
          command: "confirmPayment",
          from: status,
          to: status,
          actor: settlement.actor,
          at,
          payload: { ...details, receiptRef, purpose: "submission" },
        },
      ],
    },
    settlement.author,
  );
  return { receipt, record: updated };
}
