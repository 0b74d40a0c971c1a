import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import type { LateAgencyEntry, LateOfficerEntry } from "../db/statisticsTables.ts";
import { lateListOf } from "../services/statistics/lateList.ts";
import { localDate, monthPeriod } from "../services/statistics/period.ts";
import { projectTimeliness } from "../services/statistics/projectTimeliness.ts";

export interface LatePublication {
  month: string;
  publishedAt: Date;
  agencies: LateAgencyEntry[];
  officers: LateOfficerEntry[];
  publishedBy: string;
}

/** `YYYY-MM` of the month before the one containing `now` (in Hà Nội). */
export function previousMonth(now: Date): string {
  const { year, month } = localDate(now);
  const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  return `${previous.year}-${String(previous.month).padStart(2, "0")}`;
}

/**
 * Publishes the list of late agencies and officers of `month` (R-LATE-4: monthly, automatically, on the portal) once.
 * Publishers of a month are serialized by an advisory lock (the month is also the table's key), so any number of
 * processes, the scheduler and the CLI may try at once: one inserts, the others find it published. A month not yet
 * over is refused (its list would be incomplete). Returns whether this call published it, and the publication in force.
 */
export async function publishLateList(
  db: Kysely<Database>,
  input: { month: string; now: Date; publishedBy: string },
): Promise<{ published: boolean; publication: LatePublication }> {
  const period = monthPeriod(input.month);
  if (input.now < period.to) throw new RangeError(`month ${input.month} is not over`);
  return db.transaction().execute(async (trx) => {
    // One publisher at a time per month: a second one waits here, then finds the list published. Without this, a
    // publisher could read the verdicts while another's projection still held them locked (SKIP LOCKED) and publish
    // an incomplete list first.
    await sql`select pg_advisory_xact_lock(hashtext(${`late-list:${input.month}`}))`.execute(trx);
    const existing = await findPublication(trx, input.month);
    if (existing) return { published: false, publication: existing };
    // The late verdicts must include every dossier changed up to now: wait for projections in flight elsewhere
    // (FOR UPDATE, not SKIP LOCKED), then classify what is still pending inside this transaction.
    await sql`select id from dossiers where timeliness_pending for update`.execute(trx);
    await projectTimeliness(trx, { now: input.now });
    const list = await lateListOf(trx, period);
    const inserted = await trx
      .insertInto("late_list_publications")
      .values({
        month: `${input.month}-01`,
        published_at: input.now,
        agencies: JSON.stringify(list.agencies),
        officers: JSON.stringify(list.officers),
        published_by: input.publishedBy,
      })
      .onConflict((conflict) => conflict.column("month").doNothing())
      .returning("month")
      .executeTakeFirst();
    const publication = await findPublication(trx, input.month);
    if (!publication) throw new Error(`late list of ${input.month} vanished`);
    return { published: inserted !== undefined, publication };
  });
}

export async function findPublication(
  db: Kysely<Database>,
  month: string,
): Promise<LatePublication | undefined> {
  const row = await selectPublications(db).where("month", "=", `${month}-01`).executeTakeFirst();
  return row ? toPublication(row) : undefined;
}

/** Every publication, newest first (the public history). */
export async function listPublications(db: Kysely<Database>): Promise<LatePublication[]> {
  const rows = await selectPublications(db).orderBy("late_list_publications.month", "desc").execute();
  return rows.map(toPublication);
}

// The month as text in SQL: a `date` read by pg becomes a Date at the process's local midnight.
function selectPublications(db: Kysely<Database>) {
  return db
    .selectFrom("late_list_publications")
    .select([
      sql<string>`to_char(month, 'YYYY-MM')`.as("monthText"),
      "published_at",
      "agencies",
      "officers",
      "published_by",
    ]);
}

function toPublication(row: {
  monthText: string;
  published_at: Date;
  agencies: LateAgencyEntry[];
  officers: LateOfficerEntry[];
  published_by: string;
}): LatePublication {
  return {
    month: row.monthText,
    publishedAt: new Date(row.published_at),
    agencies: row.agencies,
    officers: row.officers,
    publishedBy: row.published_by,
  };
}

/** The scheduler's pass: last month's list, published once by whichever process comes first. */
export async function publishLastMonthsLateList(db: Kysely<Database>, now: Date): Promise<boolean> {
  const { published } = await publishLateList(db, {
    month: previousMonth(now),
    now,
    publishedBy: "scheduler",
  });
  return published;
}
