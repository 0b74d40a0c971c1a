import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { KpiDossier, KpiQuery } from "./kpiPopulations.ts";
import { agencyFilter } from "./scopeFilter.ts";

/**
 * 766 indicator 4.4 (issue #16): dossiers linked with the applicant's personal data store — at least one component
 * taken from the store (DuocLayTuKhoDMQG = 1) or the result pushed into it — over the dossiers received in the
 * period, by the deciding agency.
 *
 * Assumption (R-KHO-1): the rules' definition names the national portal's store (Kho DVCQG). OneStop has no feed of
 * that store; what it has is the provincial DataStore, which R-KHO-1 requires to be connected with the national one.
 * So a dossier counts when a component reused a document of OneStop's store (`data_store_reuses`, sent to the
 * national portal as DuocTaiSuDung) or when its result landed in the applicant's store (`data_store_documents` with
 * source `result`, written in the approval's transaction). A paper applicant without an account has no store, and
 * their dossier counts in the denominator only, as the national formula counts it.
 */
export async function storeLinkPopulation(db: Kysely<Database>, query: KpiQuery): Promise<KpiDossier[]> {
  if (query.agencyIds !== null && query.agencyIds.length === 0) return [];
  const rows = await db
    .selectFrom("dossiers as d")
    .select("d.id")
    .select((eb) => [
      eb
        .selectFrom("data_store_reuses as r")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("r.dossier_id", "=", "d.id")
        .as("taken"),
      eb
        .selectFrom("data_store_documents as s")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("s.source_dossier_id", "=", "d.id")
        .where("s.source", "=", "result")
        .as("pushed"),
    ])
    .where("d.received_at", ">=", query.period.from)
    .where("d.received_at", "<", query.period.to)
    .where(agencyFilter("d.deciding_agency_id", query.agencyIds))
    .execute();
  return rows.map((row) =>
    Number(row.taken ?? 0) > 0 || Number(row.pushed ?? 0) > 0
      ? { id: row.id, meets: true }
      : { id: row.id, meets: false, reason: "NOT_LINKED_TO_STORE" },
  );
}
