import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Period } from "./period.ts";
import type { StatisticsScope } from "./scope.ts";

/**
 * Work statistics per officer account (R-ACC-2, S2 Đ5.3): the workflow steps each officer completed in the period
 * and how many after the step's own deadline, and the steps open now and overdue. A step is the officer's unit of
 * work on the control sheet (R-FORM-4), so lateness is attributed to the person who held the late step.
 */
export interface OfficerWorkload {
  officerId: string;
  name: string;
  agencyName: string;
  done: number;
  doneLate: number;
  open: number;
  openOverdue: number;
}

export async function officerWorkload(
  db: Kysely<Database>,
  scope: StatisticsScope,
  period: Pick<Period, "from" | "to">,
  now: Date,
): Promise<OfficerWorkload[]> {
  const agencyIds = scope.agencyIds;
  const [done, open] = await Promise.all([
    db
      .selectFrom("tasks")
      .select([
        "assignee_id as officerId",
        "agency_id as agencyId",
        sql<number>`count(*)::int`.as("done"),
        sql<number>`count(*) filter (where due_at is not null and completed_at > due_at)::int`.as("doneLate"),
      ])
      .where("status", "=", "done")
      .where("completed_at", ">=", period.from)
      .where("completed_at", "<", period.to)
      .where("assignee_id", "is not", null)
      .$if(agencyIds !== null, (q) => q.where("agency_id", "in", agencyIds ?? []))
      .groupBy(["assignee_id", "agency_id"])
      .execute(),
    db
      .selectFrom("tasks")
      .select([
        "assignee_id as officerId",
        "agency_id as agencyId",
        sql<number>`count(*)::int`.as("open"),
        sql<number>`count(*) filter (where due_at < ${now})::int`.as("openOverdue"),
      ])
      .where("status", "=", "open")
      .where("assignee_id", "is not", null)
      .$if(agencyIds !== null, (q) => q.where("agency_id", "in", agencyIds ?? []))
      .groupBy(["assignee_id", "agency_id"])
      .execute(),
  ]);
  const byKey = new Map<string, Omit<OfficerWorkload, "name" | "agencyName"> & { agencyId: string }>();
  const entry = (officerId: string, agencyId: string) => {
    const key = `${officerId}/${agencyId}`;
    let found = byKey.get(key);
    if (!found) {
      found = { officerId, agencyId, done: 0, doneLate: 0, open: 0, openOverdue: 0 };
      byKey.set(key, found);
    }
    return found;
  };
  for (const row of done)
    Object.assign(entry(row.officerId as string, row.agencyId), { done: row.done, doneLate: row.doneLate });
  for (const row of open)
    Object.assign(entry(row.officerId as string, row.agencyId), {
      open: row.open,
      openOverdue: row.openOverdue,
    });
  const entries = [...byKey.values()];
  if (entries.length === 0) return [];
  const [users, agencies] = await Promise.all([
    db
      .selectFrom("users")
      .select(["id", "full_name"])
      .where("id", "in", [...new Set(entries.map((e) => e.officerId))])
      .execute(),
    db
      .selectFrom("agencies")
      .select(["id", "name"])
      .where("id", "in", [...new Set(entries.map((e) => e.agencyId))])
      .execute(),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.full_name]));
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  return entries
    .map(({ agencyId, ...figures }) => ({
      ...figures,
      name: userName.get(figures.officerId) ?? "",
      agencyName: agencyName.get(agencyId) ?? "",
    }))
    .sort((a, b) => a.agencyName.localeCompare(b.agencyName, "vi") || a.name.localeCompare(b.name, "vi"));
}
