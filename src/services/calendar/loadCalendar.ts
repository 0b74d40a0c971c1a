import { type Kysely, sql } from "kysely";
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
 * SQL giving, as JSON text, what a working calendar is built from beside the agency's intervals: every set year and
 * every day. Read inside a command's own statement (issue #21: one round trip instead of three), so an
 * administrator's edit is seen by the next command as before. Text, so the rows are parsed only when they changed.
 */
export const CALENDAR_ROWS_SQL = {
  years: "(select coalesce(json_agg(year order by year), '[]')::text from calendar_years)",
  days: `(select coalesce(json_agg(json_build_object('date', date, 'year', year, 'kind', kind, 'name', name)
           order by date), '[]')::text from calendar_days)`,
} as const;

const built = new Map<string, WorkingCalendar>();
const BUILT_MAX = 64;

/**
 * The working calendar of these rows (JSON text: the agency's intervals or null for the province default, the
 * years, the days), built once per distinct content (issue #21): the rows are read on every command, but parsing
 * them and building the calendar is CPU the commands need not repeat while the rows are the same. Keyed by the rows'
 * text itself, so a changed holiday or interval builds a new one at once; a calendar answers the same for the same
 * configuration, so sharing one between commands changes nothing they compute.
 */
export function workingCalendarOfRows(
  intervals: string | null,
  years: string,
  days: string,
): WorkingCalendar {
  const key = `${intervals}\u0000${years}\u0000${days}`;
  const found = built.get(key);
  if (found) return found;
  const calendar = createWorkingCalendar(
    calendarConfigOf(
      intervals === null ? null : (JSON.parse(intervals) as CalendarConfig["workingIntervals"] | null),
      JSON.parse(years) as number[],
      JSON.parse(days) as CalendarDayRow[],
    ),
  );
  if (built.size >= BUILT_MAX) built.delete(built.keys().next().value!);
  built.set(key, calendar);
  return calendar;
}

export async function loadWorkingCalendar(
  db: Kysely<Database>,
  agency?: AgencyReference,
): Promise<WorkingCalendar> {
  // Issue #21: one statement for the agency's intervals, the years and the days, and the calendar built once per
  // distinct content (workingCalendarOfRows), instead of three reads and a build on every call (the office inbox
  // counts working hours left on every page).
  const where = !agency ? sql`false` : "code" in agency ? sql`code = ${agency.code}` : sql`id = ${agency.id}`;
  const { rows } = await sql<{ found: boolean; intervals: string | null; years: string; days: string }>`
    select exists (select 1 from agencies where ${where}) as found,
           (select working_intervals::text from agencies where ${where}) as intervals,
           ${sql.raw(CALENDAR_ROWS_SQL.years)} as years,
           ${sql.raw(CALENDAR_ROWS_SQL.days)} as days`.execute(db);
  const row = rows[0]!;
  if (agency && !row.found) {
    const name = "code" in agency ? agency.code : agency.id;
    throw new NotFoundError({
      vi: `Không tìm thấy cơ quan có mã ${name}`,
      en: `No agency with code ${name}`,
    });
  }
  return workingCalendarOfRows(row.intervals, row.years, row.days);
}
