import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";

/** Province-local (Asia/Ho_Chi_Minh, UTC+07:00, no daylight saving) calendar year of an instant. */
export function provinceYear(at: Date): number {
  return new Date(at.getTime() + 7 * 3_600_000).getUTCFullYear();
}

export interface RegisterEntry {
  /** Quyển số: the book of the agency for the year. */
  book: number;
  /** Số vào sổ: the entry's number in the book, from 1 each year. */
  number: number;
  year: number;
}

/**
 * Enters a dossier just received in its agency's Sổ theo dõi hồ sơ (R-FORM-6; R-RECV-4, R-RECV-5: every received
 * dossier is entered), in the caller's reception transaction. The agency's counter row for the year is incremented
 * and stays locked until that transaction ends: concurrent receptions in one agency get consecutive numbers, and a
 * reception that rolls back takes its number back with it (gap-free, never shared). Entering the same dossier twice
 * returns its existing entry.
 */
export async function enterInRegister(
  trx: Transaction<Database>,
  dossier: { id: string; agency_id: string; received_at: Date },
): Promise<RegisterEntry> {
  const year = provinceYear(dossier.received_at);
  // One statement (issue #21: three round trips before): the existing entry if any; otherwise the agency's counter
  // for the year taken (inserted at 1 or incremented, the row then locked until the transaction ends, as before)
  // and the entry written with its number. Every part sees the same snapshot, so with an entry already there the
  // counter is not touched.
  const { rows } = await sql<RegisterEntry>`
    with existing as (
      select book, number, year from register_entries where dossier_id = ${dossier.id}
    ), counter as (
      insert into register_counters (agency_id, year, book, last_number)
      select ${dossier.agency_id}::uuid, ${year}::integer, 1, 1
      where not exists (select 1 from existing)
      on conflict (agency_id, year) do update set last_number = register_counters.last_number + 1
      returning book, last_number
    ), entered as (
      insert into register_entries (dossier_id, agency_id, year, book, number, entered_at)
      select ${dossier.id}::uuid, ${dossier.agency_id}::uuid, ${year}::integer, book, last_number,
        ${dossier.received_at}::timestamptz
      from counter
      returning book, number, year
    )
    select book, number, year from entered
    union all
    select book, number, year from existing`.execute(trx);
  const entry = rows[0];
  if (!entry) throw new Error(`dossier ${dossier.id} was not entered in the register`);
  return { book: entry.book, number: entry.number, year: entry.year };
}

export async function findRegisterEntry(
  db: Kysely<Database>,
  dossierId: string,
): Promise<RegisterEntry | undefined> {
  return db
    .selectFrom("register_entries")
    .select(["book", "number", "year"])
    .where("dossier_id", "=", dossierId)
    .executeTakeFirst();
}

/**
 * Enters every received dossier that has no entry yet (dossiers written in bulk, e.g. the demo history), in order of
 * reception, continuing each agency's numbering for the year, in one set-based statement so that months of history
 * are entered in well under a second. The counters are locked meanwhile so a live reception waits rather than takes
 * a number twice. Returns how many were entered.
 */
export async function enterUnregisteredReceptions(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`lock table register_counters in share row exclusive mode`.execute(trx);
    const inserted = await sql<{ agency_id: string; year: number; number: number }>`
      insert into register_entries (dossier_id, agency_id, year, book, number, entered_at)
      select p.id, p.agency_id, p.year, coalesce(c.book, 1),
        coalesce(c.last_number, 0)
          + row_number() over (partition by p.agency_id, p.year order by p.received_at, p.code)::integer,
        p.received_at
      from (
        select d.id, d.agency_id, d.code, d.received_at,
          extract(year from (d.received_at at time zone 'UTC') + interval '7 hours')::integer as year
        from dossiers d
        where d.received_at is not null
          and not exists (select 1 from register_entries r where r.dossier_id = d.id)
      ) p
      left join register_counters c on c.agency_id = p.agency_id and c.year = p.year
      returning agency_id, year, number`.execute(trx);
    const last = new Map<string, { agency_id: string; year: number; number: number }>();
    for (const row of inserted.rows) {
      const key = `${row.agency_id}:${row.year}`;
      if ((last.get(key)?.number ?? 0) < row.number) last.set(key, row);
    }
    for (const row of last.values())
      await trx
        .insertInto("register_counters")
        .values({ agency_id: row.agency_id, year: row.year, book: 1, last_number: row.number })
        .onConflict((oc) => oc.columns(["agency_id", "year"]).doUpdateSet({ last_number: row.number }))
        .execute();
    return inserted.rows.length;
  });
}

/** `0042`: entry numbers are printed with at least four digits, books with two. */
export function registerNumberText(entry: RegisterEntry): { number: string; book: string } {
  return {
    number: String(entry.number).padStart(4, "0"),
    book: `${String(entry.book).padStart(2, "0")}/${entry.year}`,
  };
}
