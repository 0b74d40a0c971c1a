import type { Config } from "../../config.ts";
import { buildApp } from "../../http/app.ts";
import { startScheduler } from "../../jobs/scheduler.ts";
import { openNotificationPorts } from "../../services/notifications/notificationPorts.ts";
import { openPreparedDatabase } from "../database.ts";

/** `onestop serve` (`npm start`): migrate, seed an empty database, listen, and stop cleanly on SIGINT/SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const started = performance.now();
  const log = (line: string) => console.log(line);
  const database = await openPreparedDatabase(config, log);
  // Notification ports (issue #7): the configured gateways, or loopback simulators for those left unset.
  const notifications = await openNotificationPorts(config);
  const app = await buildApp({ db: database.db, databaseKind: database.kind, config, notifications });
  // The deadline watch every minute (issue #4); stopped with the app, before the database closes.
  const scheduler = startScheduler({
    db: database.db,
    deadlineWatch: { dueSoonWorkingHours: config.dueSoonWorkingHours },
    notifications: {
      channels: notifications.channels,
      options: {
        maxAttempts: config.notifyMaxAttempts,
        backoffSeconds: config.notifyBackoffSeconds,
        maxEventAgeHours: config.notifyMaxEventAgeHours,
      },
    },
    log: app.log,
  });
  app.addHook("onClose", async () => scheduler.stop());
  app.addHook("onClose", async () => notifications.close());

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`Nhận ${signal}, đang dừng…`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  const address = await app.listen({ host: config.host, port: config.port });
  const where =
    database.kind === "pglite" ? `PGlite nhúng tại ${config.pgliteDataDir}` : "PostgreSQL (DATABASE_URL)";
  log(
    `OneStop sẵn sàng tại ${address} (cơ sở dữ liệu: ${where}; khởi động ${Math.round(performance.now() - started)} ms)`,
  );
  log(`Tài liệu API: ${address}/docs`);
  const simulated = Object.entries(notifications.simulators).map(
    ([channel, simulator]) => `${channel} ${simulator.url}`,
  );
  if (simulated.length > 0)
    log(
      `Thông báo gửi qua trình mô phỏng trên máy này (${simulated.join(", ")}); xem tại /api/admin/notifications/simulated`,
    );
}
