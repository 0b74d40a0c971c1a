import type { WorkingCalendar } from "../../../src/domain/calendar/types.ts";
import {
  createWorkingCalendar,
  DEFAULT_CALENDAR_CONFIG,
} from "../../../src/domain/calendar/workingCalendar.ts";

/**
 * The calendar every deadline and dossier test uses: the real working calendar with the default hours
 * (07:00–11:30, 13:30–17:00, Monday–Friday, UTC+7, R-CAL-4) and 2025's days fixed here so the tests do not depend on
 * the computed holiday defaults: 30/4, 1/5, 1–2/9 off, no make-up day.
 */
export function testCalendar(): WorkingCalendar {
  return createWorkingCalendar({
    ...DEFAULT_CALENDAR_CONFIG,
    years: {
      2025: {
        holidays: ["2025-04-30", "2025-05-01", "2025-09-01", "2025-09-02"].map((date) => ({
          date,
          name: "nghỉ lễ",
        })),
        makeupDays: [],
      },
    },
  });
}

/** An instant given in the province's wall-clock time, e.g. `at("2025-07-14 09:00")`. */
export function at(local: string): Date {
  return new Date(`${local.replace(" ", "T")}:00+07:00`);
}
