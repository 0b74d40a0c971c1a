import type { Config } from "../../config.ts";
import { openFileStorage } from "../../integrations/storage/openFileStorage.ts";
import { pullCatalog } from "../../services/catalogSync/pullCatalog.ts";
import { ValidationError } from "../../services/errors.ts";
import { fetchNationalFiles } from "../../services/integration/fetchNationalFiles.ts";
import { openPreparedDatabase } from "../database.ts";

/**
 * `onestop catalog pull [--url URL]`: one pull of the national procedure database now (R-SYNC-6), from `--url` or
 * DVCQG_CATALOG_URL; prints what changed. Exit code 0 = pulled (changes or not), 4 = the pull failed (nothing
 * changed). Safe while servers run their scheduled pulls.
 */
export async function catalogPullOnce(
  config: Config,
  url: string | undefined,
  print: (line: string) => void,
): Promise<number> {
  const from = url ?? config.dvcqgCatalogUrl;
  if (!from)
    throw new ValidationError([
      {
        field: "DVCQG_CATALOG_URL",
        message: {
          vi: "Chưa đặt DVCQG_CATALOG_URL (hoặc --url): không biết lấy danh mục ở đâu",
          en: "DVCQG_CATALOG_URL (or --url) is not set: nowhere to pull the catalog from",
        },
      },
    ]);
  const database = await openPreparedDatabase(config, () => {});
  try {
    const report = await pullCatalog(database.db, {
      source: { url: from, token: config.dvcqgCatalogToken, timeoutMs: config.dvcqgFileTimeoutMs },
      now: new Date(),
    });
    if (report.outcome === "failed") {
      print(`Lấy danh mục thất bại, danh mục giữ nguyên: ${report.error}`);
      return 4;
    }
    print(`Đã nhận ${report.received} thủ tục từ ${from}`);
    print(`Thêm mới (${report.added.length}): ${report.added.join(", ") || "không có"}`);
    print(`Thay đổi (${report.changed.length}): ${report.changed.join(", ") || "không có"}`);
    print(`Bãi bỏ (${report.withdrawn.length}): ${report.withdrawn.join(", ") || "không có"}`);
    print(`Khôi phục (${report.restored.length}): ${report.restored.join(", ") || "không có"}`);
    for (const row of report.rejected)
      print(
        `Dòng ${row.row} (${row.code ?? "không mã"}) bị từ chối: ${row.reasons.map((r) => r.vi).join("; ")}`,
      );
    return 0;
  } finally {
    await database.close();
  }
}

/**
 * `onestop jobs national-files`: one pass of the attachment job (files of dossiers received from DVCQG), as
 * `onestop serve` runs every 5 s; safe while servers run theirs.
 */
export async function nationalFilesOnce(config: Config, print: (line: string) => void): Promise<void> {
  const database = await openPreparedDatabase(config, () => {});
  const storage = openFileStorage(config);
  try {
    const counts = await fetchNationalFiles(database.db, storage, () => new Date(), {
      maxAttempts: config.dvcqgFileMaxAttempts,
      backoffSeconds: config.dvcqgFileBackoffSeconds,
      timeoutMs: config.dvcqgFileTimeoutMs,
      maxFileBytes: config.maxFileBytes,
      allowedHosts: config.dvcqgFileHosts,
    });
    print(`Tệp từ Cổng DVCQG: ${counts.fetched} đã tải, ${counts.retried} sẽ thử lại, ${counts.failed} lỗi`);
  } finally {
    storage.close?.();
    await database.close();
  }
}
