import { type RawBuilder, sql } from "kysely";

/**
 * `column = any($1::uuid[])`: one parameter for a list of ids of any length. A Kysely `in` list sends one bind
 * parameter per id, and PostgreSQL's protocol counts them in 16 bits: past 65,535 the statement fails ("bind message
 * has N parameter formats but 0 parameters"). The 766 index and the month-end snapshot pass every handled dossier
 * of a month, which a large province passes at 10M dossiers (issue #21).
 */
export function idIsAnyOf(column: string, ids: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} = any(${[...ids]}::uuid[])`;
}
