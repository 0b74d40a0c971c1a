/** One line of the platform's daily statement (the fields of a bank statement). */
export interface StatementLine {
  transactionId: string;
  paymentRequestId: string;
  dossierCode: string;
  amount: number;
  paidAt: Date;
}

/** One online payment OneStop recorded for the same day. */
export interface RecordedPayment {
  transactionId: string;
  amount: number;
}

export type DifferenceKind = "unknownHere" | "missingThere" | "amountMismatch";

export interface Difference {
  kind: DifferenceKind;
  transactionId: string;
  /** What the platform's statement says (absent when missing there). */
  statementAmount: number | null;
  /** What OneStop recorded (absent when unknown here). */
  recordedAmount: number | null;
}

export interface Reconciliation {
  matched: number;
  /** Every difference, by transaction id: none closes silently (R-FEE-2). */
  differences: Difference[];
  statementTotal: number;
  recordedTotal: number;
}

/**
 * Daily reconciliation of online payments with the platform's statement (R-FEE-2): every transaction is either
 * matched (same id, same amount) or listed as a difference — paid on the platform but unknown here, known here but
 * missing there, or the amounts differ. A transaction repeated on one side counts once (the platform's transaction id
 * is the key on both sides).
 */
export function reconcile(
  statement: readonly StatementLine[],
  recorded: readonly RecordedPayment[],
): Reconciliation {
  const there = new Map<string, number>();
  for (const line of statement)
    if (!there.has(line.transactionId)) there.set(line.transactionId, line.amount);
  const here = new Map<string, number>();
  for (const payment of recorded)
    if (!here.has(payment.transactionId)) here.set(payment.transactionId, payment.amount);
  const differences: Difference[] = [];
  let matched = 0;
  for (const [transactionId, amount] of there) {
    const mine = here.get(transactionId);
    if (mine === undefined)
      differences.push({ kind: "unknownHere", transactionId, statementAmount: amount, recordedAmount: null });
    else if (mine !== amount)
      differences.push({
        kind: "amountMismatch",
        transactionId,
        statementAmount: amount,
        recordedAmount: mine,
      });
    else matched += 1;
  }
  for (const [transactionId, amount] of here)
    if (!there.has(transactionId))
      differences.push({
        kind: "missingThere",
        transactionId,
        statementAmount: null,
        recordedAmount: amount,
      });
  differences.sort((a, b) =>
    a.transactionId < b.transactionId ? -1 : a.transactionId > b.transactionId ? 1 : 0,
  );
  const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);
  return { matched, differences, statementTotal: sum(there.values()), recordedTotal: sum(here.values()) };
}
