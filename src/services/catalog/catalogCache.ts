import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";

/** The catalog's version (migration 0037): bumped in the transaction of every write to a table the catalog reads. */
export async function readCatalogVersion(db: Kysely<Database>): Promise<bigint> {
  const { rows } = await sql<{ version: string }>`select version from catalog_version where id = 1`.execute(
    db,
  );
  return BigInt(rows[0]?.version ?? 0);
}

/**
 * The version read shared by the requests of one event-loop turn (issue #21): the first caller of a turn schedules one
 * read for after the turn, and every caller until it is sent waits for the same answer. A read is joined only before
 * it is sent, so each request's version is read after the request arrived: a change committed before then is seen.
 */
function versionReadPerTurn(db: Kysely<Database>): () => Promise<bigint> {
  let scheduled: Promise<bigint> | undefined;
  return () => {
    scheduled ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      scheduled = undefined;
      return readCatalogVersion(db);
    });
    return scheduled;
  };
}

export interface CatalogCache {
  /**
   * The answer stored under `key` for the catalog's current version, or `load()`'s (then stored). Costs one
   * primary-key read of the version per event-loop turn, shared by the calls of that turn, so a change committed
   * anywhere — this process or another — is seen by the next request.
   */
  answer<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/**
 * The public catalog's answers kept in process memory (issue #21): search pages, procedure pages, sectors and the
 * agency directory, which change only when the catalog is written. Keys are the route and its normalised query;
 * only public data goes in (nothing depends on who asks, nor on the language: the catalog is published in
 * Vietnamese only, and error answers are never stored). At most `maxEntries` answers, the least recently used
 * leaving first; every entry goes when the version moves.
 */
export function createCatalogCache(
  db: Kysely<Database>,
  options: { maxEntries?: number } = {},
): CatalogCache {
  const maxEntries = options.maxEntries ?? 2_000;
  let version = -1n;
  const entries = new Map<string, { value: unknown }>();
  const currentVersion = versionReadPerTurn(db);
  return {
    async answer<T>(key: string, load: () => Promise<T>): Promise<T> {
      // The version is read before the answer: an answer read after a change has committed is never stored under the
      // version before it; at worst a change landing in between stores an answer under an already stale version.
      const current = await currentVersion();
      if (current > version) {
        entries.clear();
        version = current;
      } else if (current < version) {
        // An older read overtaken by a newer one: answer from the database, store nothing.
        return load();
      }
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        return hit.value as T;
      }
      const value = await load();
      // Another request may have seen a newer version meanwhile and cleared the entries: keep this answer only if
      // the version it was read under is still the one served.
      if (version === current) {
        entries.set(key, { value });
        if (entries.size > maxEntries) {
          const oldest = entries.keys().next();
          if (!oldest.done) entries.delete(oldest.value);
        }
      }
      return value;
    },
  };
}
