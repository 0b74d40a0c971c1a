/**
 * Computed default holidays of a year (R-CAL-2), used only to pre-fill a year the administrator has not set
 * (R-CAL-3, R-CAL-8): the Government's yearly notice is the truth and goes into `CalendarConfig.years`.
 */
import {
  dayIndexFromJdn,
  jdnFromCivil,
  jdnFromDayIndex,
  jdnFromLocalDate,
  localDateFromJdn,
  lunarToSolar,
} from "./lunar.ts";
import type { NamedDate, YearCalendar } from "./types.ts";

/** Monday–Friday (R-CAL-1). */
export const DEFAULT_WORKING_WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5];

/** ISO weekday (1 = Monday … 7 = Sunday) of a day index (days since 1970-01-01, a Thursday). */
export function isoWeekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

interface Holiday {
  day: number;
  name: string;
}

/**
 * The holidays of R-CAL-2 for `year`, without compensatory days. Tết is 5 days (Bộ luật Lao động 2019 Điều
 * 112 leaves the exact days to the yearly decision); we take the usual civil-servant pattern [M]: the last
 * day of the lunar year (29 or 30 Tết) plus lunar 1/1 to 4/1. Quốc khánh's extra day is chosen by
 * `nationalDayAdjacent`.
 */
function statutoryHolidays(year: number, working: ReadonlySet<number>): Holiday[] {
  const dayOf = (month: number, day: number): number => dayIndexFromJdn(jdnFromCivil(year, month, day));
  const tet = dayIndexFromJdn(jdnFromLocalDate(lunarToSolar({ day: 1, month: 1, year, leap: false })));
  const gioTo = dayIndexFromJdn(jdnFromLocalDate(lunarToSolar({ day: 10, month: 3, year, leap: false })));
  const tetNames = ["mùng 1", "mùng 2", "mùng 3", "mùng 4"];
  const holidays: Holiday[] = [
    { day: dayOf(1, 1), name: "Tết Dương lịch" },
    { day: tet - 1, name: "Tết Nguyên đán (ngày cuối năm Âm lịch)" },
    ...tetNames.map((label, i) => ({ day: tet + i, name: `Tết Nguyên đán (${label} Tết)` })),
    { day: gioTo, name: "Giỗ Tổ Hùng Vương (10/3 Âm lịch)" },
    { day: dayOf(4, 30), name: "Ngày Chiến thắng (30/4)" },
    { day: dayOf(5, 1), name: "Ngày Quốc tế Lao động (1/5)" },
    { day: dayOf(9, 2), name: "Quốc khánh (2/9)" },
  ];
  const adjacent = nationalDayAdjacent(year, working);
  holidays.push({
    day: adjacent,
    name: `Quốc khánh (nghỉ liền kề ${adjacent < dayOf(9, 2) ? "1/9" : "3/9"})`,
  });
  return holidays;
}

/**
 * Adds compensatory days (nghỉ bù, R-CAL-2 [M], Điều 111–112): each holiday on a weekly rest day moves to the
 * next day that is a working weekday and not already a holiday or a compensatory day, taken in date order so
 * consecutive holidays (a Tết falling over a weekend) get consecutive compensatory days. Two holidays on one
 * date are listed once (never double-counted); the lost holiday gets a compensatory day as well [M], so the
 * 11 days of Điều 112 are kept.
 */
function withCompensatoryDays(holidays: Holiday[], working: ReadonlySet<number>): Holiday[] {
  const sorted = [...holidays].sort((a, b) => a.day - b.day);
  const byDay = new Map<number, Holiday>();
  const owed: Holiday[] = [];
  for (const h of sorted) {
    const existing = byDay.get(h.day);
    if (existing !== undefined) {
      existing.name = `${existing.name}; ${h.name}`;
      owed.push(h);
    } else {
      byDay.set(h.day, { ...h });
      if (!working.has(isoWeekdayOfDay(h.day))) owed.push(h);
    }
  }
  for (const h of owed) {
    let d = h.day + 1;
    while (byDay.has(d) || !working.has(isoWeekdayOfDay(d))) d++;
    byDay.set(d, { day: d, name: `Nghỉ bù ${h.name}` });
  }
  return [...byDay.values()].sort((a, b) => a.day - b.day);
}

/**
 * Quốc khánh's second day (R-CAL-2: "2/9 plus one adjacent day before or after") [M]. The Government picks
 * the day that joins the holiday to the weekend; we choose, in order: (1) the candidate (1/9 or 3/9) giving
 * the longest continuous break including weekends and compensatory days; (2) on a tie, the candidate that is
 * a working day, since a holiday on a rest day only produces a compensatory day elsewhere; (3) then 1/9.
 * With Monday–Friday this gives: 2/9 on Monday → 3/9 (as in 2024), Tuesday → 1/9 (2025), Wednesday → 1/9,
 * Thursday → 3/9, Friday → 1/9 (2022), Saturday → 1/9 (2023), Sunday → 3/9.
 */
export function nationalDayAdjacent(year: number, working: ReadonlySet<number>): number {
  const sep2 = dayIndexFromJdn(jdnFromCivil(year, 9, 2));
  const isWorkday = (d: number): boolean => working.has(isoWeekdayOfDay(d));
  let best = sep2 - 1;
  let bestScore = -1;
  for (const candidate of [sep2 - 1, sep2 + 1]) {
    const days = withCompensatoryDays(
      [
        { day: sep2, name: "" },
        { day: candidate, name: "" },
      ],
      working,
    ).map((h) => h.day);
    const off = new Set(days);
    let lo = sep2;
    while (off.has(lo - 1) || !isWorkday(lo - 1)) lo--;
    let hi = sep2;
    while (off.has(hi + 1) || !isWorkday(hi + 1)) hi++;
    // Score: break length first, then "candidate is a working day"; 1/9 wins the remaining tie by order.
    const score = (hi - lo + 1) * 2 + (isWorkday(candidate) ? 1 : 0);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The computed default calendar of `year` (R-CAL-2): 11 holidays with compensatory days, no make-up working
 * days (those only come from a Government notice, R-CAL-3). `workingWeekdays` (ISO, default Monday–Friday,
 * R-CAL-1) decides which holidays fall on a weekly rest day.
 */
export function defaultYearCalendar(
  year: number,
  workingWeekdays: readonly number[] = DEFAULT_WORKING_WEEKDAYS,
): YearCalendar {
  const working = new Set(workingWeekdays.filter((d) => Number.isInteger(d) && d >= 1 && d <= 7));
  // Without any working weekday there is no "next working day" for a compensatory day (nor a calendar).
  if (working.size === 0) throw new RangeError("Cần ít nhất một ngày làm việc trong tuần"); // R-CAL-1
  const holidays = withCompensatoryDays(statutoryHolidays(year, working), working);
  const named: NamedDate[] = holidays.map((h) => ({
    date: localDateFromJdn(jdnFromDayIndex(h.day)),
    name: h.name,
  }));
  return { holidays: named, makeupDays: [] };
}
