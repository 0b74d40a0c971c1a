import type {
  CalendarConfig,
  Duration,
  LocalDate,
  WorkingCalendar,
  YearCalendar,
} from "../../../src/domain/calendar/types.ts";

/**
 * A small stand-in for the real working calendar (being built in src/domain/calendar), enough for the deadline and
 * dossier tests: default hours 07:00–11:30, 13:30–17:00, Monday–Friday, fixed UTC+7, a handful of holidays.
 */
const OFFSET_MS = 7 * 3_600_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export const TEST_HOLIDAYS: LocalDate[] = [
  "2025-09-01",
  "2025-09-02",
  "2026-01-01",
  "2025-04-30",
  "2025-05-01",
];

export function createFakeWorkingCalendar(holidays: LocalDate[] = TEST_HOLIDAYS): WorkingCalendar {
  const config: CalendarConfig = {
    workingIntervals: [
      { start: "07:00", end: "11:30" },
      { start: "13:30", end: "17:00" },
    ],
    workingWeekdays: [1, 2, 3, 4, 5],
    years: {},
  };
  const holidaySet = new Set(holidays);
  const intervals = config.workingIntervals.map(({ start, end }) => [minutes(start), minutes(end)] as const);

  const localDateOf = (at: Date): LocalDate => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
  const midnightOf = (date: LocalDate): number => Date.parse(`${date}T00:00:00Z`) - OFFSET_MS;
  const nextDate = (date: LocalDate): LocalDate =>
    new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

  const isWorkingDay = (date: LocalDate): boolean => {
    if (holidaySet.has(date)) return false;
    const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    return config.workingWeekdays.includes(weekday);
  };
  const intervalsOn = (date: LocalDate): Array<[number, number]> =>
    isWorkingDay(date)
      ? intervals.map(([start, end]) => [
          midnightOf(date) + start * MINUTE_MS,
          midnightOf(date) + end * MINUTE_MS,
        ])
      : [];

  const firstStartOnOrAfterDate = (date: LocalDate): Date => {
    let day = date;
    for (let guard = 0; guard < 3660; guard++) {
      const first = intervalsOn(day)[0];
      if (first) return new Date(first[0]);
      day = nextDate(day);
    }
    throw new Error("no working day within ten years");
  };

  const normalizeStart = (at: Date): Date => {
    const t = at.getTime();
    for (const [start, end] of intervalsOn(localDateOf(at))) {
      if (t < start) return new Date(start);
      if (t < end) return at;
    }
    return firstStartOnOrAfterDate(nextDate(localDateOf(at)));
  };

  const addWorkingHours = (start: Date, hours: number): Date => {
    let remaining = hours * 3_600_000;
    let cursor = normalizeStart(start).getTime();
    for (;;) {
      const [, end] = intervalsOn(localDateOf(new Date(cursor))).find(([s, e]) => cursor >= s && cursor < e)!;
      if (remaining <= end - cursor) return new Date(cursor + remaining);
      remaining -= end - cursor;
      cursor = normalizeStart(new Date(end)).getTime();
    }
  };

  const workingHoursBetween = (from: Date, to: Date): number => {
    if (to < from) return -workingHoursBetween(to, from);
    let total = 0;
    for (let day = localDateOf(from); day <= localDateOf(to); day = nextDate(day)) {
      for (const [start, end] of intervalsOn(day)) {
        total += Math.max(0, Math.min(end, to.getTime()) - Math.max(start, from.getTime()));
      }
    }
    return total / 3_600_000;
  };

  const startOfNextWorkingDay = (at: Date): Date => firstStartOnOrAfterDate(nextDate(localDateOf(at)));

  const add = (
    start: Date,
    duration: Duration,
    options?: { moveCalendarDayDeadlineToWorkingDay?: boolean },
  ): Date => {
    if (duration.unit === "wh") return addWorkingHours(start, duration.amount);
    if (duration.unit === "wd") return addWorkingHours(start, duration.amount * 8);
    let end = new Date(start.getTime() + duration.amount * DAY_MS);
    if (options?.moveCalendarDayDeadlineToWorkingDay !== false) {
      while (!isWorkingDay(localDateOf(end))) end = new Date(end.getTime() + DAY_MS);
    }
    return end;
  };

  return {
    config,
    isWorkingDay,
    isWorkingInstant: (at) =>
      intervalsOn(localDateOf(at)).some(([s, e]) => at.getTime() >= s && at.getTime() < e),
    normalizeStart,
    addWorkingHours,
    add,
    workingHoursBetween,
    startOfNextWorkingDay,
    applyCutoff: (at, cutoff = "15:00") => {
      const date = localDateOf(at);
      const beforeCutoff = at.getTime() < midnightOf(date) + minutes(cutoff) * MINUTE_MS;
      return isWorkingDay(date) && beforeCutoff ? normalizeStart(at) : startOfNextWorkingDay(at);
    },
    yearCalendar: (year): YearCalendar => ({
      holidays: holidays
        .filter((d) => d.startsWith(String(year)))
        .map((date) => ({ date, name: "test holiday" })),
      makeupDays: [],
    }),
  };
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** An instant given in the province's wall-clock time, e.g. `at("2025-07-14 09:00")`. */
export function at(local: string): Date {
  return new Date(`${local.replace(" ", "T")}:00+07:00`);
}
