import { resolve } from "node:path";
import type { Config } from "../../config.ts";
import { backup, restore } from "../../services/backup/backup.ts";

const targetOf = (config: Config) => ({
  databaseUrl: config.databaseUrl,
  pgliteDataDir: config.pgliteDataDir,
  filesDir: config.filesDir,
  filesS3: config.filesS3,
});

/** `onestop backup <folder>` (issue #20). */
export async function backupCommand(
  config: Config,
  folder: string,
  print: (line: string) => void,
): Promise<void> {
  const manifest = await backup(targetOf(config), resolve(folder), new Date());
  print(
    `Đã sao lưu vào ${resolve(folder)}: cơ sở dữ liệu ${manifest.database.kind === "postgres" ? "PostgreSQL" : "PGlite nhúng"}, ` +
      `${manifest.files.count} tệp (${Math.round(manifest.files.bytes / 1024)} KB).`,
  );
}

/** `onestop restore <folder>` (issue #20). */
export async function restoreCommand(
  config: Config,
  folder: string,
  print: (line: string) => void,
): Promise<void> {
  const manifest = await restore(targetOf(config), resolve(folder));
  print(`Đã khôi phục bản sao lưu ngày ${manifest.createdAt}: ${manifest.files.count} tệp.`);
}
