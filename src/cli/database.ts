import type { Config } from "../config.ts";
import { connectDatabase, type DatabaseHandle } from "../db/connection.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { enrolDemoAdministrators } from "../services/mfa/demoMfa.ts";
import { seedIfEmpty } from "../services/seed/seedDemoProvince.ts";

/**
 * Opens the configured database and brings it up to date: migrations, then the demo province when the database
 * is empty and SEED_ON_EMPTY allows it. Every command that reads data starts here, so each works on a fresh
 * embedded database with no server.
 */
export async function openPreparedDatabase(
  config: Config,
  log: (line: string) => void,
  options: { seed?: boolean; history?: boolean } = {},
): Promise<DatabaseHandle> {
  const handle = await connectDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDataDir: config.pgliteDataDir,
    pgliteDurability: config.pgliteDurability,
    poolMax: config.databasePoolMax,
    onIdleError: (error) =>
      log(`Mất một kết nối cơ sở dữ liệu (sẽ mở kết nối mới khi cần): ${error.message}`),
    timeouts: {
      connectMs: config.databaseConnectTimeoutMs,
      statementMs: config.databaseStatementTimeoutMs,
      idleInTransactionMs: config.databaseIdleInTransactionTimeoutMs,
    },
    startupWaitMs: config.databaseStartupWaitSeconds * 1000,
    onWaiting: (error, attempt) =>
      log(`Chưa kết nối được cơ sở dữ liệu (lần ${attempt}: ${error.message}); đang chờ máy chủ PostgreSQL…`),
  });
  try {
    const applied = await migrateToLatest(handle.db);
    if (applied.length > 0) log(`Đã áp dụng migration: ${applied.join(", ")}`);
    if ((options.seed ?? true) && config.seedOnEmpty) {
      const report = await seedIfEmpty(handle.db, { history: options.history ?? false });
      if (report) {
        log(
          `Đã nạp dữ liệu mẫu: ${report.agencies} cơ quan, ${report.procedures.created.length} thủ tục, ${report.users} tài khoản`,
        );
        if (report.history)
          log(
            `Đã nạp lịch sử mẫu: ${report.history.dossiers} hồ sơ đã giải quyết trong 6 tháng qua, ${report.history.ratings} lượt đánh giá`,
          );
        // Issue #14: the demo administrators come with their second factor (README, demo accounts).
        await enrolDemoAdministrators(handle.db, new Date(), config.mfaEncryptionKey);
      }
    }
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
