import { type Kysely, sql } from "kysely";

/** The tables a working calendar is built from beside an agency's own hours (R-CAL-3, R-CAL-8). */
const CALENDAR_TABLES = ["calendar_years", "calendar_days"] as const;

/**
 * The working calendar's version (issue #21): every dossier command read the calendar's years and days as JSON to
 * build its deadlines; now it reads this one small row and reuses the calendar it built while the stamp is the same
 * (src/services/calendar/loadCalendar.ts). A statement trigger on both tables gives the row a new stamp in the
 * transaction that writes them — the administrator's calendar page, the CLI, the seed, a hand-written statement — so
 * no writer can forget it, and every process sees the change on its next command (R-CAL-3: an edit is in force at
 * once). The stamp is a random UUID rather than a counter so that two databases served by one process (tests) never
 * share a stamp with different rows; copies of one database share stamp and rows alike. BEFORE the statement, as for
 * the catalog's version (0037): writers take the version row first and queue on it in one order. Plain PostgreSQL
 * (PL/pgSQL, gen_random_uuid of PostgreSQL 13+) accepted by PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table calendar_version (
      id smallint primary key check (id = 1),
      stamp uuid not null
    )`.execute(db);
  await sql`insert into calendar_version (id, stamp) values (1, gen_random_uuid())`.execute(db);
  await sql`
    create function bump_calendar_version() returns trigger language plpgsql as $$
    begin
      update calendar_version set stamp = gen_random_uuid() where id = 1;
      return null;
    end
    $$`.execute(db);
  for (const table of CALENDAR_TABLES)
    await sql`
      create trigger ${sql.raw(`${table}_calendar_version`)}
        before insert or update or delete or truncate on ${sql.table(table)}
        for each statement execute function bump_calendar_version()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of CALENDAR_TABLES)
    await sql`drop trigger if exists ${sql.raw(`${table}_calendar_version`)} on ${sql.table(table)}`.execute(
      db,
    );
  await sql`drop function if exists bump_calendar_version()`.execute(db);
  await sql`drop table if exists calendar_version`.execute(db);
}
