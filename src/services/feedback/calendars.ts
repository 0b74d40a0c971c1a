import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { WorkingCalendar } from "../../domain/calendar/types.ts";
import { loadWorkingCalendar } from "../calendar/loadCalendar.ts";

/** The working calendar of an agency (its own hours, R-CAL-4), or the province's when no agency handles it yet. */
export function feedbackCalendar(db: Kysely<Database>, agencyId: string | null): Promise<WorkingCalendar> {
  return agencyId === null ? loadWorkingCalendar(db) : loadWorkingCalendar(db, { id: agencyId });
}

/** Calendars by agency for a batch (jobs, counting): each loaded once. */
export function calendarCache(db: Kysely<Database>) {
  const cache = new Map<string, Promise<WorkingCalendar>>();
  return (agencyId: string | null) => {
    const key = agencyId ?? "";
    let calendar = cache.get(key);
    if (!calendar) {
      calendar = feedbackCalendar(db, agencyId);
      cache.set(key, calendar);
    }
    return calendar;
  };
}
