import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { type PaymentMethod, paidOnlineCode } from "../../domain/fees/paymentChecks.ts";

export interface PaymentMeasure {
  numerator: number;
  denominator: number;
}

/**
 * `DuocThanhToanTrucTuyen` of one dossier for the DVCQG sync (R-FEE-4, R-SYNC): 1 paid on the national platform,
 * 2 through the province's gateway, 3 paid but not online; undefined while nothing was paid.
 */
export async function dossierPaidOnlineCode(
  db: Kysely<Database>,
  dossierId: string,
): Promise<1 | 2 | 3 | undefined> {
  const rows = await db
    .selectFrom("payment_transactions")
    .select("method")
    .where("dossier_id", "=", dossierId)
    .where("outcome", "=", "accepted")
    .execute();
  return paidOnlineCode(rows.map((row) => row.method as PaymentMethod));
}

/**
 * The QĐ 766 payment indicators (R-KPI-3) of an agency set (null = the province) over a period:
 * - 3.5a: procedures with fees offered by the agencies whose online offering lets them be paid on the platform / fee
 *   procedures offered;
 * - 3.5b: fee procedures with an online payment accepted in the period / fee procedures offered;
 * - 3.6: dossiers asked to pay in the period that were paid online (DuocThanhToanTrucTuyen 1 or 2) / dossiers asked
 *   to pay in the period (the financial obligation).
 */
export async function paymentIndicators(
  db: Kysely<Database>,
  query: { agencyIds: readonly string[] | null; period: { from: Date; to: Date } },
): Promise<Record<"3.5a" | "3.5b" | "3.6", PaymentMeasure>> {
  const agencies = query.agencyIds;
  if (agencies !== null && agencies.length === 0) return { "3.5a": zero(), "3.5b": zero(), "3.6": zero() };
  const offerings = await db
    .selectFrom("procedure_offerings")
    .select(["procedure_id", "channels"])
    .where("enabled", "=", true)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("procedure_fees")
            .select(sql`1`.as("one"))
            .whereRef("procedure_fees.procedure_id", "=", "procedure_offerings.procedure_id")
            .where("procedure_fees.amount_vnd", ">", 0),
        ),
        eb.exists(
          eb
            .selectFrom("fee_items")
            .select(sql`1`.as("one"))
            .whereRef("fee_items.procedure_id", "=", "procedure_offerings.procedure_id"),
        ),
      ]),
    )
    .$if(agencies !== null, (qb) => qb.where("agency_id", "in", agencies as string[]))
    .execute();
  const feeProcedures = new Set(offerings.map((row) => row.procedure_id));
  const payableOnline = new Set(
    offerings
      .filter((row) => (Array.isArray(row.channels) ? row.channels : []).includes("online"))
      .map((row) => row.procedure_id),
  );
  const paidOnline = await db
    .selectFrom("payment_transactions")
    .innerJoin("dossiers", "dossiers.id", "payment_transactions.dossier_id")
    .select("dossiers.procedure_id")
    .distinct()
    .where("payment_transactions.outcome", "=", "accepted")
    .where("payment_transactions.method", "in", ["onlineNational", "onlineProvincial"])
    .where("payment_transactions.paid_at", ">=", query.period.from)
    .where("payment_transactions.paid_at", "<", query.period.to)
    .$if(agencies !== null, (qb) => qb.where("payment_transactions.agency_id", "in", agencies as string[]))
    .execute();
  const obligations = await db
    .selectFrom("payment_requests")
    .select([
      "payment_requests.dossier_id",
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom("payment_transactions")
              .select(sql`1`.as("one"))
              .whereRef("payment_transactions.dossier_id", "=", "payment_requests.dossier_id")
              .where("payment_transactions.outcome", "=", "accepted")
              .where("payment_transactions.method", "in", ["onlineNational", "onlineProvincial"]),
          )
          .as("online"),
    ])
    .distinct()
    .where("payment_requests.created_at", ">=", query.period.from)
    .where("payment_requests.created_at", "<", query.period.to)
    .$if(agencies !== null, (qb) => qb.where("payment_requests.agency_id", "in", agencies as string[]))
    .execute();
  const dossiers = new Map<string, boolean>();
  for (const row of obligations)
    dossiers.set(row.dossier_id, Boolean(row.online) || (dossiers.get(row.dossier_id) ?? false));
  return {
    "3.5a": {
      numerator: [...feeProcedures].filter((id) => payableOnline.has(id)).length,
      denominator: feeProcedures.size,
    },
    "3.5b": {
      numerator: paidOnline.filter((row) => feeProcedures.has(row.procedure_id)).length,
      denominator: feeProcedures.size,
    },
    "3.6": { numerator: [...dossiers.values()].filter(Boolean).length, denominator: dossiers.size },
  };
}

const zero = (): PaymentMeasure => ({ numerator: 0, denominator: 0 });
