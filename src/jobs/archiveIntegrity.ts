import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { FileStorage } from "../integrations/storage/fileStorage.ts";
import { checkArchiveIntegrity, type IntegrityReport } from "../services/archive/integrityCheck.ts";
import { runWithJobLease } from "./jobLease.ts";

const DEFAULT_INTERVAL_MS = 6 * 3_600_000;

/**
 * The periodic integrity check of the electronic archive (R-ARC-2, issue #16): every six hours the packages checked
 * longest ago are read back and verified; a broken one is logged as an error (and shown on the admin console's
 * archive page, which reads the package's check result). Several processes may run it: a package checked twice is
 * harmless. The timer is unref'd and a run never overlaps the previous one.
 */
export function startArchiveIntegrityJob(options: {
  db: Kysely<Database>;
  storage: FileStorage;
  clock?: () => Date;
  intervalMs?: number;
  log?: { info(object: object, message: string): void; error(object: object, message: string): void };
}): { stop(): Promise<void>; runOnce(): Promise<IntegrityReport> } {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<IntegrityReport> | undefined;
  let stopped = false;
  const runOnce = async () => {
    const report = await checkArchiveIntegrity(options.db, options.storage, { now: clock() });
    for (const broken of report.broken)
      options.log?.error({ archivePackage: broken }, "archive package failed its integrity check");
    if (report.checked > 0)
      options.log?.info(
        { archiveIntegrity: { checked: report.checked, broken: report.broken.length } },
        "archive checked",
      );
    return report;
  };
  const tick = () => {
    if (stopped || running) return;
    // Issue #21: a package checked twice is harmless, but reading the archive back twice is not free: one process
    // at a time (a job lease); the others skip the tick.
    running = runWithJobLease(options.db, "archive-integrity", 60 * 60_000, async () => {
      await runOnce();
    })
      .then(() => ({ checked: 0, broken: [] }) as IntegrityReport)
      .catch((error) => {
        options.log?.error({ err: error }, "archive integrity check failed");
        return { checked: 0, broken: [] };
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? DEFAULT_INTERVAL_MS);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
