import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { decidingAgencyIds } from "./decidingAgencies.ts";
import { localDate, localMidnight } from "./period.ts";
import type { StatisticsScope } from "./scope.ts";

/**
 * The dossiers open right now, as the inboxes count them: waiting for reception (status 1) and those past the
 * 8-working-hour reception limit (R-RECV-1, `reception_due_at`); in process (2, 4, 5, 6, 7); and among those whose
 * clock runs (2, 4, 6 — a supplement wait pauses it, R-SUPP-3) the ones due later today and the overdue ones.
 */
export interface LiveFigures {
  waitingReception: number;
  waitingReceptionOverdue: number;
  inProcess: number;
  dueToday: number;
  overdue: number;
}

export interface LiveGroup extends LiveFigures {
  id: string | null;
  name: string | null;
}

export interface LiveCounts {
  asOf: string;
  totals: LiveFigures;
  byAgency: LiveGroup[];
  byUnit: (LiveGroup & { agencyName: string | null })[];
  byOfficer: (LiveGroup & { agencyName: string | null })[];
}

export const OPEN_STATUSES = [1, 2, 4, 5, 6, 7] as const;
export const IN_PROCESS_STATUSES = [2, 4, 5, 6, 7] as const;
export const CLOCK_RUNNING_STATUSES = [2, 4, 6] as const;

/** End of the current day in Hà Nội: "due today" runs from now to then. */
export function endOfToday(now: Date): Date {
  const { year, month, day } = localDate(now);
  return localMidnight(year, month, day + 1);
}

function zero(): LiveFigures {
  return { waitingReception: 0, waitingReceptionOverdue: 0, inProcess: 0, dueToday: 0, overdue: 0 };
}

function add(into: LiveFigures, row: LiveFigures): void {
  into.waitingReception += row.waitingReception;
  into.waitingReceptionOverdue += row.waitingReceptionOverdue;
  into.inProcess += row.inProcess;
  into.dueToday += row.dueToday;
  into.overdue += row.overdue;
}

export async function liveCounts(
  db: Kysely<Database>,
  scope: StatisticsScope,
  now: Date,
): Promise<LiveCounts> {
  const todayEnd = endOfToday(now);
  // One pass over the open dossiers (a partial index holds exactly them), grouped finely; coarser groups are sums.
  const rows = await db
    .selectFrom("dossiers as d")
    .select([
      "d.deciding_agency_id as agencyId",
      "d.current_unit_id as unitId",
      "d.current_assignee_id as officerId",
      sql<number>`count(*) filter (where d.status = 1)::int`.as("waitingReception"),
      sql<number>`count(*) filter (where d.status = 1 and d.reception_due_at < ${now})::int`.as(
        "waitingReceptionOverdue",
      ),
      sql<number>`count(*) filter (where d.status in (2, 4, 5, 6, 7))::int`.as("inProcess"),
      sql<number>`count(*) filter (where d.status in (2, 4, 6) and d.due_at >= ${now} and d.due_at < ${todayEnd})::int`.as(
        "dueToday",
      ),
      // R-LATE-3 clarified: overdue against the appointment before any extension (judgedAppointment).
      sql<number>`count(*) filter (where d.status in (2, 4, 6) and coalesce(d.original_due_at, d.due_at) < ${now})::int`.as(
        "overdue",
      ),
    ])
    .where("d.status", "in", [...OPEN_STATUSES])
    .$if(scope.agencyIds !== null, (query) =>
      query.where("d.deciding_agency_id", "in", scope.agencyIds ?? []),
    )
    .groupBy(["d.deciding_agency_id", "d.current_unit_id", "d.current_assignee_id"])
    .execute();

  const totals = zero();
  const agencies = new Map<string, LiveFigures>();
  // Issue #19: every deciding agency in scope is listed, with zero when it has no open dossier.
  for (const agencyId of await decidingAgencyIds(db, scope.agencyIds)) agencies.set(agencyId, zero());
  const units = new Map<string, LiveFigures & { agencyId: string }>();
  const officers = new Map<string, LiveFigures & { agencyId: string }>();
  for (const row of rows) {
    add(totals, row);
    const agency = agencies.get(row.agencyId) ?? zero();
    add(agency, row);
    agencies.set(row.agencyId, agency);
    if (row.unitId) {
      const unit = units.get(row.unitId) ?? { ...zero(), agencyId: row.agencyId };
      add(unit, row);
      units.set(row.unitId, unit);
    }
    if (row.officerId) {
      const officer = officers.get(row.officerId) ?? { ...zero(), agencyId: row.agencyId };
      add(officer, row);
      officers.set(row.officerId, officer);
    }
  }
  const agencyNames = await namesOf(db, "agencies", [
    ...agencies.keys(),
    ...[...units.values(), ...officers.values()].map((x) => x.agencyId),
  ]);
  const unitNames = await namesOf(db, "units", [...units.keys()]);
  const officerNames = await namesOf(db, "users", [...officers.keys()]);
  const byLoad = (a: LiveGroup, b: LiveGroup) => b.overdue - a.overdue || b.inProcess - a.inProcess;
  return {
    asOf: now.toISOString(),
    totals,
    byAgency: [...agencies]
      .map(([id, figures]) => ({ id, name: agencyNames.get(id) ?? null, ...figures }))
      .sort(byLoad),
    byUnit: [...units]
      .map(([id, { agencyId, ...figures }]) => ({
        id,
        name: unitNames.get(id) ?? null,
        agencyName: agencyNames.get(agencyId) ?? null,
        ...figures,
      }))
      .sort(byLoad),
    byOfficer: [...officers]
      .map(([id, { agencyId, ...figures }]) => ({
        id,
        name: officerNames.get(id) ?? null,
        agencyName: agencyNames.get(agencyId) ?? null,
        ...figures,
      }))
      .sort(byLoad),
  };
}

/** Display names of agencies, units or officers by id. */
export async function namesOf(
  db: Kysely<Database>,
  table: "agencies" | "units" | "users",
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  if (table === "users") {
    const rows = await db
      .selectFrom("users")
      .select(["id", "full_name as name"])
      .where("id", "in", unique)
      .execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }
  const rows = await db.selectFrom(table).select(["id", "name"]).where("id", "in", unique).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
