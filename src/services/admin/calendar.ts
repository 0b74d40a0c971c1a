import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { isoWeekdayOfDay } from "../../domain/calendar/holidays.ts";
import { dayIndexFromJdn, jdnFromLocalDate } from "../../domain/calendar/lunar.ts";
import type { NamedDate, YearCalendar } from "../../domain/calendar/types.ts";
import {
  createWorkingCalendar,
  DEFAULT_CALENDAR_CONFIG,
  validateCalendarConfig,
} from "../../domain/calendar/workingCalendar.ts";
import type { Actor } from "../accounts/actor.ts";
import { loadCalendarConfig } from "../calendar/loadCalendar.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import type { FieldError } from "../validation/messages.ts";
import { type AdminScope, requireSystemAdmin } from "./adminScope.ts";
import { recordAdminChange } from "./auditLog.ts";

export interface CalendarYearView extends YearCalendar {
  year: number;
  /** Set by an administrator from the Government notice (R-CAL-3); false: computed from R-CAL-2 (R-CAL-8). */
  overridden: boolean;
  note: string;
  updatedAt: string | null;
}

/** The holidays and make-up days in force for a year: the administrator's list, or the computed defaults. */
export async function getCalendarYear(db: Kysely<Database>, year: number): Promise<CalendarYearView> {
  const [config, row] = await Promise.all([
    loadCalendarConfig(db),
    db
      .selectFrom("calendar_years")
      .select(["note", "updated_at"])
      .where("year", "=", year)
      .executeTakeFirst(),
  ]);
  const inForce = createWorkingCalendar(config).yearCalendar(year);
  return {
    year,
    overridden: row !== undefined,
    note: row?.note ?? "",
    updatedAt: row ? row.updated_at.toISOString() : null,
    holidays: inForce.holidays.map((d) => ({ ...d })),
    makeupDays: inForce.makeupDays.map((d) => ({ ...d })),
  };
}

const english: Record<string, (date: string, year: number) => string> = {
  DATE_MALFORMED: (date) => `"${date}" is not a valid date`,
  DATE_OUTSIDE_YEAR: (date, year) => `${date} is not in ${year}`,
  DATE_DUPLICATE: (date) => `${date} is listed twice`,
  DATE_HOLIDAY_AND_MAKEUP: (date) => `${date} is both a holiday and a make-up day`,
};

/** The domain calendar's own checks (R-CAL-3), plus: a make-up working day is a day off of the working week. */
function yearErrors(year: number, days: YearCalendar): FieldError[] {
  const fieldOf = (date: string, preferMakeup: boolean): string => {
    const h = days.holidays.findIndex((d) => d.date === date);
    const m = days.makeupDays.findIndex((d) => d.date === date);
    if (m >= 0 && (preferMakeup || h < 0)) return `makeupDays.${m}.date`;
    return `holidays.${h}.date`;
  };
  const errors: FieldError[] = validateCalendarConfig({
    ...DEFAULT_CALENDAR_CONFIG,
    years: { [year]: days },
  }).map((error) => {
    const date = "date" in error ? error.date : "";
    return {
      field: fieldOf(date, error.code === "DATE_HOLIDAY_AND_MAKEUP"),
      message: { vi: error.message, en: (english[error.code] ?? (() => error.code))(date, year) },
    };
  });
  days.makeupDays.forEach((day, index) => {
    let weekday: number;
    try {
      weekday = isoWeekdayOfDay(dayIndexFromJdn(jdnFromLocalDate(day.date)));
    } catch {
      return; // already reported as malformed
    }
    if (DEFAULT_CALENDAR_CONFIG.workingWeekdays.includes(weekday))
      errors.push({
        field: `makeupDays.${index}.date`,
        message: {
          vi: `Ngày ${day.date} đã là ngày làm việc; ngày làm bù phải là thứ Bảy hoặc Chủ nhật`,
          en: `${day.date} is already a working day; a make-up day must be a Saturday or Sunday`,
        },
      });
  });
  return errors;
}

const clean = (list: NamedDate[]) => list.map((d) => ({ date: d.date, name: d.name.trim() }));

/**
 * Sets a year's holidays and make-up working days from the Government notice (R-CAL-2/3). Province-wide, so the
 * system administrator's. Deadlines already computed keep their due instants (stored when they start, DESIGN §4);
 * every deadline started afterwards uses the new list, since the calendar is read from the database each time.
 */
export async function saveCalendarYear(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  year: number,
  input: { note: string; holidays: NamedDate[]; makeupDays: NamedDate[] },
  now: Date,
): Promise<void> {
  requireSystemAdmin(scope);
  const days = { holidays: clean(input.holidays), makeupDays: clean(input.makeupDays) };
  const errors = yearErrors(year, days);
  if (errors.length > 0) throw new ValidationError(errors);
  await inTransaction(db, async (trx) => {
    const before = await getCalendarYear(trx, year);
    await trx
      .insertInto("calendar_years")
      .values({ year, note: input.note.trim(), updated_at: now })
      .onConflict((oc) => oc.column("year").doUpdateSet({ note: input.note.trim(), updated_at: now }))
      .execute();
    await trx.deleteFrom("calendar_days").where("year", "=", year).execute();
    const rows = [
      ...days.holidays.map((d) => ({ ...d, year, kind: "holiday" as const })),
      ...days.makeupDays.map((d) => ({ ...d, year, kind: "makeup" as const })),
    ];
    if (rows.length > 0) await trx.insertInto("calendar_days").values(rows).execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: null,
      action: "calendar.saveYear",
      entity: "calendar",
      entityId: String(year),
      summary: `${year}: ${days.holidays.length} ngày nghỉ, ${days.makeupDays.length} ngày làm bù`,
      before: {
        overridden: before.overridden,
        note: before.note,
        holidays: before.holidays,
        makeupDays: before.makeupDays,
      },
      after: { overridden: true, note: input.note.trim(), ...days },
    });
  });
}

/** Removes a year's list: the computed defaults of R-CAL-2 apply again (R-CAL-8). */
export async function resetCalendarYear(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  year: number,
  now: Date,
): Promise<void> {
  requireSystemAdmin(scope);
  await inTransaction(db, async (trx) => {
    const before = await getCalendarYear(trx, year);
    if (!before.overridden)
      throw new NotFoundError({
        vi: `Năm ${year} chưa được thiết lập`,
        en: `The year ${year} has not been set`,
      });
    await trx.deleteFrom("calendar_years").where("year", "=", year).execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: null,
      action: "calendar.resetYear",
      entity: "calendar",
      entityId: String(year),
      summary: String(year),
      before: { note: before.note, holidays: before.holidays, makeupDays: before.makeupDays },
      after: null,
    });
  });
}
