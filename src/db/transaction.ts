import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.ts";

/** Runs `work` in a transaction, joining the caller's when there is one (a use case inside a larger one). */
export async function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}
