/**
 * The working calendar's contract (R-CAL-1…9). Everything here is pure: instants are passed in, never read
 * from a clock. The province's zone is Asia/Ho_Chi_Minh, a fixed UTC+07:00 for every date a dossier can have.
 */

/** A civil date in the province, ISO `YYYY-MM-DD`. */
export type LocalDate = string;

/** A named date: a holiday (non-working) or a make-up working day (R-CAL-2, R-CAL-3). */
export interface NamedDate {
  date: LocalDate;
  name: string;
}

/** One year's non-working and make-up working days. */
export interface YearCalendar {
  holidays: NamedDate[];
  makeupDays: NamedDate[];
}

/** A daily working interval in local wall-clock time, `HH:MM`, start < end (R-CAL-4). */
export interface WorkingInterval {
  start: string;
  end: string;
}

export interface CalendarConfig {
  /** Daily working intervals, ascending and disjoint. Default 07:00–11:30 and 13:30–17:00 (R-CAL-4). */
  workingIntervals: WorkingInterval[];
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). Default Monday–Friday (R-CAL-1). */
  workingWeekdays: number[];
  /**
   * Years whose days were set by an administrator (the yearly Government notice is the truth, R-CAL-8).
   * A year absent here uses the computed defaults of R-CAL-2.
   */
  years: Record<number, YearCalendar>;
}

/** Duration units: working hours, working days (1 wd = 8 wh, R-CAL-5), calendar days. */
export type DurationUnit = "wh" | "wd" | "d";

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

export interface WorkingCalendar {
  readonly config: CalendarConfig;
  /** Is this civil date a working day (weekday pattern, holidays, make-up days)? */
  isWorkingDay(date: LocalDate): boolean;
  /** Is this instant inside a working interval of a working day? */
  isWorkingInstant(at: Date): boolean;
  /**
   * The instant a clock starting at `at` really starts (R-CAL-5): itself inside working time; else the next
   * working instant (before opening → opening; lunch → afternoon start; after closing → next working morning).
   */
  normalizeStart(at: Date): Date;
  /** Adds working hours across working intervals only (fractions allowed). */
  addWorkingHours(start: Date, hours: number): Date;
  /**
   * Adds a duration. `wh` and `wd` count working time (1 wd = 8 wh). `d` counts every calendar day; a result on a
   * non-working day moves to the next working day when `moveCalendarDayDeadlineToWorkingDay` (default true, R-CAL-5 [M]).
   */
  add(start: Date, duration: Duration, options?: { moveCalendarDayDeadlineToWorkingDay?: boolean }): Date;
  /** Working time between two instants, in working hours (negative when `to` < `from`). */
  workingHoursBetween(from: Date, to: Date): number;
  /** The start of the next working day's first interval strictly after the civil date of `at`. */
  startOfNextWorkingDay(at: Date): Date;
  /**
   * The cut-off rule (R-CAL-6, R-XFER-1): received at `at`; before `cutoff` (default "15:00") on a working day →
   * the same working day (normalized `at`); at or after it, or on a non-working day → start of the next working day.
   */
  applyCutoff(at: Date, cutoff?: string): Date;
  /** The holidays and make-up days in force for a year (override or computed defaults). */
  yearCalendar(year: number): YearCalendar;
}
