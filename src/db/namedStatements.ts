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
 * - at most `MAX_NAMED` distinct texts per pool (so at most that many prepared statements per connection);
 *   texts past it, and texts seen once (one-off reports, migrations' data statements), stay unnamed;
 * - a statement whose cached plan a schema change invalidated in a way PostgreSQL cannot re-plan ("cached plan must
 *   not change result type", e.g. `select *` after a column was added) is sent again unnamed, and its text is never
 *   named again. Nothing ran: the error comes before execution.
 */
const MAX_NAMED = 400;
/** Texts counted before being named; forgotten all at once past this many (one-off texts cannot grow it forever). */
const MAX_COUNTED = 5_000;
const NAMEABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * Which texts are named, for one pool (one database): each `connectDatabase` has its own, so a second pool in the
 * process (the read replica's, a test file's database after another's) neither shares nor exhausts the budget.
 */
export class StatementNames {
  readonly #names = new Map<string, string>();
  readonly #seen = new Set<string>();
  readonly #never = new Set<string>();

  nameOf(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known) return known;
    if (this.#never.has(text) || this.#names.size >= MAX_NAMED) return undefined;
    if (!this.#seen.has(text)) {
      if (this.#seen.size >= MAX_COUNTED) this.#seen.clear();
      this.#seen.add(text);
      return undefined;
    }
    // A `;` anywhere (a multi-statement text, or one inside a literal): left unnamed, the cautious side.
    if (!NAMEABLE.test(text) || text.includes(";")) {
      this.#never.add(text);
      return undefined;
    }
    const name = `os_${createHash("sha1").update(text).digest("base64url").slice(0, 20)}`;
    this.#names.set(text, name);
    this.#seen.delete(text);
    return name;
  }

  /** A text whose cached plan went stale: unnamed from now on. */
  forget(text: string): void {
    this.#names.delete(text);
    this.#never.add(text);
  }
}

const isStalePlan = (error: unknown) =>
  (error as { code?: string }).code === "0A000" && /cached plan must not change/.test(String(error));

type Query = (...args: unknown[]) => unknown;

/** Makes a pooled client send the statements Kysely gives it (`query(text, values)`) as named statements. */
export function nameStatements(client: pg.PoolClient, names: StatementNames): void {
  const original = client.query.bind(client) as Query;
  const patched: Query = (...args) => {
    const [text, values, callback] = args;
    if (typeof text !== "string" || typeof callback === "function") return original(...args);
    const name = names.nameOf(text);
    if (!name) return original(...args);
    return (
      original({ name, text, values: (values as unknown[] | undefined) ?? [] }) as Promise<unknown>
    ).catch(async (error: unknown) => {
      if (!isStalePlan(error)) throw error;
      names.forget(text);
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
