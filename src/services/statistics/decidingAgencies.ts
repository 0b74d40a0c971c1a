import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * The agencies in scope that decide dossiers (they offer at least one procedure), so that a breakdown by agency lists
 * every one of them, with zero where nothing happened (issue #19 "agencies with zero are listed"), instead of only
 * those that had dossiers.
 */
export async function decidingAgencyIds(
  db: Kysely<Database>,
  agencyIds: readonly string[] | null,
): Promise<string[]> {
  if (agencyIds !== null && agencyIds.length === 0) return [];
  const rows = await db
    .selectFrom("procedure_offerings")
    .select("agency_id")
    .distinct()
    .where("enabled", "=", true)
    .$if(agencyIds !== null, (query) => query.where("agency_id", "in", agencyIds ?? []))
    .execute();
  return rows.map((row) => row.agency_id);
}
