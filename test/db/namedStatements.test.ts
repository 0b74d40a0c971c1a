import { CompiledQuery, type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

/**
 * Issue #21: on PostgreSQL the app's repeated statements are named (prepared once per connection); DDL, transaction
 * control and multi-statement texts never are, and a statement whose cached plan a schema change broke runs again.
 * On PGlite nothing is named and the same statements simply run.
 */
describe("named statements on PostgreSQL (issue #21)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle.close());

  const prepared = async (db: Kysely<unknown>) =>
    (
      await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements where name like 'os\\_%'`.execute(db)
    ).rows;

  it("names a statement seen before, on one connection, and never DDL or a multi-statement text", async () => {
    await handle.db.connection().execute(async (db) => {
      const hot = CompiledQuery.raw("select $1::int + 1 as n /* named-test */", [1]);
      for (const value of [1, 2, 3])
        expect((await db.executeQuery<{ n: number }>({ ...hot, parameters: [value] })).rows).toEqual([
          { n: value + 1 },
        ]);
      for (let round = 0; round < 3; round++) {
        await sql`create temporary table if not exists named_ddl (a int)`.execute(db);
        await db.executeQuery(CompiledQuery.raw("select 1 as a; select 2 as b /* named-multi */"));
      }
      const names = await prepared(db as unknown as Kysely<unknown>);
      if (handle.kind !== "postgres") {
        expect(names).toEqual([]);
        return;
      }
      expect(names.some((row) => row.statement.includes("named-test"))).toBe(true);
      expect(names.some((row) => row.statement.includes("named-multi"))).toBe(false);
      expect(names.some((row) => /create temporary table/i.test(row.statement))).toBe(false);
    });
  });

  it("runs a named `select *` again after a column was added (the stale cached plan is not an error)", async () => {
    await handle.db.connection().execute(async (db) => {
      await sql`create table named_stale (a int)`.execute(db);
      await sql`insert into named_stale values (1)`.execute(db);
      const all = CompiledQuery.raw("select * from named_stale /* named-stale */");
      for (let round = 0; round < 3; round++) expect((await db.executeQuery(all)).rows).toEqual([{ a: 1 }]);
      await sql`alter table named_stale add column b int`.execute(db);
      expect((await db.executeQuery(all)).rows).toEqual([{ a: 1, b: null }]);
      expect((await db.executeQuery(all)).rows).toEqual([{ a: 1, b: null }]);
    });
  });
});
