import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultYearCalendar, lunarNewYear, lunarToSolar } from "../../src/domain/calendar/index.ts";
import type { YearCalendar } from "../../src/domain/calendar/types.ts";

/**
 * data/calendar.json carries the Government's notices and, for years not yet announced, projections (R-CAL-2,
 * R-CAL-8). Every lunar holiday in it must fall where the domain's own lunar computation puts it: a projection typed
 * by hand once put Giỗ Tổ Hùng Vương 2027 a day early (issue #12 §7).
 */
const data = JSON.parse(readFileSync(new URL("../../data/calendar.json", import.meta.url), "utf8")) as {
  years: Record<string, YearCalendar>;
};
const years = Object.entries(data.years).map(([year, calendar]) => ({ year: Number(year), calendar }));

describe("data/calendar.json agrees with the lunar computation (R-CAL-2)", () => {
  it("has years to check", () => {
    expect(years.length).toBeGreaterThan(0);
  });

  for (const { year, calendar } of years) {
    const holidayDates = new Set(calendar.holidays.map((holiday) => holiday.date));

    it(`${year}: Giỗ Tổ Hùng Vương is on 10/3 of the lunar year`, () => {
      const tenthOfThird = lunarToSolar({ year, month: 3, day: 10, leap: false });
      const named = calendar.holidays.filter((holiday) => /Giỗ Tổ Hùng Vương \(10\/3/i.test(holiday.name));
      expect(named.map((holiday) => holiday.date)).toEqual([tenthOfThird]);
    });

    it(`${year}: every lunar holiday the domain computes is a day off in the data`, () => {
      expect(holidayDates.has(lunarNewYear(year))).toBe(true);
      const lunarHolidays = defaultYearCalendar(year).holidays.filter(
        (holiday) => /Âm lịch|Tết Nguyên đán/i.test(holiday.name) && !/^Nghỉ bù/.test(holiday.name),
      );
      expect(lunarHolidays.length).toBeGreaterThanOrEqual(6);
      for (const holiday of lunarHolidays) expect(holidayDates, holiday.name).toContain(holiday.date);
    });
  }
});
