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
    textOf.set(query.queryId, query.sql);
  }
  return query as CompiledQuery<R>;
}

/** The text of each statement compiled here, by its query id (which every run of it carries). */
const textOf = new WeakMap<object, string>();

/**
 * The SQL text of a statement compiled once, from the query id a run of it carries; undefined for any other
 * statement. For statement logs (a plugin sees a run's query id, not its text).
 */
export function compiledOnceText(queryId: object): string | undefined {
  return textOf.get(queryId);
}

/** Each compiled statement's slot names by parameter position (undefined: a value of the statement itself). */
const placesOf = new WeakMap<CompiledQuery<unknown>, readonly (string | undefined)[]>();

/** The compiled statement with this call's values in its slots; a slot without a value is a programming error. */
export function bindSlots<R>(
  query: CompiledQuery<R>,
  values: Readonly<Record<string, unknown>>,
): CompiledQuery<R> {
  let places = placesOf.get(query);
  if (!places) {
    places = query.parameters.map((value) =>
      typeof value === "string" && value.charCodeAt(0) === 0 ? value.slice(1) : undefined,
    );
    placesOf.set(query, places);
  }
  const parameters = new Array<unknown>(places.length);
  for (let index = 0; index < places.length; index++) {
    const name = places[index];
    if (name === undefined) parameters[index] = query.parameters[index];
    else if (name in values) parameters[index] = values[name];
    else throw new Error(`no value for the statement's slot ${name}`);
  }
  return { ...query, parameters };
}

/** The slot names of each prefix and key, made once: the same strings each call, so binding them costs no new keys. */
const slotNames = new Map<string, Map<string, string>>();

function slotName(prefix: string, key: string): string {
  let names = slotNames.get(prefix);
  if (!names) {
    names = new Map();
    slotNames.set(prefix, names);
  }
  let name = names.get(key);
  if (name === undefined) {
    name = prefix + key;
    names.set(key, name);
  }
  return name;
}

/**
 * For a statement whose values come as an object (`set`, `values`): the object with a slot `prefix + key` for each
 * defined value (undefined ones stay undefined: Kysely leaves them out), its shape (the defined keys in order, for
 * the statement's key), and each value put into `bound` under its slot's name. Only plain values: an expression or
 * a function would change the statement itself. `slots` is made when asked for: only to build the statement.
 */
export function slotted<const T extends object>(
  prefix: string,
  values: T,
  bound: Record<string, unknown>,
): { readonly slots: T; shape: string } {
  let shape = "";
  for (const key in values) {
    const value = (values as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (
      typeof value === "function" ||
      (typeof value === "object" && value !== null && "toOperationNode" in value)
    )
      throw new Error(`the statement's value ${key} is an expression, not a value`);
    bound[slotName(prefix, key)] = value;
    shape += `${key},`;
  }
  return {
    get slots(): T {
      const slots: Record<string, unknown> = {};
      for (const key in values)
        if ((values as Record<string, unknown>)[key] !== undefined) slots[key] = slot(slotName(prefix, key));
      return slots as T;
    },
    shape,
  };
}
