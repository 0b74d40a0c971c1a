import type { Compilable, CompiledQuery, Kysely } from "kysely";
import type { Database } from "./schema.ts";

/**
 * Hot statements built and compiled once per process, then run with each call's values (issue #21: Kysely building
 * and compiling the same query on every call was most of the dossier commands' Node CPU). The session check's
 * pattern (src/services/accounts/session.ts), for statements with several values: the statement is built with
 * `slot(name)` where a call's value goes, and `bindSlots` puts each call's values in those places. The text sent is
 * the one the builder gives, so PostgreSQL sees the same statements (and `namedStatements` names them alike).
 *
 * Every pool of the app uses Kysely's PostgreSQL dialect without plugins, so one compilation serves them all.
 */
const compiled = new Map<string, CompiledQuery<unknown>>();
/** Shapes kept at most (a statement's shapes are few; past this, statements are compiled on each call as before). */
const MAX_COMPILED = 1_000;

/** Where a call's value goes: a string no value can be (PostgreSQL text never holds a NUL character). */
export const slot = (name: string): string => `\u0000${name}`;

/** The statement of `key`, built by `build` and compiled the first time, the same object afterwards. */
export function compiledOnce<R>(
  key: string,
  db: Kysely<Database>,
  build: (db: Kysely<Database>) => Compilable<R>,
): CompiledQuery<R> {
  let query = compiled.get(key);
  if (!query) {
    query = build(db).compile();
    if (compiled.size < MAX_COMPILED) compiled.set(key, query);
  }
  return query as CompiledQuery<R>;
}

/** The compiled statement with this call's values in its slots; a slot without a value is a programming error. */
export function bindSlots<R>(
  query: CompiledQuery<R>,
  values: Readonly<Record<string, unknown>>,
): CompiledQuery<R> {
  return {
    ...query,
    parameters: query.parameters.map((value) => {
      if (typeof value !== "string" || value.charCodeAt(0) !== 0) return value;
      const name = value.slice(1);
      if (!(name in values)) throw new Error(`no value for the statement's slot ${name}`);
      return values[name];
    }),
  };
}

/**
 * For a statement whose values come as an object (`set`, `values`): the object with a slot `prefix + key` for each
 * defined value (undefined ones stay undefined: Kysely leaves them out), its shape (the defined keys in order, for
 * the statement's key), and each value put into `bound` under its slot's name. Only plain values: an expression or
 * a function would change the statement itself.
 */
export function slotted<const T extends object>(
  prefix: string,
  values: T,
  bound: Record<string, unknown>,
): { slots: T; shape: string } {
  const slots: Record<string, unknown> = {};
  let shape = "";
  for (const key in values) {
    const value = (values as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (
      typeof value === "function" ||
      (typeof value === "object" && value !== null && "toOperationNode" in value)
    )
      throw new Error(`the statement's value ${key} is an expression, not a value`);
    const name = prefix + key;
    slots[key] = slot(name);
    bound[name] = value;
    shape += `${key},`;
  }
  return { slots: slots as T, shape };
}
