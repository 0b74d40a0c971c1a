import type { Kysely } from "kysely";
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
  const byYear: Record<number, YearCalendar> = {};
  for (const { year } of years) byYear[year] = { holidays: [], makeupDays: [] };
  for (const day of days) {
    const year = byYear[day.year]!;
    (day.kind === "holiday" ? year.holidays : year.makeupDays).push({ date: day.date, name: day.name });
  }
  return {
    workingIntervals: workingIntervals.map((interval) => ({ ...interval })),
    workingWeekdays: [...DEFAULT_CALENDAR_CONFIG.workingWeekdays],
    years: byYear,
  };
}

export async function loadWorkingCalendar(
  db: Kysely<Database>,
  agency?: AgencyReference,
): Promise<WorkingCalendar> {
  return createWorkingCalendar(await loadCalendarConfig(db, agency));
}
