import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import { verifyBagTar } from "./bagTar.ts";

export interface IntegrityReport {
  checked: number;
  broken: { packageId: string; dossierCode: string; problems: string[] }[];
}

/**
 * R-ARC-2 "archival operations": every package not disposed of is read back from the file store and verified — the
 * tar's checksum against the row, then each file against the bag's manifests. The result is written on each
 * package (checked_at, check_ok, check_problems), so the admin console lists the broken ones; the oldest-checked go
 * first and `limit` bounds one run.
 */
export async function checkArchiveIntegrity(
  db: Kysely<Database>,
  storage: FileStorage,
  input: { now: Date; limit?: number },
): Promise<IntegrityReport> {
  const packages = await db
    .selectFrom("archive_packages")
    .select(["id", "dossier_code", "storage_key", "sha256"])
    .where("status", "!=", "disposed")
    .orderBy((eb) => eb.fn.coalesce("checked_at", eb.val(new Date(0))))
    .orderBy("id")
    .limit(input.limit ?? 500)
    .execute();
  const report: IntegrityReport = { checked: 0, broken: [] };
  for (const item of packages) {
    const content = await storage.get(item.storage_key);
    const problems: string[] = [];
    if (!content) problems.push("package missing from the file store");
    else {
      if (createHash("sha256").update(content).digest("hex") !== item.sha256)
        problems.push("package checksum differs from the one recorded");
      problems.push(...(await verifyBagTar(content)));
    }
    await db
      .updateTable("archive_packages")
      .set({
        checked_at: input.now,
        check_ok: problems.length === 0,
        check_problems: problems.length === 0 ? null : JSON.stringify(problems),
      })
      .where("id", "=", item.id)
      .execute();
    report.checked += 1;
    if (problems.length > 0)
      report.broken.push({ packageId: item.id, dossierCode: item.dossier_code, problems });
  }
  return report;
}
