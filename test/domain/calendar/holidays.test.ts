import { describe, expect, it } from "vitest";
import {
  defaultYearCalendar,
  isoWeekdayOfDay,
  nationalDayAdjacent,
} from "../../../src/domain/calendar/holidays.ts";
import { dayIndexFromJdn, jdnFromCivil, jdnFromLocalDate } from "../../../src/domain/calendar/lunar.ts";

const dates = (year: number): string[] => defaultYearCalendar(year).holidays.map((h) => h.date);
const nameOf = (year: number, date: string): string | undefined =>
  defaultYearCalendar(year).holidays.find((h) => h.date === date)?.name;
const weekday = (date: string): number => isoWeekdayOfDay(dayIndexFromJdn(jdnFromLocalDate(date)));

describe("R-CAL-2: computed default holidays", () => {
  it("R-CAL-2: 2026 — the 11 statutory days, Tết = 30/29 Tết + mùng 1–4 [M], Giỗ Tổ on Sunday gets nghỉ bù [M]", () => {
    expect(dates(2026)).toEqual([
      "2026-01-01",
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
      "2026-02-20",
      "2026-04-26",
      "2026-04-27", // nghỉ bù: Giỗ Tổ 26/4/2026 is a Sunday
      "2026-04-30",
      "2026-05-01",
      "2026-09-01", // 2/9/2026 is a Wednesday: tie, 1/9 chosen [M]
      "2026-09-02",
    ]);
    expect(nameOf(2026, "2026-01-01")).toBe("Tết Dương lịch");
    expect(nameOf(2026, "2026-02-16")).toBe("Tết Nguyên đán (ngày cuối năm Âm lịch)");
    expect(nameOf(2026, "2026-02-17")).toBe("Tết Nguyên đán (mùng 1 Tết)");
    expect(nameOf(2026, "2026-04-26")).toBe("Giỗ Tổ Hùng Vương (10/3 Âm lịch)");
    expect(nameOf(2026, "2026-04-27")).toBe("Nghỉ bù Giỗ Tổ Hùng Vương (10/3 Âm lịch)");
    expect(nameOf(2026, "2026-04-30")).toBe("Ngày Chiến thắng (30/4)");
    expect(nameOf(2026, "2026-05-01")).toBe("Ngày Quốc tế Lao động (1/5)");
    expect(nameOf(2026, "2026-09-01")).toBe("Quốc khánh (nghỉ liền kề 1/9)");
    expect(nameOf(2026, "2026-09-02")).toBe("Quốc khánh (2/9)");
    expect(defaultYearCalendar(2026).makeupDays).toEqual([]);
  });

  it("R-CAL-2 [M]: 2023 — holidays on weekends get consecutive compensatory days (matches the 2023 notice for 30/4–1/5 and 2/9)", () => {
    expect(dates(2023)).toEqual([
      "2023-01-01",
      "2023-01-02", // bù 1/1 (Sunday)
      "2023-01-21",
      "2023-01-22",
      "2023-01-23",
      "2023-01-24",
      "2023-01-25",
      "2023-01-26", // bù 30 Tết (Saturday)
      "2023-01-27", // bù mùng 1 (Sunday)
      "2023-04-29",
      "2023-04-30",
      "2023-05-01",
      "2023-05-02", // bù Giỗ Tổ (Saturday)
      "2023-05-03", // bù 30/4 (Sunday)
      "2023-09-01", // 2/9 Saturday → 1/9 Friday, as the 2023 notice
      "2023-09-02",
      "2023-09-04", // bù 2/9 (Saturday)
    ]);
  });

  it.each([
    [2024, 1, "2024-09-03"], // Monday → 3/9 (Tuesday), as the 2024 notice
    [2025, 2, "2025-09-01"], // Tuesday → 1/9 (Monday), as the 2025 notice
    [2026, 3, "2026-09-01"], // Wednesday → tie, 1/9 [M]
    [2027, 4, "2027-09-03"], // Thursday → 3/9 (Friday)
    [2022, 5, "2022-09-01"], // Friday → 1/9 (Thursday), as the 2022 notice
    [2023, 6, "2023-09-01"], // Saturday → 1/9 (Friday), as the 2023 notice
    [2029, 7, "2029-09-03"], // Sunday → 3/9 (Monday)
  ])(
    "R-CAL-2 [M]: Quốc khánh %i (2/9 weekday %i) adds %s, the day that joins the weekend",
    (year, wd, extra) => {
      expect(weekday(`${year}-09-02`)).toBe(wd);
      expect(dates(year)).toContain(extra);
      const other = extra.endsWith("01") ? `${year}-09-03` : `${year}-09-01`;
      // The other adjacent day is only a holiday when it is a compensatory day.
      const otherName = nameOf(year, other);
      expect(otherName === undefined || otherName.startsWith("Nghỉ bù")).toBe(true);
    },
  );

  it("R-CAL-2 [M]: 2/9 on Sunday (2029) — 3/9 is the extra day and 4/9 compensates Sunday", () => {
    expect(dates(2029).filter((d) => d.startsWith("2029-09"))).toEqual([
      "2029-09-02",
      "2029-09-03",
      "2029-09-04",
    ]);
  });

  it("R-CAL-2: a year has 11 statutory days; compensatory days only replace days lost to rest days", () => {
    for (let year = 1950; year <= 2150; year++) {
      const holidays = defaultYearCalendar(year).holidays;
      const bu = holidays.filter((h) => h.name.startsWith("Nghỉ bù"));
      const merged = holidays.filter((h) => h.name.includes(";")).length;
      expect(holidays.length - bu.length + merged).toBe(11);
      // Never double-counted: unique dates, sorted.
      const ds = holidays.map((h) => h.date);
      expect(new Set(ds).size).toBe(ds.length);
      expect([...ds].sort()).toEqual(ds);
      // Every compensatory day is a working weekday.
      for (const h of bu) expect(weekday(h.date)).toBeLessThanOrEqual(5);
      // Exactly enough compensatory days: one per statutory day lost to a weekend or to another holiday.
      const statutory = holidays.filter((h) => !h.name.startsWith("Nghỉ bù"));
      const lost = statutory.filter((h) => weekday(h.date) >= 6).length + merged;
      expect(bu.length).toBe(lost);
    }
  });

  it("R-CAL-2 [M]: 1947 — Giỗ Tổ coincides with 30/4: listed once, the lost day compensated", () => {
    const h = defaultYearCalendar(1947).holidays;
    expect(h.filter((x) => x.date === "1947-04-30")).toEqual([
      { date: "1947-04-30", name: "Giỗ Tổ Hùng Vương (10/3 Âm lịch); Ngày Chiến thắng (30/4)" },
    ]);
    expect(h.some((x) => x.name === "Nghỉ bù Ngày Chiến thắng (30/4)")).toBe(true);
  });

  it("R-CAL-1/R-CAL-2: with a six-day week (Mon–Sat) only Sundays produce compensatory days", () => {
    const h = defaultYearCalendar(2026, [1, 2, 3, 4, 5, 6]).holidays;
    expect(h.filter((x) => x.name.startsWith("Nghỉ bù")).map((x) => x.date)).toEqual(["2026-04-27"]);
    // 2/9/2026 Wednesday: both candidates give the same break; 1/9 again.
    expect(nationalDayAdjacent(2026, new Set([1, 2, 3, 4, 5, 6]))).toBe(
      dayIndexFromJdn(jdnFromCivil(2026, 9, 1)),
    );
  });

  it("R-CAL-1: a calendar without any working weekday is refused", () => {
    expect(() => defaultYearCalendar(2026, [])).toThrow(RangeError);
    expect(() => defaultYearCalendar(2026, [0, 8])).toThrow(RangeError);
  });

  it("R-CAL-1: ISO weekdays of day indices (1970-01-01 was a Thursday; negative indices too)", () => {
    expect(isoWeekdayOfDay(0)).toBe(4);
    expect(isoWeekdayOfDay(-1)).toBe(3);
    expect(isoWeekdayOfDay(4)).toBe(1);
  });
});
