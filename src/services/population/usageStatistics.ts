import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { StatisticsScope } from "../statistics/scope.ts";

export interface UsageRow {
  /** `YYYY-MM`, Vietnam time. */
  month: string;
  /** Null: queries the citizens' own forms made on the portal. */
  agency: { id: string; code: string; name: string } | null;
  queries: number;
  prefill: number;
  submissionCheck: number;
  officerCheck: number;
  unavailable: number;
}

/**
 * How much OneStop used the population database, per asking agency and month (issue #14; 004_… Đ20: the police get
 * usage statistics): from the first day of `fromMonth` to the last of `toMonth`, Vietnam time. A scope limited to
 * some agencies counts only their officers' queries (the portal's own are the province's).
 */
export async function populationUsage(
  db: Kysely<Database>,
  input: { scope: StatisticsScope; fromMonth: string; toMonth: string },
): Promise<UsageRow[]> {
  const start = new Date(`${input.fromMonth}-01T00:00:00+07:00`);
  const [year, month] = input.toMonth.split("-").map(Number) as [number, number];
  const end = new Date(
    `${month === 12 ? year + 1 : year}-${String((month % 12) + 1).padStart(2, "0")}-01T00:00:00+07:00`,
  );
  const monthOf = sql<string>`to_char(l.at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM')`;
  const count = (condition: ReturnType<typeof sql>) => sql<string>`count(*) filter (where ${condition})`;
  let query = db
    .selectFrom("population_access_log as l")
    .leftJoin("agencies as a", "a.id", "l.agency_id")
    .select([
      monthOf.as("month"),
      "a.id as agency_id",
      "a.code as agency_code",
      "a.name as agency_name",
      sql<string>`count(*)`.as("queries"),
      count(sql`l.purpose = 'prefill'`).as("prefill"),
      count(sql`l.purpose = 'submission_check'`).as("submission_check"),
      count(sql`l.purpose = 'officer_check'`).as("officer_check"),
      count(sql`l.outcome = 'unavailable'`).as("unavailable"),
    ])
    .where("l.at", ">=", start)
    .where("l.at", "<", end);
  if (input.scope.agencyIds !== null) query = query.where("l.agency_id", "in", input.scope.agencyIds);
  const rows = await query
    .groupBy([monthOf, "a.id", "a.code", "a.name"])
    .orderBy("month")
    .orderBy("a.code")
    .execute();
  return rows.map((row) => ({
    month: row.month,
    agency:
      row.agency_id && row.agency_code && row.agency_name
        ? { id: row.agency_id, code: row.agency_code, name: row.agency_name }
        : null,
    queries: Number(row.queries),
    prefill: Number(row.prefill),
    submissionCheck: Number(row.submission_check),
    officerCheck: Number(row.officer_check),
    unavailable: Number(row.unavailable),
  }));
}
