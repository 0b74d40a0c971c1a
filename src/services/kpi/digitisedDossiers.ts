import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { digitisationShortfall } from "../../domain/digitisation/digitisedCount.ts";
import type { Period } from "../statistics/period.ts";
import type { KpiDossier } from "./kpiPopulations.ts";
import { agencyFilter } from "./scopeFilter.ts";

/**
 * The dossiers received in the period (by deciding agency in scope), each with whether it counts as digitised: every
 * component electronic (born digital online, or digitised at the counter: scan checked, metadata recorded, signed by
 * the officer; or exempted with its reason) and, once there is a result, the result signed by the approving leader
 * (R-RECV-7, R-DIG-1/2, R-RES-1; src/domain/digitisation/digitisedCount.ts, issue #16).
 *
 * The one computation of digitisation: the 766 index (indicator 4.2) and the dashboard's digitised share both count
 * it (issue #19 "the dashboard and the 766 page count digitisation the same way").
 */
export async function digitisationPopulation(
  db: Kysely<Database>,
  query: { agencyIds: readonly string[] | null; period: Pick<Period, "from" | "to"> },
): Promise<KpiDossier[]> {
  if (query.agencyIds !== null && query.agencyIds.length === 0) return [];
  const rows = await db
    .selectFrom("dossiers as d")
    .select(["d.id", "d.channel", "d.status"])
    .select((eb) => [
      eb
        .selectFrom("dossier_files as f")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("f.dossier_id", "=", "d.id")
        .where("f.purpose", "=", "component")
        .as("components"),
      eb
        .selectFrom("dossier_files as f")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("f.dossier_id", "=", "d.id")
        .where("f.purpose", "=", "component")
        .where((inner) =>
          inner.exists(
            inner.selectFrom("digitisations as g").select("g.id").whereRef("g.file_id", "=", "f.id"),
          ),
        )
        .as("digitized"),
      // Components exempted without a file (a paper only shown, R-RECV-7).
      eb
        .selectFrom("digitisations as g")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("g.dossier_id", "=", "d.id")
        .where("g.kind", "=", "component")
        .where("g.file_id", "is", null)
        .where("g.exempt_reason", "is not", null)
        .as("exemptWithoutFile"),
      eb
        .selectFrom("digitisations as g")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("g.dossier_id", "=", "d.id")
        .where("g.kind", "=", "result")
        .where("g.file_id", "is not", null)
        .as("signedResults"),
      eb
        .selectFrom("dossier_files as f")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("f.dossier_id", "=", "d.id")
        .where("f.purpose", "=", "result")
        .as("results"),
    ])
    .where("d.received_at", ">=", query.period.from)
    .where("d.received_at", "<", query.period.to)
    .where(agencyFilter("d.deciding_agency_id", query.agencyIds))
    .execute();
  return rows.map((row) => {
    const files = Number(row.components ?? 0);
    const digitised = Number(row.digitized ?? 0);
    const shortfall = digitisationShortfall({
      channel: row.channel,
      components: [
        ...Array.from({ length: files }, (_, index) => ({ digitised: index < digitised, exempt: false })),
        ...Array.from({ length: Number(row.exemptWithoutFile ?? 0) }, () => ({
          digitised: false,
          exempt: true,
        })),
      ],
      hasResultStatus: [9, 10].includes(row.status),
      results: Number(row.results ?? 0),
      digitisedResults: Number(row.signedResults ?? 0),
    });
    return shortfall === null ? { id: row.id, meets: true } : { id: row.id, meets: false, reason: shortfall };
  });
}
