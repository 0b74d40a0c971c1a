import type { Kysely } from "kysely";
import type { PaymentRequestItem } from "../../db/paymentTables.ts";
import type { Database } from "../../db/schema.ts";
import { isTerminalStatus, type PublicStatus } from "../../domain/dossier/status.ts";
import { assessFees, type FeeLine } from "../../domain/fees/assessFees.ts";
import type { DossierRecord } from "../dossiers/dossierStore.ts";
import { feeItemsFor } from "./feeCatalog.ts";

export interface OwedFees {
  /** Owed with the submission (the procedure says so) or asked for by processing (status 6, R-FEE-4). */
  purpose: "submission" | "processing";
  items: PaymentRequestItem[];
  /** The full breakdown, exempt lines included, for the applicant to read before paying. */
  lines: (FeeLine | PaymentRequestItem)[];
  total: number;
}

/** What the dossier's applicant owes right now, if anything (R-FEE-1, R-FEE-4). */
export async function owedFees(db: Kysely<Database>, record: DossierRecord): Promise<OwedFees | undefined> {
  const { row, state } = record;
  if (isTerminalStatus(row.status as PublicStatus)) return undefined;
  if (row.status === 6 && state.pendingPayment) {
    const items = state.pendingPayment.obligations.map((item) => ({
      code: null,
      name: item.name,
      amount: item.amount,
    }));
    return {
      purpose: "processing",
      items,
      lines: items,
      total: items.reduce((sum, item) => sum + item.amount, 0),
    };
  }
  const submission = await submissionAssessment(db, record);
  if (!submission || submission.total === 0) return undefined;
  const paid = await db
    .selectFrom("payment_requests")
    .select("id")
    .where("dossier_id", "=", row.id)
    .where("purpose", "=", "submission")
    .where("status", "=", "paid")
    .executeTakeFirst();
  return paid ? undefined : submission;
}

/** The items due with the submission, assessed on the dossier's form data and channel. */
export async function submissionAssessment(
  db: Kysely<Database>,
  record: DossierRecord,
): Promise<OwedFees | undefined> {
  const items = (await feeItemsFor(db, record.row.procedure_id, record.row.agency_id)).filter(
    (item) => item.due === "submission",
  );
  if (items.length === 0) return undefined;
  const form =
    typeof record.row.form_data === "string" ? JSON.parse(record.row.form_data) : record.row.form_data;
  const outcome = assessFees(items, { form: form ?? {}, channel: record.row.channel });
  if (!outcome.ok) return undefined;
  const lines = outcome.assessment.lines;
  return {
    purpose: "submission",
    items: lines.filter((line) => line.amount > 0).map(({ code, name, amount }) => ({ code, name, amount })),
    lines,
    total: outcome.assessment.total,
  };
}
