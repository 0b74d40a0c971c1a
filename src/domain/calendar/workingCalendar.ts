/**
 * The working calendar (R-CAL-1…9): working-time arithmetic for legal deadlines.
 *
 * Zone: a fixed UTC+07:00. Asia/Ho_Chi_Minh has had no offset change and no daylight saving since 1975, and
 * every dossier is dated after that, so a constant offset is exact and avoids a time-zone database in the
 * domain (DESIGN §4).
 *
 * Speed (≥ 1,000,000 deadlines/s): every working day has the same intervals, including make-up days
 * (R-CAL-5 [M]), so working time is "working days × day length + offset in the day". Each year keeps a prefix
 * count of working days per day of the year; finding the k-th working day after a date is a binary search in
 * one year's array (a loop over whole years only when the span crosses years). Instants are integer ms.
 */
import { DEFAULT_WORKING_WEEKDAYS, defaultYearCalendar, isoWeekdayOfDay } from "./holidays.ts";
import { dayIndexFromJdn, jdnFromCivil, jdnFromLocalDate } from "./lunar.ts";
import type {
  CalendarConfig,
  Duration,
  DurationUnit,
  LocalDate,
  WorkingCalendar,
  WorkingInterval,
  YearCalendar,
} from "./types.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** UTC+07:00, fixed (see the file comment). */
const OFFSET_MS = 7 * HOUR_MS;
/** Years a search may cross before we call the input absurd (Date's own range ends in year 275760). */
const MAX_YEAR = 275_000;

/** R-CAL-4 default profile (E1): 07:00–11:30 and 13:30–17:00, Monday–Friday (R-CAL-1), no overrides. */
export const DEFAULT_CALENDAR_CONFIG: CalendarConfig = Object.freeze({
  workingIntervals: [
    { start: "07:00", end: "11:30" },
    { start: "13:30", end: "17:00" },
  ],
  workingWeekdays: [...DEFAULT_WORKING_WEEKDAYS],
  years: {},
});

// ---------------------------------------------------------------------------------------------------------
// Validation

/** A reason a `CalendarConfig` is refused, with a stable code and a Vietnamese message. */
export type CalendarConfigError =
  | { code: "INTERVALS_EMPTY"; message: string }
  | { code: "INTERVAL_MALFORMED"; index: number; value: string; message: string }
  | { code: "INTERVAL_EMPTY"; index: number; message: string }
  | { code: "INTERVALS_UNSORTED"; index: number; message: string }
  | { code: "INTERVALS_OVERLAP"; index: number; message: string }
  | { code: "WEEKDAYS_EMPTY"; message: string }
  | { code: "WEEKDAY_OUT_OF_RANGE"; value: number; message: string }
  | { code: "WEEKDAY_DUPLICATE"; value: number; message: string }
  | { code: "YEAR_INVALID"; year: string; message: string }
  | { code: "DATE_MALFORMED"; year: number; date: string; message: string }
  | { code: "DATE_OUTSIDE_YEAR"; year: number; date: string; message: string }
  | { code: "DATE_DUPLICATE"; year: number; date: string; message: string }
  | { code: "DATE_HOLIDAY_AND_MAKEUP"; year: number; date: string; message: string };

export type CalendarConfigErrorCode = CalendarConfigError["code"];

/** Thrown by `createWorkingCalendar` for an invalid configuration; `errors` lists every problem. */
export class InvalidCalendarConfigError extends Error {
  readonly code = "INVALID_CALENDAR_CONFIG";
  constructor(readonly errors: CalendarConfigError[]) {
    super(`Cấu hình lịch làm việc không hợp lệ: ${errors.map((e) => e.message).join("; ")}`);
    this.name = "InvalidCalendarConfigError";
  }
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of `HH:MM` (00:00–23:59), or null when malformed. */
export function parseTimeOfDay(value: string): number | null {
  const match = HHMM.exec(value);
  return match === null ? null : Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Every problem of a configuration (R-CAL-3, R-CAL-4): intervals malformed, empty, unsorted or overlapping;
 * weekdays empty, out of 1–7 or repeated; year keys that are not years; dates malformed, outside their year,
 * repeated, or both a holiday and a make-up day. An empty array means valid.
 */
export function validateCalendarConfig(config: CalendarConfig): CalendarConfigError[] {
  const errors: CalendarConfigError[] = [];
  const intervals = config.workingIntervals;
  if (intervals.length === 0) {
    errors.push({ code: "INTERVALS_EMPTY", message: "Chưa có khung giờ làm việc nào" });
  }
  let previousEnd: number | null = null;
  let previousStart: number | null = null;
  intervals.forEach((interval, index) => {
    const start = parseTimeOfDay(interval.start);
    const end = parseTimeOfDay(interval.end);
    if (start === null || end === null) {
      const value = start === null ? interval.start : interval.end;
      errors.push({
        code: "INTERVAL_MALFORMED",
        index,
        value,
        message: `Khung giờ thứ ${index + 1}: "${value}" không đúng dạng HH:MM`,
      });
      previousStart = null;
      previousEnd = null;
      return;
    }
    if (start >= end) {
      errors.push({
        code: "INTERVAL_EMPTY",
        index,
        message: `Khung giờ thứ ${index + 1}: giờ bắt đầu phải trước giờ kết thúc`,
      });
    }
    if (previousStart !== null && previousEnd !== null) {
      if (start < previousStart) {
        errors.push({
          code: "INTERVALS_UNSORTED",
          index,
          message: `Khung giờ thứ ${index + 1} phải sau khung giờ thứ ${index}`,
        });
      } else if (start < previousEnd) {
        errors.push({
          code: "INTERVALS_OVERLAP",
          index,
          message: `Khung giờ thứ ${index + 1} chồng lên khung giờ thứ ${index}`,
        });
      }
    }
    previousStart = start;
    previousEnd = end;
  });

  if (config.workingWeekdays.length === 0) {
    errors.push({ code: "WEEKDAYS_EMPTY", message: "Chưa có ngày làm việc nào trong tuần" });
  }
  const seenWeekdays = new Set<number>();
  for (const value of config.workingWeekdays) {
    if (!Number.isInteger(value) || value < 1 || value > 7) {
      errors.push({
        code: "WEEKDAY_OUT_OF_RANGE",
        value,
        message: `Thứ trong tuần ${value} không hợp lệ (1 = thứ Hai … 7 = Chủ nhật)`,
      });
    } else if (seenWeekdays.has(value)) {
      errors.push({ code: "WEEKDAY_DUPLICATE", value, message: `Thứ trong tuần ${value} bị lặp` });
    }
    seenWeekdays.add(value);
  }

  for (const [key, yearCalendar] of Object.entries(config.years)) {
    const year = Number(key);
    if (!/^\d{4}$/.test(key)) {
      errors.push({ code: "YEAR_INVALID", year: key, message: `Năm "${key}" không hợp lệ` });
      continue;
    }
    const holidays = new Set<string>();
    const makeups = new Set<string>();
    for (const [list, seen] of [
      [yearCalendar.holidays, holidays],
      [yearCalendar.makeupDays, makeups],
    ] as const) {
      for (const { date } of list) {
        let valid = true;
        try {
          jdnFromLocalDate(date);
        } catch {
          valid = false;
        }
        if (!valid) {
          errors.push({ code: "DATE_MALFORMED", year, date, message: `Ngày "${date}" không hợp lệ` });
        } else if (!date.startsWith(`${key}-`)) {
          errors.push({
            code: "DATE_OUTSIDE_YEAR",
            year,
            date,
            message: `Ngày ${date} không thuộc năm ${year}`,
          });
        } else if (seen.has(date)) {
          errors.push({
            code: "DATE_DUPLICATE",
            year,
            date,
            message: `Ngày ${date} bị lặp trong năm ${year}`,
          });
        }
        seen.add(date);
      }
    }
    for (const date of makeups) {
      if (holidays.has(date)) {
        errors.push({
          code: "DATE_HOLIDAY_AND_MAKEUP",
          year,
          date,
          message: `Ngày ${date} vừa là ngày nghỉ vừa là ngày làm bù`,
        });
      }
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------------------
// Public helpers

const DURATION = /^(\d+(?:\.\d+)?)\s*(wd|wh|d)$/;

/**
 * Parses "3wd", "8wh", "0.5wd", "10d" (R-CAL-5). Calendar days must be whole. RangeError when malformed.
 */
export function parseDuration(text: string): Duration {
  const match = DURATION.exec(text.trim());
  if (match === null) throw new RangeError(`Thời hạn không hợp lệ: "${text}" (ví dụ 3wd, 8wh, 10d)`);
  const amount = Number(match[1]);
  const unit = match[2] as DurationUnit;
  if (unit === "d" && !Number.isInteger(amount)) {
    throw new RangeError(`Thời hạn theo ngày phải là số nguyên: "${text}"`);
  }
  return { amount, unit };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** ISO 8601 in the province's zone, e.g. "2026-11-25T16:30:00+07:00" (milliseconds only when not zero). */
export function formatInstant(at: Date): string {
  const local = new Date(at.getTime() + OFFSET_MS);
  const ms = local.getUTCMilliseconds();
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${ms === 0 ? "" : `.${pad(ms, 3)}`}+07:00`
  );
}

/** The province's civil date of an instant. */
export function toLocalDate(at: Date): LocalDate {
  return formatInstant(at).slice(0, 10);
}

/** The instant of a local date and `HH:MM` wall-clock time in the province. RangeError when malformed. */
export function instantAt(date: LocalDate, time: string): Date {
  const minutes = parseTimeOfDay(time);
  if (minutes === null) throw new RangeError(`Giờ không hợp lệ: "${time}"`);
  const day = dayIndexFromJdn(jdnFromLocalDate(date));
  return new Date(day * DAY_MS + minutes * MINUTE_MS - OFFSET_MS);
}

// ---------------------------------------------------------------------------------------------------------
// The calendar

/** One year's precomputed working days. */
interface YearData {
  year: number;
  /** Day index (days since 1970-01-01) of 1 January. */
  firstDay: number;
  length: number;
  /** prefix[i] = working days among the first i days of the year; prefix[length] = total. */
  prefix: Int32Array;
  total: number;
  calendar: YearCalendar;
}

/** Day index of 1 January of `year`. */
const firstDayOfYear = (year: number): number => dayIndexFromJdn(jdnFromCivil(year, 1, 1));

/** Year containing a day index (fast estimate, then exact correction). */
function yearOfDay(day: number): number {
  let year = Math.floor(day / 365.2425) + 1970;
  while (firstDayOfYear(year) > day) year--;
  while (firstDayOfYear(year + 1) <= day) year++;
  return year;
}

function cloneConfig(config: CalendarConfig): CalendarConfig {
  const years: Record<number, YearCalendar> = {};
  for (const [key, value] of Object.entries(config.years)) {
    years[Number(key)] = {
      holidays: value.holidays.map((d) => ({ ...d })),
      makeupDays: value.makeupDays.map((d) => ({ ...d })),
    };
  }
  return {
    workingIntervals: config.workingIntervals.map((i) => ({ ...i })),
    workingWeekdays: [...config.workingWeekdays],
    years,
  };
}

/**
 * Builds a working calendar (R-CAL-1…9). A year listed in `config.years` uses exactly that data (R-CAL-3,
 * R-CAL-8); any other year uses `defaultYearCalendar` (R-CAL-2), computed once and cached.
 * Throws `InvalidCalendarConfigError` when `validateCalendarConfig` finds problems.
 */
export function createWorkingCalendar(config: CalendarConfig = DEFAULT_CALENDAR_CONFIG): WorkingCalendar {
  const errors = validateCalendarConfig(config);
  if (errors.length > 0) throw new InvalidCalendarConfigError(errors);
  const own = cloneConfig(config);

  // Intervals in ms after local midnight, with the working time before each (R-CAL-4).
  const ivStart: number[] = [];
  const ivEnd: number[] = [];
  const ivBefore: number[] = [];
  let dayLength = 0;
  for (const interval of own.workingIntervals as WorkingInterval[]) {
    ivStart.push(parseTimeOfDay(interval.start)! * MINUTE_MS);
    ivEnd.push(parseTimeOfDay(interval.end)! * MINUTE_MS);
    ivBefore.push(dayLength);
    dayLength += ivEnd[ivEnd.length - 1]! - ivStart[ivStart.length - 1]!;
  }
  const ivCount = ivStart.length;
  const firstOpening = ivStart[0]!;
  const lastClosing = ivEnd[ivCount - 1]!;
  /**
   * 1 wd (R-CAL-5) is one full working day of this profile: 8 wh under the default R-CAL-4 hours. If an agency
   * sets shorter hours, "3 working days" still means three working days, not 24 hours [M].
   */
  const workingDayMs = dayLength;
  const weekdays = new Set(own.workingWeekdays);

  const years = new Map<number, YearData>();
  let last: YearData | undefined;

  function buildYear(year: number): YearData {
    const calendar = own.years[year] ?? defaultYearCalendar(year, own.workingWeekdays);
    const firstDay = firstDayOfYear(year);
    const length = firstDayOfYear(year + 1) - firstDay;
    const working = new Uint8Array(length);
    for (let i = 0; i < length; i++) working[i] = weekdays.has(isoWeekdayOfDay(firstDay + i)) ? 1 : 0;
    // Holidays first, then make-up days: validation forbids a date in both lists of one year.
    for (const { date } of calendar.holidays) working[dayIndexFromJdn(jdnFromLocalDate(date)) - firstDay] = 0;
    for (const { date } of calendar.makeupDays)
      working[dayIndexFromJdn(jdnFromLocalDate(date)) - firstDay] = 1;
    const prefix = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) prefix[i + 1] = prefix[i]! + working[i]!;
    return { year, firstDay, length, prefix, total: prefix[length]!, calendar };
  }

  function yearData(year: number): YearData {
    if (year > MAX_YEAR || year < -MAX_YEAR) throw new RangeError(`Năm ${year} nằm ngoài phạm vi lịch`);
    let data = years.get(year);
    if (data === undefined) {
      data = buildYear(year);
      years.set(year, data);
    }
    return data;
  }

  /** The year holding a day index; the last one used is checked first (deadlines cluster). */
  function yearOf(day: number): YearData {
    const cached = last;
    if (cached !== undefined && day >= cached.firstDay && day < cached.firstDay + cached.length)
      return cached;
    const data = yearData(yearOfDay(day));
    last = data;
    return data;
  }

  function isWorkingDayIndex(day: number): boolean {
    const y = yearOf(day);
    const i = day - y.firstDay;
    return y.prefix[i + 1]! > y.prefix[i]!;
  }

  /** The working day with 0-based ordinal `n` counted from 1 January of `year` (may run into later years). */
  function nthWorkingDay(year: number, n: number): number {
    let y = yearData(year);
    let rest = n;
    while (rest >= y.total) {
      rest -= y.total;
      y = yearData(y.year + 1);
    }
    // Smallest i with prefix[i + 1] > rest: that day is working and has ordinal `rest`.
    const prefix = y.prefix;
    let lo = 0;
    let hi = y.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (prefix[mid + 1]! > rest) hi = mid;
      else lo = mid + 1;
    }
    last = y;
    return y.firstDay + lo;
  }

  /** The k-th working day after working day `day` (k = 0 is `day`). */
  function workingDayAfter(day: number, k: number): number {
    const y = yearOf(day);
    return nthWorkingDay(y.year, y.prefix[day - y.firstDay]! + k);
  }

  /** The first working day strictly after `day`. */
  function nextWorkingDay(day: number): number {
    const y = yearOf(day);
    return nthWorkingDay(y.year, y.prefix[day - y.firstDay + 1]!);
  }

  /** Working days in [from, to) for from ≤ to. */
  function workingDaysBetween(from: number, to: number): number {
    const a = yearOf(from);
    const b = yearOf(to);
    if (a.year === b.year) return a.prefix[to - a.firstDay]! - a.prefix[from - a.firstDay]!;
    let count = a.total - a.prefix[from - a.firstDay]!;
    for (let year = a.year + 1; year < b.year; year++) count += yearData(year).total;
    return count + b.prefix[to - b.firstDay]!;
  }

  /** Working ms of a day elapsed before `t` ms after local midnight, clamped to [0, dayLength]. */
  function elapsedInDay(t: number): number {
    for (let i = 0; i < ivCount; i++) {
      if (t < ivStart[i]!) return ivBefore[i]!;
      if (t < ivEnd[i]!) return ivBefore[i]! + t - ivStart[i]!;
    }
    return dayLength;
  }

  // Callers keep 0 ≤ w < dayLength (starts) or 0 < w ≤ dayLength (deadlines), so the last interval is the
  // fallback of both loops.
  const lastIv = ivCount - 1;

  /** Time of day at which `w` working ms have elapsed, taking an interval's start at a boundary (a start). */
  function startTimeOf(w: number): number {
    for (let i = 0; i < lastIv; i++) {
      if (w < ivBefore[i]! + ivEnd[i]! - ivStart[i]!) return ivStart[i]! + w - ivBefore[i]!;
    }
    return ivStart[lastIv]! + w - ivBefore[lastIv]!;
  }

  /** Time of day at which `w` (> 0) working ms have elapsed, taking an interval's end at a boundary (a deadline). */
  function endTimeOf(w: number): number {
    for (let i = 0; i < lastIv; i++) {
      if (w <= ivBefore[i]! + ivEnd[i]! - ivStart[i]!) return ivStart[i]! + w - ivBefore[i]!;
    }
    return ivStart[lastIv]! + w - ivBefore[lastIv]!;
  }

  const localDay = (ms: number): number => Math.floor((ms + OFFSET_MS) / DAY_MS);
  const instant = (day: number, timeOfDay: number): number => day * DAY_MS + timeOfDay - OFFSET_MS;

  /**
   * The clock position of an instant (R-CAL-5): a working day and the working ms elapsed in it, in
   * [0, dayLength). Before opening → 0; lunch → the morning's total; after closing or on a non-working day →
   * the next working day at 0.
   */
  let posDay = 0;
  let posElapsed = 0;
  function locate(ms: number): void {
    const day = localDay(ms);
    if (isWorkingDayIndex(day)) {
      const w = elapsedInDay(ms - day * DAY_MS + OFFSET_MS);
      if (w < dayLength) {
        posDay = day;
        posElapsed = w;
        return;
      }
    }
    posDay = nextWorkingDay(day);
    posElapsed = 0;
  }

  function checkedMs(at: Date, what: string): number {
    const ms = at.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`${what}: thời điểm không hợp lệ`);
    return ms;
  }

  function addWorkingMs(startMs: number, amount: number): number {
    locate(startMs);
    if (amount === 0) return instant(posDay, startTimeOf(posElapsed));
    const total = posElapsed + amount;
    let k = Math.floor(total / workingDayMs);
    let rem = total - k * workingDayMs;
    // Exactly the rest of a day ends AT closing time of that day, not the next morning (R-CAL-9 (a)).
    if (rem === 0) {
      k -= 1;
      rem = workingDayMs;
    }
    const day = k === 0 ? posDay : workingDayAfter(posDay, k);
    return instant(day, endTimeOf(rem));
  }

  function workingMsFor(hours: number): number {
    if (!Number.isFinite(hours) || hours < 0) {
      throw new RangeError(`Số giờ làm việc phải là số không âm: ${hours}`);
    }
    return Math.round(hours * HOUR_MS);
  }

  /** Clock position of an instant as (working days since 1 January of `baseYear`) and elapsed ms. */
  function positionMs(ms: number, baseDay: number): number {
    locate(ms);
    return workingDaysBetween(baseDay, posDay) * workingDayMs + posElapsed;
  }

  const calendar: WorkingCalendar = {
    config: own,

    isWorkingDay(date: LocalDate): boolean {
      return isWorkingDayIndex(dayIndexFromJdn(jdnFromLocalDate(date)));
    },

    isWorkingInstant(at: Date): boolean {
      const ms = checkedMs(at, "isWorkingInstant");
      const day = localDay(ms);
      if (!isWorkingDayIndex(day)) return false;
      const t = ms - day * DAY_MS + OFFSET_MS;
      for (let i = 0; i < ivCount; i++) if (t >= ivStart[i]! && t < ivEnd[i]!) return true;
      return false;
    },

    normalizeStart(at: Date): Date {
      return new Date(addWorkingMs(checkedMs(at, "normalizeStart"), 0));
    },

    addWorkingHours(start: Date, hours: number): Date {
      return new Date(addWorkingMs(checkedMs(start, "addWorkingHours"), workingMsFor(hours)));
    },

    add(start: Date, duration: Duration, options?: { moveCalendarDayDeadlineToWorkingDay?: boolean }): Date {
      const ms = checkedMs(start, "add");
      const { amount, unit } = duration;
      if (unit === "wh") return new Date(addWorkingMs(ms, workingMsFor(amount)));
      if (unit === "wd") {
        if (!Number.isFinite(amount) || amount < 0) {
          throw new RangeError(`Số ngày làm việc phải là số không âm: ${amount}`);
        }
        return new Date(addWorkingMs(ms, Math.round(amount * workingDayMs)));
      }
      if (unit === "d") {
        if (!Number.isInteger(amount) || amount < 0) {
          throw new RangeError(`Số ngày theo lịch phải là số nguyên không âm: ${amount}`);
        }
        // R-CAL-5 [M] (REGULATIONS §24.8): the deadline is the end of working hours of the N-th civil day after
        // the start's date (Bộ luật Dân sự counts from the day after the event); on a non-working day it moves
        // to the next working day's closing unless the option says otherwise.
        const move = options?.moveCalendarDayDeadlineToWorkingDay ?? true;
        let day = localDay(ms) + amount;
        if (move && !isWorkingDayIndex(day)) day = nextWorkingDay(day);
        let result = instant(day, lastClosing);
        // Only for 0 d: the start may already be past that closing time; the deadline is then the next one.
        if (result < ms) result = instant(nextWorkingDay(day), lastClosing);
        return new Date(result);
      }
      throw new RangeError(`Đơn vị thời hạn không hợp lệ: ${String(unit)}`);
    },

    workingHoursBetween(from: Date, to: Date): number {
      const a = checkedMs(from, "workingHoursBetween");
      const b = checkedMs(to, "workingHoursBetween");
      if (b < a) return 0 - calendar.workingHoursBetween(to, from);
      const base = localDay(a);
      const pa = positionMs(a, base);
      const pb = positionMs(b, base);
      return (pb - pa) / HOUR_MS;
    },

    startOfNextWorkingDay(at: Date): Date {
      const day = localDay(checkedMs(at, "startOfNextWorkingDay"));
      return new Date(instant(nextWorkingDay(day), firstOpening));
    },

    applyCutoff(at: Date, cutoff = "15:00"): Date {
      const cut = parseTimeOfDay(cutoff);
      if (cut === null) throw new RangeError(`Giờ chốt không hợp lệ: "${cutoff}"`);
      const ms = checkedMs(at, "applyCutoff");
      const day = localDay(ms);
      // R-CAL-6 / R-XFER-1: before the cut-off on a working day → that day (normalized); otherwise next day.
      if (isWorkingDayIndex(day) && ms - day * DAY_MS + OFFSET_MS < cut * MINUTE_MS) {
        return new Date(addWorkingMs(ms, 0));
      }
      return new Date(instant(nextWorkingDay(day), firstOpening));
    },

    yearCalendar(year: number): YearCalendar {
      if (!Number.isInteger(year)) throw new RangeError(`Năm không hợp lệ: ${year}`);
      const { calendar: c } = yearData(year);
      return {
        holidays: c.holidays.map((d) => ({ ...d })),
        makeupDays: c.makeupDays.map((d) => ({ ...d })),
      };
    },
  };
  return calendar;
}
