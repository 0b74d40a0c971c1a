import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultYearCalendar } from "../../../src/domain/calendar/holidays.ts";
import type { WorkingCalendar } from "../../../src/domain/calendar/types.ts";
import {
  createWorkingCalendar,
  DEFAULT_CALENDAR_CONFIG,
  instantAt,
} from "../../../src/domain/calendar/workingCalendar.ts";

const MIN = 60_000;
const OFFSET_MIN = 7 * 60;

// 2027 as a Government notice might set it: the computed days plus a swap (Fri 10/12 off, Sat 11/12 worked).
const base2027 = defaultYearCalendar(2027);
const calendars: Array<[string, WorkingCalendar]> = [
  ["computed holidays", createWorkingCalendar()],
  [
    "with a make-up Saturday",
    createWorkingCalendar({
      ...DEFAULT_CALENDAR_CONFIG,
      years: {
        2027: {
          holidays: [...base2027.holidays, { date: "2027-12-10", name: "Nghỉ hoán đổi" }],
          makeupDays: [{ date: "2027-12-11", name: "Làm bù" }],
        },
      },
    }),
  ],
];

/** An independent, minute-by-minute model of R-CAL-1…5 built only from the calendar's data. */
function oracle(cal: WorkingCalendar) {
  const dayCache = new Map<number, boolean>();
  const isWorkingDay = (day: number): boolean => {
    let v = dayCache.get(day);
    if (v === undefined) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      const year = cal.yearCalendar(Number(date.slice(0, 4)));
      const weekday = ((new Date(day * 86_400_000).getUTCDay() + 6) % 7) + 1;
      if (year.makeupDays.some((d) => d.date === date)) v = true;
      else if (year.holidays.some((d) => d.date === date)) v = false;
      else v = cal.config.workingWeekdays.includes(weekday);
      dayCache.set(day, v);
    }
    return v;
  };
  const intervals = cal.config.workingIntervals.map((i) => [
    Number(i.start.slice(0, 2)) * 60 + Number(i.start.slice(3)),
    Number(i.end.slice(0, 2)) * 60 + Number(i.end.slice(3)),
  ]);
  /** Is the local minute [m, m+1) working? (m = local minutes since 1970-01-01 00:00 UTC+7) */
  const working = (m: number): boolean => {
    const day = Math.floor(m / 1440);
    if (!isWorkingDay(day)) return false;
    const t = m - day * 1440;
    return intervals.some(([s, e]) => t >= s! && t < e!);
  };
  const toLocal = (d: Date): number => d.getTime() / MIN + OFFSET_MIN;
  const fromLocal = (m: number): Date => new Date((m - OFFSET_MIN) * MIN);
  return {
    working,
    add(start: Date, minutes: number): Date {
      let m = toLocal(start);
      if (minutes === 0) {
        while (!working(m)) m++;
        return fromLocal(m);
      }
      let count = 0;
      while (count < minutes) {
        if (working(m)) count++;
        m++;
      }
      return fromLocal(m);
    },
    between(from: Date, to: Date): number {
      let count = 0;
      for (let m = toLocal(from); m < toLocal(to); m++) if (working(m)) count++;
      return count;
    },
  };
}

/** Starts on whole minutes, 2025–2100 (R-CAL-9 deadlines are minute-exact). */
const startArb = fc
  .integer({
    min: instantAt("2025-01-01", "00:00").getTime() / MIN,
    max: instantAt("2100-12-31", "23:59").getTime() / MIN,
  })
  .map((m) => new Date(m * MIN));
/** Starts around Tết 2027 and the 2027 swap, where the oracle is cheap and the data is dense. */
const nearArb = fc
  .integer({
    min: instantAt("2026-12-20", "00:00").getTime() / MIN,
    max: instantAt("2027-12-31", "23:59").getTime() / MIN,
  })
  .map((m) => new Date(m * MIN));
/** Durations in whole minutes, up to 60 wd. */
const minutesArb = fc.integer({ min: 1, max: 60 * 8 * 60 });

const addMinutes = (cal: WorkingCalendar, start: Date, minutes: number): Date =>
  cal.addWorkingHours(start, minutes / 60);

describe.each(calendars)("R-CAL-5 properties (%s)", (_name, cal) => {
  const model = oracle(cal);

  it("R-CAL-5: addWorkingHours agrees with a minute-stepping model (holidays, weekends, make-up days)", () => {
    fc.assert(
      fc.property(nearArb, fc.integer({ min: 0, max: 3 * 8 * 60 }), (start, minutes) => {
        expect(addMinutes(cal, start, minutes).getTime()).toBe(model.add(start, minutes).getTime());
      }),
      { numRuns: 300 },
    );
  });

  it("R-CAL-5: workingHoursBetween counts only working minutes (holidays and weekends never counted)", () => {
    fc.assert(
      fc.property(nearArb, fc.integer({ min: 0, max: 14 * 1440 }), (from, span) => {
        const to = new Date(from.getTime() + span * MIN);
        expect(Math.round(cal.workingHoursBetween(from, to) * 60)).toBe(model.between(from, to));
      }),
      { numRuns: 200 },
    );
  });

  it("R-CAL-5: a result never falls strictly inside non-working time (it may equal an interval end)", () => {
    fc.assert(
      fc.property(startArb, minutesArb, (start, minutes) => {
        const due = addMinutes(cal, start, minutes);
        const m = due.getTime() / MIN + OFFSET_MIN;
        expect(model.working(m) || model.working(m - 1)).toBe(true);
        expect(model.working(model.add(cal.normalizeStart(start), 0).getTime() / MIN + OFFSET_MIN)).toBe(
          true,
        );
        expect(cal.isWorkingInstant(cal.normalizeStart(start))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("R-CAL-5: add(a) then add(b) equals add(a + b) for wh (a, b > 0)", () => {
    fc.assert(
      fc.property(startArb, minutesArb, minutesArb, (start, a, b) => {
        const stepwise = addMinutes(cal, addMinutes(cal, start, a), b);
        expect(stepwise.getTime()).toBe(addMinutes(cal, start, a + b).getTime());
      }),
      { numRuns: 500 },
    );
  });

  it("R-CAL-5: workingHoursBetween(start, add(start, h)) = h", () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 0, max: 60 * 8 * 60 }), (start, minutes) => {
        const normalized = cal.normalizeStart(start);
        const due = addMinutes(cal, normalized, minutes);
        expect(Math.round(cal.workingHoursBetween(normalized, due) * 60)).toBe(minutes);
        expect(Math.round(cal.workingHoursBetween(start, due) * 60)).toBe(minutes);
        expect(Math.round(cal.workingHoursBetween(due, normalized) * 60)).toBe(0 - minutes);
      }),
      { numRuns: 500 },
    );
  });

  it("R-CAL-5: deadlines are monotonic in the duration and in the start", () => {
    fc.assert(
      fc.property(
        startArb,
        fc.integer({ min: 0, max: 30 * 1440 }),
        minutesArb,
        minutesArb,
        (s1, gap, d1, d2) => {
          const s2 = new Date(s1.getTime() + gap * MIN);
          const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
          expect(addMinutes(cal, s1, lo).getTime()).toBeLessThanOrEqual(addMinutes(cal, s1, hi).getTime());
          expect(addMinutes(cal, s1, d1).getTime()).toBeLessThanOrEqual(addMinutes(cal, s2, d1).getTime());
          expect(addMinutes(cal, s1, d1).getTime()).toBeGreaterThan(s1.getTime());
        },
      ),
      { numRuns: 500 },
    );
  });

  it("R-CAL-5: N wd equals 8N wh, and whole working days keep the time of day", () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 1, max: 60 }), (start, days) => {
        const byDays = cal.add(start, { amount: days, unit: "wd" });
        expect(byDays.getTime()).toBe(cal.add(start, { amount: days * 8, unit: "wh" }).getTime());
        const normalized = cal.normalizeStart(start);
        const sameTime = (byDays.getTime() - normalized.getTime()) % 86_400_000 === 0;
        // A start at opening ends at the previous working day's closing (R-CAL-9(a)); otherwise same clock time.
        expect(sameTime || cal.normalizeStart(byDays).getTime() !== byDays.getTime()).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("R-CAL-2: computed holidays and weekends are never working days", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2025, max: 2100 }), (year) => {
        const data = cal.yearCalendar(year);
        for (const h of data.holidays) {
          expect(cal.isWorkingDay(h.date)).toBe(false);
          expect(cal.workingHoursBetween(instantAt(h.date, "00:00"), instantAt(h.date, "23:59"))).toBe(0);
        }
        for (const d of data.makeupDays) expect(cal.isWorkingDay(d.date)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
