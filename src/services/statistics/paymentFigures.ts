import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { paymentIndicators } from "../payments/paymentIndicators.ts";
import { namesOf } from "./liveCounts.ts";
import type { Period } from "./period.ts";
import type { StatisticsScope } from "./scope.ts";

/** Money collected by one agency in one calendar month (Hà Nội time), split online / at the counter (R-FEE-1). */
export interface MonthlyCollection {
  agencyId: string;
  name: string | null;
  /** YYYY-MM */
  month: string;
  online: number;
  counter: number;
}

export interface PaymentFigures {
  /** Dossiers paid online / dossiers with a financial obligation in the period (R-KPI table 3.6), null without any. */
  onlinePaymentShare: number | null;
  paidOnlineDossiers: number;
  dossiersWithObligation: number;
  collections: MonthlyCollection[];
  /** Reconciliation differences still open (R-FEE-2), whatever day they were found. */
  unreconciledDifferences: number;
}

/**
 * The payment figures of the dashboard (issue #15: "the online payment share, amounts per agency and month,
 * unreconciled items come from this data"), in the same scope as the other period figures.
 */
export async function paymentFigures(
  db: Kysely<Database>,
  scope: StatisticsScope,
  period: Pick<Period, "from" | "to">,
): Promise<PaymentFigures> {
  const inScope = scope.agencyIds;
  const [indicators, collectedRows, openRow] = await Promise.all([
    paymentIndicators(db, { agencyIds: inScope, period }),
    db
      .selectFrom("payment_transactions")
      .select([
        "agency_id as agencyId",
        sql<string>`to_char(paid_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM')`.as("month"),
        sql<boolean>`method in ('onlineNational', 'onlineProvincial')`.as("online"),
        sql<string>`sum(amount)::text`.as("total"),
      ])
      .where("outcome", "=", "accepted")
      .where("paid_at", ">=", period.from)
      .where("paid_at", "<", period.to)
      .$if(inScope !== null, (q) => q.where("agency_id", "in", inScope ?? []))
      .groupBy(["agency_id", sql`2`, sql`3`])
      .execute(),
    db
      .selectFrom("reconciliation_differences")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("resolved_at", "is", null)
      // A difference not tied to an agency (a line unknown here) is the province's to read.
      .$if(inScope !== null, (q) => q.where("agency_id", "in", inScope ?? []))
      .executeTakeFirstOrThrow(),
  ]);
  const byKey = new Map<string, MonthlyCollection>();
  for (const row of collectedRows) {
    const key = `${row.agencyId}|${row.month}`;
    let collection = byKey.get(key);
    if (!collection) {
      collection = { agencyId: row.agencyId, name: null, month: row.month, online: 0, counter: 0 };
      byKey.set(key, collection);
    }
    collection[row.online ? "online" : "counter"] += Number(row.total);
  }
  const names = await namesOf(db, "agencies", [...new Set([...byKey.values()].map((c) => c.agencyId))]);
  const collections = [...byKey.values()]
    .map((collection) => ({ ...collection, name: names.get(collection.agencyId) ?? null }))
    .sort((a, b) => a.month.localeCompare(b.month) || (a.name ?? "").localeCompare(b.name ?? "", "vi"));
  const measure = indicators["3.6"];
  return {
    onlinePaymentShare:
      measure.denominator === 0 ? null : Math.round((measure.numerator * 10_000) / measure.denominator) / 100,
    paidOnlineDossiers: measure.numerator,
    dossiersWithObligation: measure.denominator,
    collections,
    unreconciledDifferences: openRow.n,
  };
}
