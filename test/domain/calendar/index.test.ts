import { describe, expect, it } from "vitest";
import * as calendar from "../../../src/domain/calendar/index.ts";

describe("R-CAL-3: the calendar module's public surface", () => {
  it("R-CAL-3: exports the calendar, holidays, lunar conversion and helpers from one path", () => {
    const cal = calendar.createWorkingCalendar(calendar.DEFAULT_CALENDAR_CONFIG);
    expect(cal.isWorkingDay("2026-02-17")).toBe(false);
    expect(calendar.defaultYearCalendar(2026).holidays.length).toBe(12);
    expect(calendar.lunarNewYear(2026)).toBe("2026-02-17");
    expect(calendar.parseDuration("3wd")).toEqual({ amount: 3, unit: "wd" });
    expect(calendar.formatInstant(calendar.instantAt("2026-11-25", "16:30"))).toBe(
      "2026-11-25T16:30:00+07:00",
    );
    expect(calendar.validateCalendarConfig(calendar.DEFAULT_CALENDAR_CONFIG)).toEqual([]);
  });
});
