import type { ColumnType, Generated } from "kysely";

/** Kysely types of the payment tables (migration 0019_payments, issue #15, R-FEE-1…6, R-STOP-2). */

type Json<T> = ColumnType<T, string, string>;
/** bigint columns come back as strings from pg; amounts stay far below 2^53, read with Number(). */
type Money = ColumnType<string, number | string, number | string>;

export interface FeeItemsTable {
  id: Generated<string>;
  procedure_id: string;
  agency_id: string | null;
  code: string;
  name: string;
  rule: Json<unknown>;
  exemptions: Json<unknown>;
  due: "submission" | "processing";
  updated_by: string | null;
  updated_at: Date;
}

export interface PaymentRequestItem {
  code: string | null;
  name: string;
  amount: number;
}

export interface PaymentRequestsTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  purpose: "submission" | "processing";
  amount: Money;
  currency: string;
  items: Json<PaymentRequestItem[]>;
  status: "pending" | "paid" | "held" | "superseded";
  created_by: string | null;
  created_at: Date;
  paid_at: Date | null;
}

export type PaymentMethodColumn = "onlineNational" | "onlineProvincial" | "cash" | "card";

export interface PaymentTransactionsTable {
  id: Generated<string>;
  transaction_id: string;
  payment_request_id: string | null;
  dossier_id: string;
  agency_id: string;
  method: PaymentMethodColumn;
  amount: Money;
  currency: string;
  outcome: "accepted" | "failed" | "held" | "rejected";
  held_reason: string | null;
  paid_at: Date;
  recorded_at: Date;
  recorded_by: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolution: string | null;
  raw: Json<unknown> | null;
}

export interface ReceiptSequencesTable {
  agency_id: string;
  year: number;
  last_number: number;
}

export interface ReceiptsTable {
  id: Generated<string>;
  agency_id: string;
  year: number;
  series: string;
  number: number;
  dossier_id: string;
  transaction_row_id: string | null;
  kind: "payment" | "refund" | "replacement";
  payer_name: string;
  items: Json<PaymentRequestItem[]>;
  amount: Money;
  issued_at: Date;
  issued_by: string | null;
  verification_code: string;
  replaces_receipt_id: string | null;
  cancelled_at: Date | null;
  cancelled_reason: string | null;
}

export interface ReconciliationDaysTable {
  day: string;
  fetched_at: Date;
  statement_lines: number;
  statement_total: Money;
  recorded_total: Money;
  matched: number;
}

export interface ReconciliationDifferencesTable {
  id: Generated<string>;
  day: string;
  kind: "unknownHere" | "missingThere" | "amountMismatch";
  transaction_id: string;
  agency_id: string | null;
  dossier_code: string | null;
  statement_amount: Money | null;
  recorded_amount: Money | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolution: string | null;
}

export interface RefundsTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  transaction_row_id: string;
  amount: Money;
  reason: string;
  status: "requested" | "sent" | "confirmed";
  platform_refund_id: string | null;
  requested_by: string | null;
  requested_at: Date;
  sent_at: Date | null;
  confirmed_at: Date | null;
  receipt_id: string | null;
}

export interface PaymentTables {
  fee_items: FeeItemsTable;
  payment_requests: PaymentRequestsTable;
  payment_transactions: PaymentTransactionsTable;
  receipt_sequences: ReceiptSequencesTable;
  receipts: ReceiptsTable;
  reconciliation_days: ReconciliationDaysTable;
  reconciliation_differences: ReconciliationDifferencesTable;
  refunds: RefundsTable;
}
