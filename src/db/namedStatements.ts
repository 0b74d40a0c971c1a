import { createHash } from "node:crypto";
import type pg from "pg";

/**
 * Named (prepared) statements on PostgreSQL (issue #21): PostgreSQL parses and plans an unnamed statement again on
 * every call; a named one is parsed once per connection and, after a few runs, executed from a cached plan. Every
 * statement the app sends through a pooled client is named by a short hash of its text once that text has been
 * seen before (the hot queries: the session check, the lookup, the inbox, the dossier page, the commands' reads and
 * writes), with `pg` preparing it once per connection.
 *
 * Bounded and safe:
 * - only single statements that read or write rows (`select`, `insert`, `update`, `delete`, `with`), never DDL,
 *   transaction control or a multi-statement text (migrations, `begin`/`commit`, scripts stay unnamed);
 * - at most `MAX_NAMED` distinct texts in the process (so at most that many prepared statements per connection);
 *   texts past it, and texts seen once (one-off reports, migrations' data statements), stay unnamed;
 * - a statement whose cached plan a schema change invalidated in a way PostgreSQL cannot re-plan ("cached plan must
 *   not change result type", e.g. `select *` after a column was added) is sent again unnamed, and its text is never
 *   named again. Nothing ran: the error comes before execution.
 */
const MAX_NAMED = 400;
/** Texts counted before being named; forgotten all at once past this many (one-off texts cannot grow it forever). */
const MAX_COUNTED = 5_000;
const NAMEABLE = /^\s*(select|insert|update|delete|with)\b/i;

const names = new Map<string, string>();
const seen = new Set<string>();
const never = new Set<string>();

function nameOf(text: string): string | undefined {
  const known = names.get(text);
  if (known) return known;
  if (never.has(text) || names.size >= MAX_NAMED) return undefined;
  if (!seen.has(text)) {
    if (seen.size >= MAX_COUNTED) seen.clear();
    seen.add(text);
    return undefined;
  }
  // A `;` anywhere (a multi-statement text, or one inside a literal): left unnamed, the cautious side.
  if (!NAMEABLE.test(text) || text.includes(";")) {
    never.add(text);
    return undefined;
  }
  const name = `os_${createHash("sha1").update(text).digest("base64url").slice(0, 20)}`;
  names.set(text, name);
  seen.delete(text);
  return name;
}

const isStalePlan = (error: unknown) =>
  (error as { code?: string }).code === "0A000" && /cached plan must not change/.test(String(error));

type Query = (...args: unknown[]) => unknown;

/** Makes a pooled client send the statements Kysely gives it (`query(text, values)`) as named statements. */
export function nameStatements(client: pg.PoolClient): void {
  const original = client.query.bind(client) as Query;
  const patched: Query = (...args) => {
    const [text, values, callback] = args;
    if (typeof text !== "string" || typeof callback === "function") return original(...args);
    const name = nameOf(text);
    if (!name) return original(...args);
    return (
      original({ name, text, values: (values as unknown[] | undefined) ?? [] }) as Promise<unknown>
    ).catch(async (error: unknown) => {
      if (!isStalePlan(error)) throw error;
      names.delete(text);
      never.add(text);
      try {
        return await original(text, values);
      } catch {
        // Inside a transaction the failed statement aborted it: the caller sees the first error.
        throw error;
      }
    });
  };
  (client as unknown as { query: Query }).query = patched;
}

/** For tests: how many texts are named in this process. */
export const namedStatementCount = (): number => names.size;
