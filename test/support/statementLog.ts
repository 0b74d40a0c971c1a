import { type Kysely, type KyselyPlugin, PostgresQueryCompiler } from "kysely";
import { compiledOnceText } from "../../src/db/compiledOnce.ts";
import type { Database } from "../../src/db/schema.ts";

/**
 * The statements a use case ran, in order, as SQL text: `db` is the given database with a plugin that records each
 * statement run through it (its transactions' too) when its result comes back. BEGIN and COMMIT are the driver's, so
 * the last statement recorded is the last one before the commit. A statement compiled once and reused (issue #21,
 * src/db/compiledOnce.ts) is recorded under its text too, wherever it was compiled; any other statement compiled
 * before the log was made is recorded as `COMPILED_ELSEWHERE`, so none is ever missing from the order.
 */
export function statementLog(database: Kysely<Database>): { db: Kysely<Database>; statements: string[] } {
  const statements: string[] = [];
  const compiler = new PostgresQueryCompiler();
  const texts = new WeakMap<object, string>();
  const plugin: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      texts.set(queryId, compiler.compileQuery(node, queryId).sql);
      return node;
    },
    transformResult: async ({ queryId, result }) => {
      statements.push(texts.get(queryId) ?? compiledOnceText(queryId) ?? COMPILED_ELSEWHERE);
      return result;
    },
  };
  return { db: database.withPlugin(plugin), statements };
}

/** A statement that ran, compiled before the log was made (its text is not known). */
export const COMPILED_ELSEWHERE = "(a statement compiled elsewhere)";
