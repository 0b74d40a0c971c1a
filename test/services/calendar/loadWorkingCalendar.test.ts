import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Database } from "../../../src/db/schema.ts";
import { loadWorkingCalendar } from "../../../src/services/calendar/loadCalendar.ts";
import { NotFoundError } from "../../../src/services/errors.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

// The agency's calendar in one statement, built once per distinct content (issue #21): an administrator's change
// (R-CAL-3 holidays, R-CAL-4 an agency's hours) is seen by the very next read.

let handle: DatabaseHandle;
let db: Kysely<Database>;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  db = handle.db;
});

afterAll(async () => {
  await handle?.close();
});

const wednesday = "2027-03-17";

describe("loadWorkingCalendar", () => {
  it("sees a holiday added between two reads", async () => {
    await db.deleteFrom("calendar_days").where("date", "=", wednesday).execute();
    expect((await loadWorkingCalendar(db)).isWorkingDay(wednesday)).toBe(true);
    await db
      .insertInto("calendar_years")
      .values({ year: 2027 })
      .onConflict((c) => c.doNothing())
      .execute();
    await db
      .insertInto("calendar_days")
      .values({ date: wednesday, year: 2027, kind: "holiday", name: "Nghỉ bù thử" })
      .execute();
    expect((await loadWorkingCalendar(db)).isWorkingDay(wednesday)).toBe(false);
  });

  it("uses an agency's own hours, found by code or id, and refuses an unknown agency", async () => {
    const agency = await db.selectFrom("agencies").select(["id", "code"]).limit(1).executeTakeFirstOrThrow();
    await db
      .updateTable("agencies")
      .set({ working_intervals: JSON.stringify([{ start: "08:00", end: "10:00" }]) as never })
      .where("id", "=", agency.id)
      .execute();
    const instant = new Date("2027-03-18T04:00:00Z"); // Thursday 11:00 in Vietnam
    expect((await loadWorkingCalendar(db, { id: agency.id })).isWorkingInstant(instant)).toBe(false);
    expect((await loadWorkingCalendar(db, { code: agency.code })).isWorkingInstant(instant)).toBe(false);
    expect((await loadWorkingCalendar(db)).isWorkingInstant(instant)).toBe(true);
    await expect(loadWorkingCalendar(db, { code: "KHONG-CO" })).rejects.toBeInstanceOf(NotFoundError);
  });
});
