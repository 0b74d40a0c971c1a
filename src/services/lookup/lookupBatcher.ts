import { CompiledQuery, type Kysely } from "kysely";
import { bindSlots, compiledOnce, slot } from "../../db/compiledOnce.ts";
import type { Database } from "../../db/schema.ts";
import {
  LOOKUP_COLUMNS,
  type LookupRow,
  type LookupRowReader,
  lookupCodeCandidates,
} from "./lookupDossier.ts";

/**
 * Request coalescing for the public lookup (issue #21: GET /api/public/lookup at 50 connections was one statement
 * per request, and PostgreSQL's round trips bounded it). The lookups that reach the same reader database (the
 * primary or the replica's Kysely) within one turn of the event loop are answered by ONE statement reading every
 * candidate code of the batch; each request then takes from its rows exactly the row LOOKUP_SQL would have given it
 * alone: its code as typed, then upper-cased (R-CODE-1), then the national code as typed, then upper-cased (R-CODE-2).
 * What is done with the row — the proof check, the R-LOOK-2 shaping and masking — stays per request, in
 * lookupDossier.
 *
 * - No staleness: the statement is sent in the check phase of the turn (`setImmediate`), after every request of the
 *   batch has arrived, so a change committed before a request arrived is seen, as with its own statement.
 * - At most MAX_BATCH_CODES candidate codes a statement: a full batch is sent at once (all its requests are in) and
 *   the next request starts another.
 * - A failed statement fails every request of its batch with its error, as each request's own statement would have.
 * - Timing: a known code and an unknown one wait for the same statement, so the answer's timing tells no more than
 *   before (R-LOOK-2).
 */
export const MAX_BATCH_CODES = 100;

/** LOOKUP_SQL's columns for a set of codes, with the national code to tell which request a row answers. */
export const LOOKUP_BATCH_SQL = `
select ${LOOKUP_COLUMNS}, national_code
  from dossier_lookup
 where code = any($1::text[]) or national_code = any($1::text[])`;

interface BatchRow extends LookupRow {
  national_code: string | null;
}

/** Built once (src/db/compiledOnce.ts): the same text every time, prepared per connection and named in logs. */
const batchQuery = (db: Kysely<Database>) =>
  compiledOnce<BatchRow>("lookupBatch", db, () => ({
    compile: () => CompiledQuery.raw(LOOKUP_BATCH_SQL, [slot("codes")]) as CompiledQuery<BatchRow>,
  }));

interface Waiting {
  typed: string;
  upper: string;
  resolve: (row: LookupRow | undefined) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  db: Kysely<Database>;
  codes: Set<string>;
  waiting: Waiting[];
}

export interface LookupBatcher {
  /** The row LOOKUP_SQL gives for the code as typed, read in the statement of this turn's batch. */
  readonly read: LookupRowReader;
}

/** A batcher: one per route plugin (each reader database gets its own batches). */
export function createLookupBatcher(options: { maxCodes?: number } = {}): LookupBatcher {
  // A request brings two candidates at most: a batch always holds at least one request.
  const maxCodes = Math.max(2, options.maxCodes ?? MAX_BATCH_CODES);
  /** The batch still open for each reader database; closed (removed) when it is sent. */
  const open = new Map<Kysely<Database>, Batch>();
  let scheduled = false;

  const sendOpen = () => {
    scheduled = false;
    const batches = [...open.values()];
    open.clear();
    for (const batch of batches) void send(batch);
  };

  return {
    read: (db, typed) =>
      new Promise<LookupRow | undefined>((resolve, reject) => {
        const [trimmed, upper] = lookupCodeCandidates(typed);
        let batch = open.get(db);
        const adds =
          (batch?.codes.has(trimmed) ? 0 : 1) + (upper === trimmed || batch?.codes.has(upper) ? 0 : 1);
        if (batch && batch.codes.size + adds > maxCodes) {
          open.delete(db);
          void send(batch);
          batch = undefined;
        }
        if (!batch) {
          batch = { db, codes: new Set(), waiting: [] };
          open.set(db, batch);
        }
        batch.codes.add(trimmed).add(upper);
        batch.waiting.push({ typed: trimmed, upper, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(sendOpen);
        }
      }),
  };
}

async function send(batch: Batch): Promise<void> {
  let rows: BatchRow[];
  try {
    const query = bindSlots(batchQuery(batch.db), { codes: [...batch.codes] });
    rows = (await batch.db.executeQuery(query)).rows;
  } catch (error) {
    for (const waiting of batch.waiting) waiting.reject(error);
    return;
  }
  const byCode = new Map<string, BatchRow>();
  const byNationalCode = new Map<string, BatchRow>();
  for (const row of rows) {
    if (!byCode.has(row.code)) byCode.set(row.code, row);
    if (row.national_code !== null && !byNationalCode.has(row.national_code))
      byNationalCode.set(row.national_code, row);
  }
  for (const { typed, upper, resolve } of batch.waiting)
    resolve(byCode.get(typed) ?? byCode.get(upper) ?? byNationalCode.get(typed) ?? byNationalCode.get(upper));
}
