import { describe, expect, it } from "vitest";
import type { CalendarConfig } from "../../../src/domain/calendar/types.ts";
import {
  createWorkingCalendar,
  DEFAULT_CALENDAR_CONFIG,
  formatInstant,
  InvalidCalendarConfigError,
  instantAt,
  parseDuration,
  parseTimeOfDay,
  toLocalDate,
  validateCalendarConfig,
} from "../../../src/domain/calendar/workingCalendar.ts";

/** R-CAL-9 says "no holidays": 2026 overridden with an empty year. */
const NO_HOLIDAYS: CalendarConfig = {
  ...DEFAULT_CALENDAR_CONFIG,
  years: { 2026: { holidays: [], makeupDays: [] } },
};
/** A Government-style year: Friday 27/11/2026 off, swapped with the make-up Saturday 28/11/2026 (R-CAL-3). */
const SWAPPED: CalendarConfig = {
  ...DEFAULT_CALENDAR_CONFIG,
  years: {
    2026: {
      holidays: [{ date: "2026-11-27", name: "Nghỉ hoán đổi" }],
      makeupDays: [{ date: "2026-11-28", name: "Làm bù cho ngày 27/11" }],
    },
  },
};

const plain = createWorkingCalendar(NO_HOLIDAYS);
const standard = createWorkingCalendar(); // computed holidays (R-CAL-2)
const swapped = createWorkingCalendar(SWAPPED);
const at = instantAt;
const fmt = formatInstant;

// November 2026: Mon 16, Tue 17, Wed 18, Thu 19, Fri 20, Sat 21, Sun 22, Mon 23, Tue 24, Wed 25.
describe("R-CAL-9: worked examples (default hours, no holidays)", () => {
  it("R-CAL-9(a): submitted Saturday 09:00 + 8 wh → runs from Monday 07:00, ends Monday 17:00", () => {
    const start = at("2026-11-21", "09:00");
    expect(fmt(plain.normalizeStart(start))).toBe("2026-11-23T07:00:00+07:00");
    expect(fmt(plain.addWorkingHours(start, 8))).toBe("2026-11-23T17:00:00+07:00");
    expect(fmt(plain.add(start, { amount: 8, unit: "wh" }))).toBe("2026-11-23T17:00:00+07:00");
  });

  it("R-CAL-9(b): Friday 16:30 + 3 wd = Wednesday 16:30 (0.5 + 8 + 8 + 7.5 h)", () => {
    const start = at("2026-11-20", "16:30");
    const due = plain.add(start, { amount: 3, unit: "wd" });
    expect(fmt(due)).toBe("2026-11-25T16:30:00+07:00");
    expect(plain.workingHoursBetween(start, due)).toBe(24);
    expect(plain.workingHoursBetween(start, at("2026-11-23", "07:00"))).toBe(0.5);
  });

  it("R-CAL-9(c) / R-CAL-6: paper accepted Thursday 15:30 → reaches the agency Friday 07:00", () => {
    expect(fmt(plain.applyCutoff(at("2026-11-19", "15:30")))).toBe("2026-11-20T07:00:00+07:00");
  });

  it("R-CAL-9(d): accepted 12:00 (lunch) → the clock starts 13:30", () => {
    expect(fmt(plain.normalizeStart(at("2026-11-19", "12:00")))).toBe("2026-11-19T13:30:00+07:00");
  });
});

describe("R-CAL-5: normalizeStart edges", () => {
  it.each([
    ["plain", "Wed 06:59 → 07:00", "2026-11-18", "06:59", "2026-11-18T07:00:00+07:00"],
    ["plain", "Wed 07:00 stays", "2026-11-18", "07:00", "2026-11-18T07:00:00+07:00"],
    ["plain", "Wed 11:29 stays", "2026-11-18", "11:29", "2026-11-18T11:29:00+07:00"],
    ["plain", "Wed 11:30 (lunch starts) → 13:30", "2026-11-18", "11:30", "2026-11-18T13:30:00+07:00"],
    ["plain", "Wed 13:29 → 13:30", "2026-11-18", "13:29", "2026-11-18T13:30:00+07:00"],
    ["plain", "Wed 13:30 stays", "2026-11-18", "13:30", "2026-11-18T13:30:00+07:00"],
    ["plain", "Wed 16:59 stays", "2026-11-18", "16:59", "2026-11-18T16:59:00+07:00"],
    ["plain", "Wed 17:00 (closing) → Thu 07:00", "2026-11-18", "17:00", "2026-11-19T07:00:00+07:00"],
    ["plain", "Wed 17:01 → Thu 07:00", "2026-11-18", "17:01", "2026-11-19T07:00:00+07:00"],
    ["plain", "Wed 00:00 (midnight) → Wed 07:00", "2026-11-18", "00:00", "2026-11-18T07:00:00+07:00"],
    ["plain", "Wed 23:59 → Thu 07:00", "2026-11-18", "23:59", "2026-11-19T07:00:00+07:00"],
    ["plain", "Fri 17:00 → Mon 07:00", "2026-11-20", "17:00", "2026-11-23T07:00:00+07:00"],
    ["plain", "Sun 10:00 (weekend) → Mon 07:00", "2026-11-22", "10:00", "2026-11-23T07:00:00+07:00"],
    [
      "standard",
      "Quốc khánh Tue 1/9 (holiday) → Thu 3/9 07:00",
      "2026-09-01",
      "09:00",
      "2026-09-03T07:00:00+07:00",
    ],
    [
      "standard",
      "Mon of Tết week 16/2/2026 → Mon 23/2 07:00",
      "2026-02-16",
      "09:00",
      "2026-02-23T07:00:00+07:00",
    ],
    [
      "standard",
      "Friday 13/2/2026 17:30 before Tết → Mon 23/2 07:00",
      "2026-02-13",
      "17:30",
      "2026-02-23T07:00:00+07:00",
    ],
    ["swapped", "make-up Saturday 10:00 stays", "2026-11-28", "10:00", "2026-11-28T10:00:00+07:00"],
    ["swapped", "make-up Saturday 06:00 → 07:00", "2026-11-28", "06:00", "2026-11-28T07:00:00+07:00"],
    [
      "swapped",
      "swapped-off Friday → make-up Saturday 07:00",
      "2026-11-27",
      "09:00",
      "2026-11-28T07:00:00+07:00",
    ],
    [
      "swapped",
      "Thursday 17:00 → make-up Saturday 07:00",
      "2026-11-26",
      "17:00",
      "2026-11-28T07:00:00+07:00",
    ],
  ])("R-CAL-5 (%s): %s", (which, _title, date, time, expected) => {
    const cal = which === "plain" ? plain : which === "standard" ? standard : swapped;
    expect(fmt(cal.normalizeStart(at(date, time)))).toBe(expected);
  });

  it("R-CAL-5: isWorkingInstant uses half-open intervals [start, end)", () => {
    expect(plain.isWorkingInstant(at("2026-11-18", "07:00"))).toBe(true);
    expect(plain.isWorkingInstant(at("2026-11-18", "11:30"))).toBe(false);
    expect(plain.isWorkingInstant(at("2026-11-18", "06:59"))).toBe(false);
    expect(plain.isWorkingInstant(at("2026-11-18", "16:59"))).toBe(true);
    expect(plain.isWorkingInstant(at("2026-11-18", "17:00"))).toBe(false);
    expect(plain.isWorkingInstant(at("2026-11-21", "09:00"))).toBe(false);
    expect(swapped.isWorkingInstant(at("2026-11-28", "09:00"))).toBe(true);
    expect(swapped.isWorkingInstant(at("2026-11-27", "09:00"))).toBe(false);
  });

  it("R-CAL-5: a result may equal an interval end: 07:00 + 4.5 wh = 11:30, + 8 wh = 17:00 the same day", () => {
    expect(fmt(plain.addWorkingHours(at("2026-11-18", "07:00"), 4.5))).toBe("2026-11-18T11:30:00+07:00");
    expect(fmt(plain.addWorkingHours(at("2026-11-18", "07:00"), 8))).toBe("2026-11-18T17:00:00+07:00");
    expect(fmt(plain.addWorkingHours(at("2026-11-18", "11:30"), 0.5))).toBe("2026-11-18T14:00:00+07:00");
    expect(fmt(plain.addWorkingHours(at("2026-11-18", "12:00"), 0))).toBe("2026-11-18T13:30:00+07:00");
    expect(fmt(plain.addWorkingHours(at("2026-11-18", "17:00"), 0.25))).toBe("2026-11-19T07:15:00+07:00");
    // 0.5 wd = 4 wh (R-CAL-5).
    expect(fmt(plain.add(at("2026-11-18", "07:00"), { amount: 0.5, unit: "wd" }))).toBe(
      "2026-11-18T11:00:00+07:00",
    );
  });
});

describe("R-CAL-2/R-CAL-3/R-CAL-5: holidays, weekends and make-up days", () => {
  it("R-CAL-5: working days skip the Tết week 2026 (16–20/2) and the weekends around it", () => {
    const due = standard.add(at("2026-02-13", "16:30"), { amount: 3, unit: "wd" });
    expect(fmt(due)).toBe("2026-02-25T16:30:00+07:00");
    expect(standard.workingHoursBetween(at("2026-02-13", "17:00"), at("2026-02-23", "07:00"))).toBe(0);
  });

  it("R-CAL-3 [M]: a make-up Saturday is a working day with the normal intervals", () => {
    expect(swapped.isWorkingDay("2026-11-28")).toBe(true);
    expect(swapped.isWorkingDay("2026-11-27")).toBe(false);
    expect(fmt(swapped.add(at("2026-11-26", "16:00"), { amount: 1, unit: "wd" }))).toBe(
      "2026-11-28T16:00:00+07:00",
    );
    expect(swapped.workingHoursBetween(at("2026-11-26", "00:00"), at("2026-11-30", "00:00"))).toBe(16);
  });

  it("R-CAL-3: a year in config.years uses exactly that data; other years use R-CAL-2 defaults", () => {
    expect(plain.isWorkingDay("2026-09-02")).toBe(true); // overridden 2026 has no holidays
    expect(plain.isWorkingDay("2027-09-02")).toBe(false); // 2027 computed
    expect(plain.yearCalendar(2026)).toEqual({ holidays: [], makeupDays: [] });
    expect(standard.yearCalendar(2026).holidays).toHaveLength(12);
    expect(swapped.yearCalendar(2026).makeupDays).toEqual([
      { date: "2026-11-28", name: "Làm bù cho ngày 27/11" },
    ]);
    // The returned data is a copy: editing it does not change the calendar.
    standard.yearCalendar(2026).holidays.length = 0;
    expect(standard.isWorkingDay("2026-09-02")).toBe(false);
    expect(() => standard.yearCalendar(2026.5)).toThrow(RangeError);
  });

  it("R-CAL-3: the calendar keeps its own copy of the configuration", () => {
    const config: CalendarConfig = structuredClone(SWAPPED);
    const cal = createWorkingCalendar(config);
    config.years[2026]!.holidays.length = 0;
    config.workingIntervals[0]!.start = "08:00";
    expect(cal.isWorkingDay("2026-11-27")).toBe(false);
    expect(cal.config.workingIntervals[0]!.start).toBe("07:00");
  });

  it("R-CAL-1/R-CAL-4: per-agency profile — six-day week with one interval 08:00–12:00", () => {
    const cal = createWorkingCalendar({
      workingIntervals: [{ start: "08:00", end: "12:00" }],
      workingWeekdays: [6, 1, 2, 3, 4, 5],
      years: { 2026: { holidays: [], makeupDays: [] } },
    });
    expect(cal.isWorkingDay("2026-11-21")).toBe(true);
    // 1 wd is one full working day of the profile (4 h here) [M].
    expect(fmt(cal.add(at("2026-11-20", "10:00"), { amount: 1, unit: "wd" }))).toBe(
      "2026-11-21T10:00:00+07:00",
    );
    expect(fmt(cal.addWorkingHours(at("2026-11-20", "10:00"), 2))).toBe("2026-11-20T12:00:00+07:00");
    expect(fmt(cal.add(at("2026-11-20", "10:00"), { amount: 1, unit: "d" }))).toBe(
      "2026-11-21T12:00:00+07:00",
    );
  });

  it("R-CAL-5: long spans cross years (60 wd from 2026-12-01; 1000 wd)", () => {
    const start = at("2026-12-01", "09:00");
    const due = standard.add(start, { amount: 60, unit: "wd" });
    expect(standard.workingHoursBetween(start, due)).toBe(480);
    const far = standard.add(start, { amount: 1000, unit: "wd" });
    expect(standard.workingHoursBetween(start, far)).toBe(8000);
    expect(toLocalDate(far) > "2030-01-01").toBe(true);
    expect(standard.workingHoursBetween(far, start)).toBe(-8000);
  });
});

describe("R-CAL-6: the 15:00 cut-off", () => {
  it.each([
    ["Thu 14:59 → itself", "2026-11-19", "14:59", undefined, "2026-11-19T14:59:00+07:00"],
    ["Thu 15:00 → Fri 07:00", "2026-11-19", "15:00", undefined, "2026-11-20T07:00:00+07:00"],
    ["Thu 15:01 → Fri 07:00", "2026-11-19", "15:01", undefined, "2026-11-20T07:00:00+07:00"],
    ["Fri 15:30 → Mon 07:00", "2026-11-20", "15:30", undefined, "2026-11-23T07:00:00+07:00"],
    ["Thu 06:00 → Thu 07:00", "2026-11-19", "06:00", undefined, "2026-11-19T07:00:00+07:00"],
    ["Thu 12:00 → Thu 13:30", "2026-11-19", "12:00", undefined, "2026-11-19T13:30:00+07:00"],
    ["Sat 09:00 (non-working) → Mon 07:00", "2026-11-21", "09:00", undefined, "2026-11-23T07:00:00+07:00"],
    [
      "Sun 14:00 (non-working, before cut-off) → Mon 07:00",
      "2026-11-22",
      "14:00",
      undefined,
      "2026-11-23T07:00:00+07:00",
    ],
    [
      "custom cut-off 10:00, Thu 10:00 → Fri 07:00",
      "2026-11-19",
      "10:00",
      "10:00",
      "2026-11-20T07:00:00+07:00",
    ],
    ["custom cut-off 10:00, Thu 09:59 → itself", "2026-11-19", "09:59", "10:00", "2026-11-19T09:59:00+07:00"],
    [
      "cut-off 18:00, Thu 17:30 → Fri 07:00 (after closing)",
      "2026-11-19",
      "17:30",
      "18:00",
      "2026-11-20T07:00:00+07:00",
    ],
  ])("R-CAL-6 (plain): %s", (_title, date, time, cutoff, expected) => {
    expect(fmt(plain.applyCutoff(at(date, time), cutoff))).toBe(expected);
  });

  it("R-CAL-6: holidays and make-up days", () => {
    expect(fmt(standard.applyCutoff(at("2026-02-13", "15:00")))).toBe("2026-02-23T07:00:00+07:00");
    expect(fmt(standard.applyCutoff(at("2026-02-17", "09:00")))).toBe("2026-02-23T07:00:00+07:00");
    expect(fmt(swapped.applyCutoff(at("2026-11-28", "14:00")))).toBe("2026-11-28T14:00:00+07:00");
    expect(fmt(swapped.applyCutoff(at("2026-11-26", "15:00")))).toBe("2026-11-28T07:00:00+07:00");
  });

  it("R-CAL-6: a malformed cut-off is refused", () => {
    expect(() => plain.applyCutoff(at("2026-11-19", "10:00"), "3pm")).toThrow(RangeError);
  });

  it("R-CAL-6: startOfNextWorkingDay is strictly after the civil date", () => {
    expect(fmt(plain.startOfNextWorkingDay(at("2026-11-19", "06:00")))).toBe("2026-11-20T07:00:00+07:00");
    expect(fmt(plain.startOfNextWorkingDay(at("2026-11-20", "06:00")))).toBe("2026-11-23T07:00:00+07:00");
    expect(fmt(standard.startOfNextWorkingDay(at("2026-12-31", "10:00")))).toBe("2027-01-04T07:00:00+07:00");
  });
});

describe("R-CAL-5 [M]: calendar days (d) end at closing of the N-th day after the start's date", () => {
  it.each([
    ["Mon 10:00 + 10 d → Thu 26/11 17:00", "2026-11-16", "10:00", 10, true, "2026-11-26T17:00:00+07:00"],
    [
      "Fri + 1 d → Saturday → moved to Mon 17:00",
      "2026-11-20",
      "10:00",
      1,
      true,
      "2026-11-23T17:00:00+07:00",
    ],
    ["Fri + 1 d, option off → Saturday 17:00", "2026-11-20", "10:00", 1, false, "2026-11-21T17:00:00+07:00"],
    ["Thu 10:00 + 0 d → Thu 17:00", "2026-11-19", "10:00", 0, true, "2026-11-19T17:00:00+07:00"],
    [
      "Thu 18:00 + 0 d → Fri 17:00 (never before the start)",
      "2026-11-19",
      "18:00",
      0,
      true,
      "2026-11-20T17:00:00+07:00",
    ],
    ["Sat 09:00 + 0 d → Mon 17:00", "2026-11-21", "09:00", 0, true, "2026-11-23T17:00:00+07:00"],
  ])("R-CAL-5 (plain): %s", (_title, date, time, amount, move, expected) => {
    expect(
      fmt(plain.add(at(date, time), { amount, unit: "d" }, { moveCalendarDayDeadlineToWorkingDay: move })),
    ).toBe(expected);
  });

  it("R-CAL-5 [M]: a calendar-day deadline landing in Tết moves past it", () => {
    expect(fmt(standard.add(at("2026-02-10", "09:00"), parseDuration("7d")))).toBe(
      "2026-02-23T17:00:00+07:00",
    );
  });
});

describe("R-CAL-5: durations, formats and refusals", () => {
  it.each([
    ["3wd", { amount: 3, unit: "wd" }],
    ["8wh", { amount: 8, unit: "wh" }],
    ["10d", { amount: 10, unit: "d" }],
    ["0.5wd", { amount: 0.5, unit: "wd" }],
    [" 2 wh ", { amount: 2, unit: "wh" }],
  ])("R-CAL-5: parseDuration(%j)", (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it.each(["", "3", "wd", "-1wd", "3 days", "1.5d", "1e3wh"])(
    "R-CAL-5: parseDuration(%j) is refused",
    (text) => {
      expect(() => parseDuration(text)).toThrow(RangeError);
    },
  );

  it("R-CAL-5: formatInstant writes +07:00, milliseconds only when present", () => {
    expect(formatInstant(new Date("2026-11-25T09:30:00Z"))).toBe("2026-11-25T16:30:00+07:00");
    expect(formatInstant(new Date("2026-12-31T17:00:00.250Z"))).toBe("2027-01-01T00:00:00.250+07:00");
    expect(toLocalDate(new Date("2026-12-31T17:00:00Z"))).toBe("2027-01-01");
    expect(instantAt("2027-01-01", "00:00").toISOString()).toBe("2026-12-31T17:00:00.000Z");
    expect(() => instantAt("2027-01-01", "24:00")).toThrow(RangeError);
    expect(parseTimeOfDay("23:59")).toBe(1439);
    expect(parseTimeOfDay("7:00")).toBeNull();
  });

  it("R-CAL-5: invalid amounts, units and instants are refused", () => {
    const start = at("2026-11-19", "09:00");
    expect(() => plain.addWorkingHours(start, -1)).toThrow(RangeError);
    expect(() => plain.addWorkingHours(start, Number.NaN)).toThrow(RangeError);
    expect(() => plain.add(start, { amount: Number.POSITIVE_INFINITY, unit: "wh" })).toThrow(RangeError);
    expect(() => plain.add(start, { amount: -0.5, unit: "wd" })).toThrow(RangeError);
    expect(() => plain.add(start, { amount: Number.NaN, unit: "wd" })).toThrow(RangeError);
    expect(() => plain.add(start, { amount: 1.5, unit: "d" })).toThrow(RangeError);
    expect(() => plain.add(start, { amount: -1, unit: "d" })).toThrow(RangeError);
    expect(() => plain.add(start, { amount: 1, unit: "h" as never })).toThrow(RangeError);
    expect(() => plain.normalizeStart(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => plain.isWorkingInstant(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => plain.addWorkingHours(new Date(8.64e15), 1e9)).toThrow(RangeError);
  });
});

describe("R-CAL-3/R-CAL-4: configuration validation", () => {
  const codes = (config: CalendarConfig): string[] => validateCalendarConfig(config).map((e) => e.code);
  const withIntervals = (workingIntervals: CalendarConfig["workingIntervals"]): CalendarConfig => ({
    ...DEFAULT_CALENDAR_CONFIG,
    workingIntervals,
  });

  it("R-CAL-4: the default configuration is valid", () => {
    expect(validateCalendarConfig(DEFAULT_CALENDAR_CONFIG)).toEqual([]);
    expect(validateCalendarConfig(SWAPPED)).toEqual([]);
  });

  it("R-CAL-4: intervals empty, malformed, empty/reversed, unsorted, overlapping", () => {
    expect(codes(withIntervals([]))).toEqual(["INTERVALS_EMPTY"]);
    expect(codes(withIntervals([{ start: "7:00", end: "11:30" }]))).toEqual(["INTERVAL_MALFORMED"]);
    expect(codes(withIntervals([{ start: "07:00", end: "24:00" }]))).toEqual(["INTERVAL_MALFORMED"]);
    expect(codes(withIntervals([{ start: "11:30", end: "11:30" }]))).toEqual(["INTERVAL_EMPTY"]);
    expect(codes(withIntervals([{ start: "17:00", end: "13:30" }]))).toEqual(["INTERVAL_EMPTY"]);
    expect(
      codes(
        withIntervals([
          { start: "13:30", end: "17:00" },
          { start: "07:00", end: "11:30" },
        ]),
      ),
    ).toEqual(["INTERVALS_UNSORTED"]);
    expect(
      codes(
        withIntervals([
          { start: "07:00", end: "12:00" },
          { start: "11:30", end: "17:00" },
        ]),
      ),
    ).toEqual(["INTERVALS_OVERLAP"]);
    // Touching intervals are fine; a malformed one does not make its neighbour "unsorted".
    expect(
      codes(
        withIntervals([
          { start: "07:00", end: "12:00" },
          { start: "12:00", end: "17:00" },
        ]),
      ),
    ).toEqual([]);
    expect(
      codes(
        withIntervals([
          { start: "13:30", end: "x" },
          { start: "07:00", end: "11:30" },
        ]),
      ),
    ).toEqual(["INTERVAL_MALFORMED"]);
    const [error] = validateCalendarConfig(withIntervals([{ start: "07:00", end: "7h" }]));
    expect(error).toMatchObject({ code: "INTERVAL_MALFORMED", index: 0, value: "7h" });
    expect(error?.message).toContain("không đúng dạng");
  });

  it("R-CAL-1: weekdays empty, out of range, duplicated", () => {
    expect(codes({ ...DEFAULT_CALENDAR_CONFIG, workingWeekdays: [] })).toEqual(["WEEKDAYS_EMPTY"]);
    expect(codes({ ...DEFAULT_CALENDAR_CONFIG, workingWeekdays: [0, 1, 8, 2.5] })).toEqual([
      "WEEKDAY_OUT_OF_RANGE",
      "WEEKDAY_OUT_OF_RANGE",
      "WEEKDAY_OUT_OF_RANGE",
    ]);
    expect(codes({ ...DEFAULT_CALENDAR_CONFIG, workingWeekdays: [1, 2, 2] })).toEqual(["WEEKDAY_DUPLICATE"]);
  });

  it("R-CAL-3: dates malformed, outside their year, duplicated, both holiday and make-up day; bad year keys", () => {
    const config = {
      ...DEFAULT_CALENDAR_CONFIG,
      years: {
        2026: {
          holidays: [
            { date: "2026-02-30", name: "x" },
            { date: "2027-01-01", name: "x" },
            { date: "2026-09-02", name: "x" },
            { date: "2026-09-02", name: "x" },
            { date: "2026-11-28", name: "x" },
          ],
          makeupDays: [
            { date: "2026-11-28", name: "y" },
            { date: "2026-11-28", name: "y" },
          ],
        },
        abcd: { holidays: [], makeupDays: [] },
      },
    } as unknown as CalendarConfig;
    expect(codes(config)).toEqual([
      "DATE_MALFORMED",
      "DATE_OUTSIDE_YEAR",
      "DATE_DUPLICATE",
      "DATE_DUPLICATE",
      "DATE_HOLIDAY_AND_MAKEUP",
      "YEAR_INVALID",
    ]);
  });

  it("R-CAL-3: createWorkingCalendar refuses an invalid configuration with every error", () => {
    let thrown: unknown;
    try {
      createWorkingCalendar({ workingIntervals: [], workingWeekdays: [], years: {} });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidCalendarConfigError);
    const error = thrown as InvalidCalendarConfigError;
    expect(error.code).toBe("INVALID_CALENDAR_CONFIG");
    expect(error.errors.map((e) => e.code)).toEqual(["INTERVALS_EMPTY", "WEEKDAYS_EMPTY"]);
    expect(error.message).toContain("Cấu hình lịch làm việc không hợp lệ");
  });
});
