import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  civilFromJdn,
  jdnFromCivil,
  jdnFromLocalDate,
  leapMonthOf,
  localDateFromJdn,
  lunarNewYear,
  lunarToSolar,
  solarToLunar,
} from "../../../src/domain/calendar/lunar.ts";

const CHINA = 8;

/** Tết Nguyên đán (lunar 1/1) as published in Vietnam. */
const VIETNAMESE_TET: Array<[number, string]> = [
  [1968, "1968-01-29"], // Tết Mậu Thân: North Vietnam had just moved to UTC+7; China (and the South) 30 Jan
  [1985, "1985-01-21"], // Tết Ất Sửu: China 20 Feb, a whole month later
  [2000, "2000-02-05"],
  [2007, "2007-02-17"], // Tết Đinh Hợi: China 18 Feb
  [2008, "2008-02-07"],
  [2009, "2009-01-26"],
  [2010, "2010-02-14"],
  [2011, "2011-02-03"],
  [2012, "2012-01-23"],
  [2013, "2013-02-10"],
  [2014, "2014-01-31"],
  [2015, "2015-02-19"],
  [2016, "2016-02-08"],
  [2017, "2017-01-28"],
  [2018, "2018-02-16"],
  [2019, "2019-02-05"],
  [2020, "2020-01-25"],
  [2021, "2021-02-12"],
  [2022, "2022-02-01"],
  [2023, "2023-01-22"],
  [2024, "2024-02-10"],
  [2025, "2025-01-29"],
  [2026, "2026-02-17"],
  [2027, "2027-02-06"],
  [2028, "2028-01-26"],
  [2029, "2029-02-13"],
];

describe("R-CAL-8: Vietnamese lunar calendar at UTC+7", () => {
  it.each(VIETNAMESE_TET)("R-CAL-8: Tết %i is %s", (year, date) => {
    expect(lunarNewYear(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it("R-CAL-8: the UTC+7 calendar differs from the UTC+8 (Chinese) one in 1968, 1985, 2007", () => {
    expect(lunarNewYear(1968, CHINA)).toBe("1968-01-30");
    expect(lunarNewYear(1985, CHINA)).toBe("1985-02-20");
    expect(lunarNewYear(2007, CHINA)).toBe("2007-02-18");
    // 1984–85: Vietnam has no leap month in 1984 and a leap month 2 in 1985; the UTC+8 computation puts a
    // leap month 10 in 1984 instead, hence the month-long gap between the two Tết.
    expect(leapMonthOf(1984)).toBeNull();
    expect(leapMonthOf(1985)).toBe(2);
    expect(leapMonthOf(1984, CHINA)).toBe(10);
    expect(leapMonthOf(1985, CHINA)).toBeNull();
    // 2007: the new moon of 17 Feb 2007 was at 16:14 UTC, i.e. 23:14 in Vietnam but 00:14 on 18 Feb in China.
    expect(solarToLunar("2007-02-17", CHINA)).toEqual({ day: 30, month: 12, year: 2006, leap: false });
  });

  it("R-CAL-8: Tết 2030 is 2 Feb 2030 at UTC+7 (new moon 2 Feb 16:07 UTC = 23:07 UTC+7); China: 3 Feb", () => {
    // The brief listed 2030-02-03, which is the Chinese (UTC+8) date; Vietnam's calendar starts the month on
    // the civil day of the new moon in UTC+7. The yearly notice stays the truth (R-CAL-8).
    expect(lunarNewYear(2030)).toBe("2030-02-02");
    expect(lunarNewYear(2030, CHINA)).toBe("2030-02-03");
    expect(solarToLunar("2030-02-03")).toEqual({ day: 2, month: 1, year: 2030, leap: false });
  });

  it.each([
    [2020, "2020-04-02"],
    [2021, "2021-04-21"],
    [2022, "2022-04-10"],
    [2023, "2023-04-29"],
    [2024, "2024-04-18"],
    [2025, "2025-04-07"],
    [2026, "2026-04-26"],
    [2027, "2027-04-16"],
  ])("R-CAL-2: Giỗ Tổ Hùng Vương (lunar 10/3) of %i is %s", (year, date) => {
    expect(lunarToSolar({ day: 10, month: 3, year, leap: false })).toBe(date);
  });

  it.each([
    [2012, 4],
    [2014, 9],
    [2017, 6],
    [2020, 4],
    [2023, 2],
    [2025, 6],
    [2028, 5],
    [2033, 11],
  ])("R-CAL-8: lunar year %i has leap month %i", (year, month) => {
    expect(leapMonthOf(year)).toBe(month);
  });

  it.each([2021, 2022, 2024, 2026, 2027])("R-CAL-8: lunar year %i has no leap month", (year) => {
    expect(leapMonthOf(year)).toBeNull();
  });

  it("R-CAL-8: leap month dates convert both ways (4 nhuận 2020, 6 nhuận 2025)", () => {
    expect(lunarToSolar({ day: 1, month: 4, year: 2020, leap: true })).toBe("2020-05-23");
    expect(solarToLunar("2020-05-23")).toEqual({ day: 1, month: 4, year: 2020, leap: true });
    expect(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })).toBe("2025-07-25");
    expect(solarToLunar("2025-07-25")).toEqual({ day: 1, month: 6, year: 2025, leap: true });
    // Month 11 and 12 belong to the lunar year that started at the previous Tết.
    expect(solarToLunar("2026-01-01")).toEqual({ day: 13, month: 11, year: 2025, leap: false });
    expect(lunarToSolar({ day: 13, month: 11, year: 2025, leap: false })).toBe("2026-01-01");
  });

  it("R-CAL-8: impossible lunar dates are refused", () => {
    expect(() => lunarToSolar({ day: 1, month: 5, year: 2020, leap: true })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 4, year: 2021, leap: true })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 0, month: 1, year: 2021, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 31, month: 1, year: 2021, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 13, year: 2021, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 0, year: 2021, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1.5, month: 1, year: 2021, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 1.5, year: 2021, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 1, year: 2021.5, leap: false })).toThrow(RangeError);
    // Month 12 of Quý Mão (2023) has 30 days: 30 Tết is 9 Feb 2024, the eve of Tết Giáp Thìn.
    expect(lunarToSolar({ day: 30, month: 12, year: 2023, leap: false })).toBe("2024-02-09");
    // Months 12 of Giáp Thìn (2024) and Ất Tỵ (2025) have 29 days: the "years without 30 Tết".
    expect(lunarToSolar({ day: 29, month: 12, year: 2024, leap: false })).toBe("2025-01-28");
    expect(() => lunarToSolar({ day: 30, month: 12, year: 2024, leap: false })).toThrow(/29 ngày/);
    expect(lunarToSolar({ day: 29, month: 12, year: 2025, leap: false })).toBe("2026-02-16");
    // Leap months too: 4 nhuận 2020 has 29 days, 6 nhuận 2017 has 30.
    expect(() => lunarToSolar({ day: 30, month: 4, year: 2020, leap: true })).toThrow(/4 nhuận\/2020/);
    expect(lunarToSolar({ day: 30, month: 6, year: 2017, leap: true })).toBe("2017-08-21");
    expect(() => lunarToSolar({ day: 0, month: 4, year: 2020, leap: true })).toThrow(/0\/4 nhuận\/2020/);
    expect(() => lunarToSolar({ day: 30, month: 12, year: 2025, leap: false })).toThrow(/29 ngày/);
  });

  it("R-CAL-8: solar dates are validated", () => {
    expect(() => solarToLunar("2026-02-30")).toThrow(RangeError);
    expect(() => solarToLunar("26-02-01")).toThrow(RangeError);
    expect(() => jdnFromLocalDate("2026-13-01")).toThrow(RangeError);
    expect(jdnFromLocalDate("2000-01-01")).toBe(2451545);
    expect(civilFromJdn(2451545)).toEqual({ year: 2000, month: 1, day: 1 });
    expect(localDateFromJdn(jdnFromCivil(1900, 1, 1))).toBe("1900-01-01");
  });

  const solarDate = fc
    .integer({ min: jdnFromCivil(1900, 1, 1), max: jdnFromCivil(2199, 12, 31) })
    .map(localDateFromJdn);

  it("R-CAL-8: solar → lunar → solar is the identity for 1900–2199 (property)", () => {
    fc.assert(
      fc.property(solarDate, (date) => {
        const lunar = solarToLunar(date);
        expect(lunar.day).toBeGreaterThanOrEqual(1);
        expect(lunar.day).toBeLessThanOrEqual(30);
        expect(lunarToSolar(lunar)).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });

  it("R-CAL-8: every solar day of 1900–2199 converts to a real lunar day that follows the day before (exhaustive)", () => {
    // 2062-04-09 once came out as day 0: the mean-month estimate overshot the true new moon.
    expect(solarToLunar("2062-04-09")).toEqual({ day: 30, month: 2, year: 2062, leap: false });
    expect(solarToLunar("2062-04-10")).toEqual({ day: 1, month: 3, year: 2062, leap: false });
    let previous = solarToLunar("1899-12-31");
    for (let jdn = jdnFromCivil(1900, 1, 1); jdn <= jdnFromCivil(2199, 12, 31); jdn++) {
      const date = localDateFromJdn(jdn);
      const lunar = solarToLunar(date);
      // Consecutive days either continue the month or start the next one at day 1 after day 29 or 30.
      const continues = lunar.day === previous.day + 1 && lunar.month === previous.month;
      const nextMonth = lunar.day === 1 && (previous.day === 29 || previous.day === 30);
      if (!continues && !nextMonth)
        throw new Error(`${date}: ${JSON.stringify(previous)} → ${JSON.stringify(lunar)}`);
      previous = lunar;
    }
  });

  it("R-CAL-8: lunar → solar → lunar is the identity for existing lunar dates (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2199 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 29 }),
        fc.boolean(),
        (year, month, day, wantLeap) => {
          const leap = wantLeap && leapMonthOf(year) === month;
          const lunar = { day, month, year, leap };
          expect(solarToLunar(lunarToSolar(lunar))).toEqual(lunar);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("R-CAL-8: every lunar year of 1900–2199 has 12 or 13 months and Tết between 21 Jan and 20 Feb", () => {
    for (let year = 1900; year <= 2199; year++) {
      const tet = lunarNewYear(year);
      expect(tet >= `${year}-01-21` && tet <= `${year}-02-20`).toBe(true);
      const days = jdnFromLocalDate(lunarNewYear(year + 1)) - jdnFromLocalDate(tet);
      const leap = leapMonthOf(year);
      if (leap === null) expect(days === 354 || days === 355 || days === 353).toBe(true);
      else expect(days >= 383 && days <= 385).toBe(true);
    }
  });

  it("R-CAL-8: the conversion keeps working (consistently) far outside 1900–2199", () => {
    for (const date of ["0800-06-15", "1500-03-01", "2400-12-31"]) {
      expect(lunarToSolar(solarToLunar(date))).toBe(date);
    }
  });
});
