import { sql } from "kysely";

/** `column in (agencies)`, or true for the province (`agencyIds` null). Callers return early on an empty list. */
export function agencyFilter(column: string, agencyIds: readonly string[] | null) {
  return agencyIds === null
    ? sql<boolean>`true`
    : sql<boolean>`${sql.ref(column)} in (${sql.join(agencyIds)})`;
}
