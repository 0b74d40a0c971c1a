import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { ReconciliationDifference } from "../../db/syncTables.ts";
import { provinceLocalDate } from "../../domain/codes/provinceDate.ts";

/** One row of DVCQG's statistics: dossiers per submission day (province) and current status. */
export interface StatisticsRow {
  day: string;
  status: number;
  count: number;
}

/** Reads DVCQG's statistics for a period (the port; the HTTP one is `fetchDvcqgStatistics`). */
export type StatisticsSource = (fromDay: string, toDay: string) => Promise<StatisticsRow[]>;

/** DVCQG's statistics over HTTP (the simulator's `GET /statistics`), with the sync's bearer token. */
export function fetchDvcqgStatistics(url: string, token: string, timeoutMs: number): StatisticsSource {
  return async (fromDay, toDay) => {
    const address = new URL(url);
    address.searchParams.set("from", fromDay);
    address.searchParams.set("to", toDay);
    const response = await fetch(address, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`Cổng DVCQG trả lời HTTP ${response.status} khi lấy số liệu thống kê`);
    const body = (await response.json()) as { rows: StatisticsRow[] };
    return body.rows;
  };
}

/**
 * The differences between our counts and DVCQG's, per day and status (pure): every pair where they differ, in day and
 * status order.
 */
export function compareCounts(
  ours: readonly StatisticsRow[],
  theirs: readonly StatisticsRow[],
): ReconciliationDifference[] {
  const table = new Map<string, ReconciliationDifference>();
  const entry = (day: string, status: number) => {
    const key = `${day}|${status}`;
    let row = table.get(key);
    if (!row) {
      row = { day, status, ours: 0, theirs: 0 };
      table.set(key, row);
    }
    return row;
  };
  for (const row of ours) entry(row.day, row.status).ours += row.count;
  for (const row of theirs) entry(row.day, row.status).theirs += row.count;
  return [...table.values()]
    .filter((row) => row.ours !== row.theirs)
    .sort((a, b) => a.day.localeCompare(b.day) || a.status - b.status);
}

/**
 * Our counts per submission day (province) and status of the dossiers DVCQG should hold: every dossier but the
 * history marked as already synchronised before the sync existed.
 */
export async function ourCounts(
  db: Kysely<Database>,
  fromDay: string,
  toDay: string,
): Promise<StatisticsRow[]> {
  const { rows } = await sql<{ day: string; status: number; count: string }>`
    select to_char(d.submitted_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as day, d.status, count(*) as count
      from dossiers d
      left join dvcqg_sync_states s on s.dossier_id = d.id
     where (s.state is null or s.state <> 'baseline')
       and d.submitted_at >= (${fromDay}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'
       and d.submitted_at < (${toDay}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
     group by 1, 2`.execute(db);
  return rows.map((row) => ({ day: row.day, status: Number(row.status), count: Number(row.count) }));
}

export interface ReconciliationReport {
  id: string;
  ranAt: string;
  fromDay: string;
  toDay: string;
  oursTotal: number;
  theirsTotal: number | null;
  differences: ReconciliationDifference[];
  error: string | null;
}

/**
 * The daily reconciliation (issue #13, R-SYNC-1: the 766 figure is compared with the national reporting system):
 * counts per day and status on both sides over the last `days` days, stored with their differences (or with the error
 * when DVCQG could not be asked).
 */
export async function reconcileWithDvcqg(
  db: Kysely<Database>,
  source: StatisticsSource,
  now: Date,
  days = 30,
): Promise<ReconciliationReport> {
  const toDay = provinceLocalDate(now);
  const fromDay = provinceLocalDate(new Date(now.getTime() - (days - 1) * 86_400_000));
  const ours = await ourCounts(db, fromDay, toDay);
  const oursTotal = ours.reduce((sum, row) => sum + row.count, 0);
  let theirs: StatisticsRow[] | null = null;
  let error: string | null = null;
  try {
    theirs = await source(fromDay, toDay);
  } catch (failure) {
    error = (failure as Error).message;
  }
  const differences = theirs ? compareCounts(ours, theirs) : [];
  const row = await db
    .insertInto("dvcqg_reconciliations")
    .values({
      ran_at: now,
      from_day: fromDay,
      to_day: toDay,
      ours_total: oursTotal,
      theirs_total: theirs ? theirs.reduce((sum, item) => sum + item.count, 0) : null,
      differences: JSON.stringify(differences),
      error,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    ranAt: now.toISOString(),
    fromDay,
    toDay,
    oursTotal,
    theirsTotal: theirs ? theirs.reduce((sum, item) => sum + item.count, 0) : null,
    differences,
    error,
  };
}

/** Has the reconciliation already run on the province's current day? (It runs once a day, whichever process.) */
export async function reconciledToday(db: Kysely<Database>, now: Date): Promise<boolean> {
  const today = provinceLocalDate(now);
  const start = new Date(`${today}T00:00:00+07:00`);
  const row = await db
    .selectFrom("dvcqg_reconciliations")
    .select("id")
    .where("ran_at", ">=", start)
    .executeTakeFirst();
  return row !== undefined;
}
