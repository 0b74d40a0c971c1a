import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { LateAgencyEntry, LateOfficerEntry } from "../../db/statisticsTables.ts";
import { namesOf } from "./liveCounts.ts";
import { onTimeCountsByAgency } from "./onTimeCounts.ts";
import type { Period } from "./period.ts";

/**
 * Who was late in a month (R-LATE-4): agencies with at least one dossier whose processing ended late by R-KPI-4, and
 * officers who completed at least one workflow step after its deadline (the step is the unit of personal
 * responsibility on the control sheet, R-FORM-4; S2 Đ5.3 keeps statistics per officer account). Officers are
 * identified for publication by name and agency only.
 */
export async function lateListOf(
  db: Kysely<Database>,
  period: Pick<Period, "from" | "to">,
): Promise<{ agencies: LateAgencyEntry[]; officers: LateOfficerEntry[] }> {
  const counts = (await onTimeCountsByAgency(db, { ...period, agencyIds: null })).filter(
    (row) => row.late > 0,
  );
  const agencyNames = await namesOf(
    db,
    "agencies",
    counts.map((row) => row.agencyId),
  );
  const agencies = counts
    .map((row) => ({
      agencyId: row.agencyId,
      agencyName: agencyNames.get(row.agencyId) ?? "",
      resolved: row.resolved,
      late: row.late,
    }))
    .sort((a, b) => b.late - a.late || a.agencyName.localeCompare(b.agencyName, "vi"));

  const lateSteps = await db
    .selectFrom("tasks as t")
    .innerJoin("users as u", "u.id", "t.assignee_id")
    .innerJoin("agencies as a", "a.id", "t.agency_id")
    .select([
      "u.full_name as officerName",
      "a.name as agencyName",
      (eb) => eb.fn.countAll<number>().as("lateSteps"),
    ])
    .where("t.status", "=", "done")
    .where("t.completed_at", ">=", period.from)
    .where("t.completed_at", "<", period.to)
    .whereRef("t.completed_at", ">", "t.due_at")
    .groupBy(["u.id", "u.full_name", "a.id", "a.name"])
    .execute();
  const officers = lateSteps
    .map((row) => ({
      officerName: row.officerName,
      agencyName: row.agencyName,
      lateSteps: Number(row.lateSteps),
    }))
    .sort(
      (a, b) =>
        b.lateSteps - a.lateSteps ||
        a.agencyName.localeCompare(b.agencyName, "vi") ||
        a.officerName.localeCompare(b.officerName, "vi"),
    );
  return { agencies, officers };
}
