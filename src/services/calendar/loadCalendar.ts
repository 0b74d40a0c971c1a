import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { CalendarConfig, WorkingCalendar, YearCalendar } from "../../domain/calendar/types.ts";
import { createWorkingCalendar, DEFAULT_CALENDAR_CONFIG } from "../../domain/calendar/workingCalendar.ts";
import { NotFoundError } from "../errors.ts";

/**
 * The calendar configuration in force for an agency (R-CAL-3, R-CAL-4): the agency's own working intervals or the
 * province default, Monday–Friday, and every year an administrator set from the Government notice (years not set
 * fall back to the computed defaults of R-CAL-2 inside the domain).
 */
export type AgencyReference = { code: string } | { id: string };

export async function loadCalendarConfig(
  db: Kysely<Database>,
  agency?: AgencyReference,
): Promise<CalendarConfig> {
  let workingIntervals = DEFAULT_CALENDAR_CONFIG.workingIntervals;
  if (agency) {
    const found = await db
      .selectFrom("agencies")
      .select("working_intervals")
      .$call((query) =>
        "code" in agency ? query.where("code", "=", agency.code) : query.where("id", "=", agency.id),
      )
      .executeTakeFirst();
    const name = "code" in agency ? agency.code : agency.id;
    if (!found)
      throw new NotFoundError({
        vi: `Không tìm thấy cơ quan có mã ${name}`,
        en: `No agency with code ${name}`,
      });
    const agencyRow = found;
    if (agencyRow.working_intervals) workingIntervals = agencyRow.working_intervals;
  }

  const [years, days] = await Promise.all([
    db.selectFrom("calendar_years").select("year").execute(),
    db.selectFrom("calendar_days").select(["date", "year", "kind", "name"]).orderBy("date").execute(),
  ]);
  return calendarConfigOf(
    workingIntervals,
    years.map(({ year }) => year),
    days,
  );
}

/** The calendar rows as they are stored: the years an administrator set and their days (ordered by date). */
export interface CalendarDayRow {
  date: string;
  year: number;
  kind: string;
  name: string;
}

/** The configuration from the rows read: the agency's intervals (null: the province default), years and days. */
export function calendarConfigOf(
  intervals: CalendarConfig["workingIntervals"] | null,
  years: readonly number[],
  days: readonly CalendarDayRow[],
): CalendarConfig {
  const byYear: Record<number, YearCalendar> = {};
  for (const year of years) byYear[year] = { holidays: [], makeupDays: [] };
  for (const day of days) {
    const year = byYear[day.year]!;
    (day.kind === "holiday" ? year.holidays : year.makeupDays).push({ date: day.date, name: day.name });
  }
  return {
    workingIntervals: (intervals ?? DEFAULT_CALENDAR_CONFIG.workingIntervals).map((interval) => ({
      ...interval,
    })),
    workingWeekdays: [...DEFAULT_CALENDAR_CONFIG.workingWeekdays],
    years: byYear,
  };
}

/**
 * SQL giving, beside the agency's intervals, what a working calendar is built from (issue #21, migration 0044): the
 * calendar's stamp, which a statement trigger renews with every write to `calendar_years` or `calendar_days`, and,
 * only when that stamp is not the one this process last built from (the statement's one parameter, `known`), every
 * set year and every day as JSON text. Read inside a command's own statement, so an administrator's edit is seen by
 * the next command as before (R-CAL-3, R-CAL-4); while the calendar is unchanged a command reads one small row instead
 * of every day as JSON. Stamp and rows come from the same statement, so they always belong together.
 */
export function calendarColumnsSql(known: RawBuilder<unknown>) {
  return {
    stamp: sql<string>`(select stamp::text from calendar_version where id = 1)`,
    rows: sql<string | null>`(select case when v.stamp::text = ${known} then null else json_build_object(
             'years', (select coalesce(json_agg(year order by year), '[]') from calendar_years),
             'days', (select coalesce(json_agg(json_build_object('date', date, 'year', year, 'kind', kind,
                        'name', name) order by date), '[]') from calendar_days))::text end
           from calendar_version v where v.id = 1)`,
  };
}

/** The SQL of the rows alone, with their stamp: when a stamp came back without its rows and none were kept for it. */
const CALENDAR_ROWS_ONLY = sql<{ stamp: string; rows: string }>`
  select ${calendarColumnsSql(sql`''`).stamp} as stamp, ${calendarColumnsSql(sql`''`).rows} as rows`;

interface CalendarRows {
  years: number[];
  days: CalendarDayRow[];
}

/** The stamp this process last parsed rows for: what a statement sends as `known` (none yet: no stamp equals ''). */
let knownStamp = "";
/** The parsed rows of recent stamps (a process serves one database; tests serve several). */
const rowsOfStamp = new Map<string, CalendarRows>();
/** The calendars built, by stamp and the agency's intervals (text; null: the province default). */
const built = new Map<string, WorkingCalendar>();
const BUILT_MAX = 64;
const ROWS_MAX = 16;

/** `known` for calendarColumnsSql: the stamp whose rows this process has, so the database leaves them out. */
export function knownCalendarStamp(): string {
  return knownStamp;
}

function keep<V>(map: Map<string, V>, max: number, key: string, value: V): void {
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}

/**
 * The working calendar of the agency's intervals (JSON text, or null for the province default) and the calendar's
 * stamp, built once per distinct stamp and intervals (issue #21): `rows` are the years and days read with the stamp
 * (null when the statement left them out because this process already had that stamp's). A calendar answers the same
 * for the same configuration, so sharing one between commands changes nothing they compute; a new stamp (a holiday
 * added, changed or removed, in any process) builds a new one at once. If the rows were left out but are no longer
 * kept (another database's stamps pushed them out), they are read again in the caller's transaction.
 */
export async function workingCalendarOf(
  db: Kysely<Database>,
  intervals: string | null,
  stamp: string,
  rows: string | null,
): Promise<WorkingCalendar> {
  const key = `${stamp}\u0000${intervals}`;
  const found = built.get(key);
  if (found) return found;
  let calendarRows = rowsOfStamp.get(stamp);
  if (!calendarRows) {
    if (rows === null) {
      const again = (await CALENDAR_ROWS_ONLY.execute(db)).rows[0]!;
      // No version row (its table emptied by hand): say so rather than ask again forever.
      if (again.rows === null) throw new Error("calendar_version has no row (migration 0044)");
      return workingCalendarOf(db, intervals, again.stamp, again.rows);
    }
    calendarRows = JSON.parse(rows) as CalendarRows;
    keep(rowsOfStamp, ROWS_MAX, stamp, calendarRows);
    knownStamp = stamp;
  }
  const calendar = createWorkingCalendar(
    calendarConfigOf(
      intervals === null ? null : (JSON.parse(intervals) as CalendarConfig["workingIntervals"] | null),
      calendarRows.years,
      calendarRows.days,
    ),
  );
  keep(built, BUILT_MAX, key, calendar);
  return calendar;
}

export async function loadWorkingCalendar(
  db: Kysely<Database>,
  agency?: AgencyReference,
): Promise<WorkingCalendar> {
  // Issue #21: one statement for the agency's intervals and the calendar's stamp (its years and days only when this
  // process has not built from that stamp yet), and the calendar built once per stamp and intervals
  // (workingCalendarOf), instead of three reads and a build on every call (the office inbox counts working hours
  // left on every page).
  const where = !agency ? sql`false` : "code" in agency ? sql`code = ${agency.code}` : sql`id = ${agency.id}`;
  const calendar = calendarColumnsSql(sql`${knownCalendarStamp()}`);
  const { rows } = await sql<{
    found: boolean;
    intervals: string | null;
    stamp: string;
    rows: string | null;
  }>`
    select exists (select 1 from agencies where ${where}) as found,
           (select working_intervals::text from agencies where ${where}) as intervals,
           ${calendar.stamp} as stamp,
           ${calendar.rows} as rows`.execute(db);
  const row = rows[0]!;
  if (agency && !row.found) {
    const name = "code" in agency ? agency.code : agency.id;
    throw new NotFoundError({
      vi: `Không tìm thấy cơ quan có mã ${name}`,
      en: `No agency with code ${name}`,
    });
  }
  return workingCalendarOf(db, row.intervals, row.stamp, row.rows);
}
