import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { buildDossierCode } from "../../domain/codes/dossierCode.ts";
import { provinceLocalDate } from "../../domain/codes/provinceDate.ts";

/**
 * The next dossier code of an agency for the day of `at` (R-CODE-1). The counter row is incremented in the caller's
 * transaction: it stays locked until that transaction ends, so concurrent receptions in one agency get consecutive
 * numbers, and a transaction that rolls back takes its number back with it (no gaps, no duplicates).
 */
export async function nextDossierCode(
  trx: Transaction<Database>,
  agency: { id: string; code: string },
  at: Date,
): Promise<string> {
  const { last_sequence } = await trx
    .insertInto("dossier_code_counters")
    .values({ agency_id: agency.id, day: provinceLocalDate(at), last_sequence: 1 })
    .onConflict((oc) =>
      oc
        .columns(["agency_id", "day"])
        .doUpdateSet({ last_sequence: sql<number>`dossier_code_counters.last_sequence + 1` }),
    )
    .returning("last_sequence")
    .executeTakeFirstOrThrow();
  return buildDossierCode({ agencyId: agency.code, receivedAt: at, sequence: last_sequence });
}
