import { type Kysely, sql } from "kysely";

/** The tables the public catalog answers are read from (search, procedure page, sectors, the agency directory). */
const CATALOG_TABLES = [
  "sectors",
  "fields",
  "procedures",
  "procedure_components",
  "procedure_fees",
  "procedure_offerings",
  "agencies",
  "units",
] as const;

/**
 * The catalog's version (issue #21): the public catalog answers are cached in each process and served while this
 * number stays the same. It is bumped by a statement trigger on every table those answers read, in the transaction
 * that writes them — administrators' changes, the national catalog pull, imports, the seed, even a hand-written
 * statement — so no writer can forget it, and every process sees the change on its next request (the number lives
 * in the database). The trigger fires BEFORE the statement, so a transaction takes the version row before any catalog
 * row: concurrent catalog writers queue on it in one order and cannot deadlock on it. Plain PostgreSQL (PL/pgSQL)
 * accepted by PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table catalog_version (
      id smallint primary key check (id = 1),
      version bigint not null
    )`.execute(db);
  await sql`insert into catalog_version (id, version) values (1, 1)`.execute(db);
  await sql`
    create function bump_catalog_version() returns trigger language plpgsql as $$
    begin
      update catalog_version set version = version + 1 where id = 1;
      return null;
    end
    $$`.execute(db);
  for (const table of CATALOG_TABLES)
    await sql`
      create trigger ${sql.raw(`${table}_catalog_version`)}
        before insert or update or delete or truncate on ${sql.table(table)}
        for each statement execute function bump_catalog_version()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of CATALOG_TABLES)
    await sql`drop trigger if exists ${sql.raw(`${table}_catalog_version`)} on ${sql.table(table)}`.execute(
      db,
    );
  await sql`drop function if exists bump_catalog_version()`.execute(db);
  await sql`drop table if exists catalog_version`.execute(db);
}
