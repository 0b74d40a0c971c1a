import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { takeKpiMonthSnapshot } from "../services/kpi/kpiMonthSnapshot.ts";
import { previousMonth } from "./lateListPublication.ts";

/**
 * When a month closes, takes its month-end snapshot of the 766 verdicts once (issue #21, R-KPI-5; the snapshot
 * and why a closed month is frozen: services/kpi/kpiMonthSnapshot.ts). Runs on the scheduler's tick in every
 * process: a read of the month's key first (no lock while it is taken), then `takeKpiMonthSnapshot`, which an
 * advisory lock and the month's primary key make safe when several processes try at once. Returns the month taken
 * by this call, if any.
 */
export async function closeLastKpiMonth(db: Kysely<Database>, now: Date): Promise<string | undefined> {
  const month = previousMonth(now);
  const taken = await sql`select 1 from kpi_month_snapshots where month = ${`${month}-01`}`.execute(db);
  if (taken.rows.length > 0) return undefined;
  return (await takeKpiMonthSnapshot(db, month, now)) ? month : undefined;
}
