import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { AdminScope } from "../admin/adminScope.ts";

/** The agency's archival packages with their last integrity check, broken ones first (R-ARC-2). */
export async function listPackages(db: Kysely<Database>, scope: AdminScope, { brokenOnly = false } = {}) {
  const rows = await db
    .selectFrom("archive_packages as p")
    .innerJoin("agencies as a", "a.id", "p.agency_id")
    .select([
      "p.id",
      "p.dossier_code",
      "a.name as agency_name",
      "p.closed_at",
      "p.status",
      "p.sha256",
      "p.size_bytes",
      "p.retention_years",
      "p.dispose_after",
      "p.checked_at",
      "p.check_ok",
      "p.check_problems",
    ])
    .$if(!scope.all, (query) =>
      query.where("p.agency_id", "in", [
        ...(scope.all ? [] : scope.agencyIds),
        "00000000-0000-0000-0000-000000000000",
      ]),
    )
    .$if(brokenOnly, (query) => query.where("p.check_ok", "=", false))
    .orderBy((eb) => eb.fn.coalesce("p.check_ok", eb.val(true)))
    .orderBy("p.closed_at", "desc")
    .limit(500)
    .execute();
  const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());
  return rows.map((row) => ({
    id: row.id,
    dossierCode: row.dossier_code,
    agencyName: row.agency_name,
    closedAt: iso(row.closed_at)!,
    status: row.status,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    retentionYears: row.retention_years,
    disposeAfter: iso(row.dispose_after),
    checkedAt: iso(row.checked_at),
    checkOk: row.check_ok,
    problems: row.check_problems ?? [],
  }));
}
