import type { WorkingCalendar } from "../../../src/domain/calendar/types.ts";
import { createFakeWorkingCalendar } from "./fakeWorkingCalendar.ts";

export { at } from "./fakeWorkingCalendar.ts";

/** The calendar every deadline and dossier test uses: default hours, Monday–Friday, UTC+7, 2025 holidays fixed. */
export function testCalendar(): WorkingCalendar {
  return createFakeWorkingCalendar(["2025-04-30", "2025-05-01", "2025-09-01", "2025-09-02"]);
}
