import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Database } from "../../../src/db/schema.ts";
import {
  calendarColumnsSql,
  loadWorkingCalendar,
  workingCalendarOf,
} from "../../../src/services/calendar/loadCalendar.ts";
import { runDossierCommand } from "../../../src/services/dossiers/runDossierCommand.ts";
import { demoUserIds, submitBirthRegistration } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

// The calendar's version (issue #21, migration 0044): a command reads the calendar's stamp and reuses the calendar it
// built while the stamp is the same; every write to the calendar's tables, in any transaction or process, gives a new
// stamp, so the next command sees a holiday added, changed or removed (R-CAL-3, R-CAL-8), as when it read every row.

let handle: DatabaseHandle;
let db: Kysely<Database>;
let users: Record<string, string>;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  db = handle.db;
  users = await demoUserIds(db);
});

afterAll(async () => {
  await handle?.close();
});

const stampOf = async (database: Kysely<Database>) =>
  (
    await sql<{ stamp: string }>`select stamp::text as stamp from calendar_version where id = 1`.execute(
      database,
    )
  ).rows[0]!.stamp;

// Monday 23 November 2026, 09:00 in the province; Tuesday the 24th is an ordinary working day in the demo calendar.
const monday = new Date("2026-11-23T09:00:00+07:00");
const tuesday = "2026-11-24";

async function addHoliday(database: Kysely<Database>, date: string, name: string): Promise<void> {
  await database
    .insertInto("calendar_years")
    .values({ year: Number(date.slice(0, 4)) })
    .onConflict((c) => c.doNothing())
    .execute();
  await database
    .insertInto("calendar_days")
    .values({ date, year: Number(date.slice(0, 4)), kind: "holiday", name })
    .execute();
}

describe("calendar version (migration 0044)", () => {
  it("gets a new stamp with every insert, update and delete of a day and a year's deletion", async () => {
    const stamps = [await stampOf(db)];
    const changed = async () => {
      const stamp = await stampOf(db);
      expect(stamps).not.toContain(stamp);
      stamps.push(stamp);
    };
    await addHoliday(db, "2031-03-05", "Ngày thử");
    await changed();
    await db
      .updateTable("calendar_days")
      .set({ name: "Ngày thử đổi tên" })
      .where("date", "=", "2031-03-05")
      .execute();
    await changed();
    await db.deleteFrom("calendar_days").where("date", "=", "2031-03-05").execute();
    await changed();
    await addHoliday(db, "2031-03-06", "Ngày thử");
    await changed();
    // The year's days go with it (on delete cascade): one change either way.
    await db.deleteFrom("calendar_years").where("year", "=", 2031).execute();
    await changed();
    await sql`select 1 from calendar_days limit 1`.execute(db);
    expect(await stampOf(db)).toBe(stamps.at(-1));
  });

  it("leaves the rows out of the statement when the caller already has the stamp's", async () => {
    const stamp = await stampOf(db);
    const read = (known: string) => {
      const columns = calendarColumnsSql(sql`${known}`);
      return sql<{
        stamp: string;
        rows: string | null;
      }>`select ${columns.stamp} as stamp, ${columns.rows} as rows`
        .execute(db)
        .then((result) => result.rows[0]!);
    };
    expect(await read(stamp)).toEqual({ stamp, rows: null });
    const full = await read("");
    expect(full.stamp).toBe(stamp);
    const rows = JSON.parse(full.rows!) as { years: number[]; days: { date: string }[] };
    const days = await db.selectFrom("calendar_days").select("date").orderBy("date").execute();
    expect(rows.days.map((day) => day.date)).toEqual(days.map((day) => day.date));
    expect(rows.years.length).toBeGreaterThan(0);
  });

  it("reuses the built calendar while the stamp is the same, and builds anew after a change", async () => {
    const first = await loadWorkingCalendar(db);
    expect(await loadWorkingCalendar(db)).toBe(first);
    await addHoliday(db, "2032-06-02", "Ngày thử");
    const second = await loadWorkingCalendar(db);
    expect(second).not.toBe(first);
    expect(second.isWorkingDay("2032-06-02")).toBe(false);
    expect(first.isWorkingDay("2032-06-02")).toBe(true);
  });

  it("reads the rows again when a stamp comes back without them and none are kept for it", async () => {
    const calendar = await workingCalendarOf(db, null, "a stamp this process never saw", null);
    const loaded = await loadWorkingCalendar(db);
    expect(calendar).toBe(loaded);
    expect(calendar.isWorkingDay("2032-06-02")).toBe(false);
  });

  it("R-CAL-7: a submission's and an acceptance's deadlines follow a holiday added, renamed and removed in another transaction", async () => {
    const citizen = users["congdan.demo"]!;
    const officer = users["motcua.trungtam"]!;
    const accept = (id: string, now: Date) =>
      runDossierCommand(db, {
        dossierId: id,
        command: { type: "accept" },
        actor: { role: "counterOfficer", id: officer },
        author: { userId: officer, role: "counter_officer" },
        now,
        authorize: () => {},
      });
    // Before: Monday 09:00 + 8 working hours = Tuesday 09:00; accepted Monday 10:00, 1 working day = Tuesday 10:00.
    const before = await submitBirthRegistration(db, citizen, monday);
    expect(before.row.reception_due_at?.toISOString()).toBe(
      new Date("2026-11-24T09:00:00+07:00").toISOString(),
    );

    // A holiday on Tuesday, written by another connection's transaction (the pool's), seen by the next commands.
    await db.transaction().execute(async (trx) => addHoliday(trx, tuesday, "Nghỉ thử"));
    const during = await submitBirthRegistration(db, citizen, monday);
    expect(during.row.reception_due_at?.toISOString()).toBe(
      new Date("2026-11-25T09:00:00+07:00").toISOString(),
    );
    const accepted = await accept(before.row.id, new Date("2026-11-23T10:00:00+07:00"));
    expect(accepted.row.due_at?.toISOString()).toBe(new Date("2026-11-25T10:00:00+07:00").toISOString());

    // Renamed: a new stamp, the same deadlines.
    await db
      .updateTable("calendar_days")
      .set({ name: "Nghỉ thử (đổi tên)" })
      .where("date", "=", tuesday)
      .execute();
    const renamed = await submitBirthRegistration(db, citizen, monday);
    expect(renamed.row.reception_due_at?.toISOString()).toBe(
      new Date("2026-11-25T09:00:00+07:00").toISOString(),
    );

    // Removed: Tuesday works again for the next commands.
    await db.deleteFrom("calendar_days").where("date", "=", tuesday).execute();
    const after = await submitBirthRegistration(db, citizen, monday);
    expect(after.row.reception_due_at?.toISOString()).toBe(
      new Date("2026-11-24T09:00:00+07:00").toISOString(),
    );
    const acceptedAfter = await accept(during.row.id, new Date("2026-11-23T10:00:00+07:00"));
    expect(acceptedAfter.row.due_at?.toISOString()).toBe(new Date("2026-11-24T10:00:00+07:00").toISOString());
  });

  it("keeps two databases' calendars apart in one process, though both start from one template's stamp", async () => {
    const other = await createTestDatabase({ seeded: true });
    try {
      expect((await loadWorkingCalendar(other.db)).isWorkingDay("2032-06-02")).toBe(true);
      expect((await loadWorkingCalendar(db)).isWorkingDay("2032-06-02")).toBe(false);
      await addHoliday(other.db, "2033-01-12", "Ngày thử của cơ sở dữ liệu khác");
      for (let round = 0; round < 2; round++) {
        expect((await loadWorkingCalendar(other.db)).isWorkingDay("2033-01-12")).toBe(false);
        expect((await loadWorkingCalendar(db)).isWorkingDay("2033-01-12")).toBe(true);
        expect((await loadWorkingCalendar(other.db)).isWorkingDay("2032-06-02")).toBe(true);
      }
    } finally {
      await other.close();
    }
  });

  it("says so when the version row is missing, instead of asking again forever", async () => {
    await sql`delete from calendar_version`.execute(db);
    try {
      await expect(loadWorkingCalendar(db)).rejects.toThrow(/calendar_version/);
    } finally {
      await sql`insert into calendar_version (id, stamp) values (1, gen_random_uuid())`.execute(db);
    }
    expect((await loadWorkingCalendar(db)).isWorkingDay("2032-06-02")).toBe(false);
  });

  it("a truncate of the days gives a new stamp too", async () => {
    const stamp = await stampOf(db);
    await sql`truncate calendar_days`.execute(db);
    expect(await stampOf(db)).not.toBe(stamp);
    expect((await loadWorkingCalendar(db)).isWorkingDay("2032-06-02")).toBe(true);
  });
});
