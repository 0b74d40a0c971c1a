import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * Dossiers whose processing ended in [from, to) by agency, split by the R-KPI-4 verdict projected on each dossier
 * (`classifyTimeliness`, see projectTimeliness.ts). This is the on-time part of 766 indicator 2.1 and of the R-OPS-5
 * monthly report; other modules (the 766 index) read it from here. Dossiers with no verdict to give (no appointment
 * nor legal time) are not counted.
 */
export interface OnTimeCounts {
  agencyId: string;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
}

export async function onTimeCountsByAgency(
  db: Kysely<Database>,
  query: { from: Date; to: Date; agencyIds: readonly string[] | null },
): Promise<OnTimeCounts[]> {
  if (query.agencyIds !== null && query.agencyIds.length === 0) return [];
  return db
    .selectFrom("dossiers")
    .select([
      "deciding_agency_id as agencyId",
      sql<number>`count(*)::int`.as("resolved"),
      sql<number>`count(*) filter (where timeliness_verdict = 'early')::int`.as("early"),
      sql<number>`count(*) filter (where timeliness_verdict = 'onTime')::int`.as("onTime"),
      sql<number>`count(*) filter (where timeliness_verdict = 'late')::int`.as("late"),
    ])
    .where("timeliness_end_at", ">=", query.from)
    .where("timeliness_end_at", "<", query.to)
    .where("timeliness_verdict", "in", ["early", "onTime", "late"])
    .$if(query.agencyIds !== null, (q) => q.where("deciding_agency_id", "in", query.agencyIds ?? []))
    .groupBy("deciding_agency_id")
    .execute();
}

/** (early + on time) / resolved in percent with two decimals (R-KPI-2), or null when nothing was resolved. */
export function onTimeRate(counts: { resolved: number; early: number; onTime: number }): number | null {
  if (counts.resolved === 0) return null;
  return Math.round(((counts.early + counts.onTime) * 10_000) / counts.resolved) / 100;
}
