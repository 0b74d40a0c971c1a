import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { FileStorage } from "../integrations/storage/fileStorage.ts";
import { type CatalogSource, pullCatalogIfDue } from "../services/catalogSync/pullCatalog.ts";
import {
  fetchNationalFiles,
  type NationalFileFetchOptions,
} from "../services/integration/fetchNationalFiles.ts";

export interface NationalInboundJobOptions {
  db: Kysely<Database>;
  storage: FileStorage;
  files: NationalFileFetchOptions;
  /** The national procedure database; undefined = no scheduled pull (DVCQG_CATALOG_URL unset with a real DVCQG). */
  catalog?: { source: CatalogSource; intervalHours: number } | undefined;
  clock?: () => Date;
  filesIntervalMs?: number;
  catalogCheckIntervalMs?: number;
  log?: { info(object: object, message: string): void; error(object: object, message: string): void };
}

/**
 * The inbound half of the national portal in `onestop serve` (issue #13): the attachment job every few seconds (files
 * of dossiers received from DVCQG, fetched with checksums and retries) and the catalog pull when due (every
 * DVCQG_CATALOG_PULL_HOURS, a failed one again after 15 minutes). Every process may run both: files are claimed with
 * SKIP LOCKED and a lease, pulls are serialized by an advisory lock. Runs never overlap in a process; a failed run is
 * logged and tried at the next tick; timers are unref'd.
 */
export function startNationalInboundJobs(options: NationalInboundJobOptions): { stop(): Promise<void> } {
  const clock = options.clock ?? (() => new Date());
  let stopped = false;
  const loop = (name: string, intervalMs: number, run: () => Promise<void>) => {
    let running: Promise<void> | undefined;
    const tick = () => {
      if (stopped || running) return;
      running = run()
        .catch((error) => options.log?.error({ err: error }, `${name} failed`))
        .finally(() => {
          running = undefined;
        });
    };
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    const first = setTimeout(tick, 2_000);
    first.unref();
    return async () => {
      clearInterval(timer);
      clearTimeout(first);
      await running;
    };
  };
  const stopFiles = loop("national file fetch", options.filesIntervalMs ?? 5_000, async () => {
    const counts = await fetchNationalFiles(options.db, options.storage, clock, options.files);
    if (counts.fetched + counts.retried + counts.failed > 0)
      options.log?.info({ nationalFiles: counts }, "national portal files fetched");
  });
  const catalog = options.catalog;
  const stopCatalog = catalog
    ? loop("catalog pull", options.catalogCheckIntervalMs ?? 10 * 60_000, async () => {
        const report = await pullCatalogIfDue(options.db, {
          source: catalog.source,
          now: clock(),
          intervalHours: catalog.intervalHours,
        });
        if (report)
          options.log?.info(
            {
              catalogPull: {
                outcome: report.outcome,
                error: report.error,
                added: report.added.length,
                changed: report.changed.length,
                withdrawn: report.withdrawn.length,
                restored: report.restored.length,
              },
            },
            "national catalog pulled",
          );
      })
    : async () => {};
  return {
    async stop() {
      stopped = true;
      await Promise.all([stopFiles(), stopCatalog()]);
    },
  };
}
