import { join } from "node:path";
import type { Config } from "../../config.ts";
import { buildApp } from "../../http/app.ts";
import { openRateLimitStore } from "../../http/plugins/sharedRateLimitStore.ts";
import { openDvcqgSync } from "../../integrations/dvcqg/openDvcqgSync.ts";
import { setPortalTarget } from "../../integrations/dvcqg/simulator/portalRoutes.ts";
import { readZaloOaSettings } from "../../integrations/messaging/zaloOaSettings.ts";
import { readPostalSettings } from "../../integrations/postal/postalSettings.ts";
import { openProvinceSso } from "../../integrations/provinceSso/openProvinceSso.ts";
import { readSigningSettings } from "../../integrations/signing/signingSettings.ts";
import { openFileStorage } from "../../integrations/storage/openFileStorage.ts";
import { openIdentityProviders } from "../../integrations/vneid/openIdentityProviders.ts";
import { startArchiveIntegrityJob } from "../../jobs/archiveIntegrity.ts";
import { startDvcqgSyncWorker } from "../../jobs/dvcqgSyncWorker.ts";
import { startFeedbackPortalSync } from "../../jobs/feedbackPortalSync.ts";
import { startNationalInboundJobs } from "../../jobs/nationalInbound.ts";
import { startPaymentReconciliation } from "../../jobs/paymentReconciliation.ts";
import { startScheduler } from "../../jobs/scheduler.ts";
import type { CatalogSource } from "../../services/catalogSync/pullCatalog.ts";
import { startEventWorker } from "../../services/events/eventWorker.ts";
import { openMessagingPorts } from "../../services/messaging/messagingPorts.ts";
import { openNotificationPorts } from "../../services/notifications/notificationPorts.ts";
import { openPaymentPorts } from "../../services/payments/paymentPorts.ts";
import { openPopulationPorts } from "../../services/population/populationPorts.ts";
import { openPostalPorts } from "../../services/postal/postalPorts.ts";
import { startPostalSender } from "../../services/postal/postalSender.ts";
import { openSigningPorts } from "../../services/signing/signingPorts.ts";
import { openPreparedDatabase } from "../database.ts";

/**
 * `onestop serve` (`npm start`): migrate, seed an empty database, listen, and stop cleanly on SIGINT/SIGTERM. As one
 * of `--workers N` (issue #21, src/cli/commands/serveWorkers.ts), `workerId` is set: the primary has already migrated
 * and seeded, the rate limits are shared (Redis or PostgreSQL), and answers carry the worker's number.
 */
export async function serve(
  config: Config,
  options: { workers?: number; workerId?: number; runJobs?: boolean } = {},
): Promise<void> {
  // Issue #21: of several workers, one runs the background jobs (each is also safe when two run it, see
  // src/jobs/scheduler.ts); the others only serve, so their CPU goes to requests rather than to polling loops.
  const runJobs = options.runJobs ?? true;
  const started = performance.now();
  const workerId = options.workerId;
  const log = (line: string) =>
    console.log(workerId === undefined ? line : `[tiến trình ${workerId}, pid ${process.pid}] ${line}`);
  // Issue #19: a first start shows a province with months of activity (DEMO_HISTORY=false: today's data only).
  const database = await openPreparedDatabase(config, log, {
    history: config.demoHistory,
    seed: workerId === undefined,
  });
  // Issue #21: the rate-limit counters, shared with the other workers when there are several (or REDIS_URL is set).
  const rateLimitStore = openRateLimitStore(config, database, options.workers ?? 1);
  // Notification ports (issue #7): the configured gateways, or loopback simulators for those left unset.
  const notifications = await openNotificationPorts(config);
  // The messaging channel (issue #18): the official account (ZALO_OA_*), or its simulator on loopback when
  // ZALO_OA_URL is unset; its port is the dispatcher's `zalo` channel.
  const messaging = await openMessagingPorts(readZaloOaSettings(process.env));
  notifications.channels.zalo = messaging.port;
  // Payment platform (issue #15): the configured one, or a simulator on loopback when PAYMENT_PLATFORM_URL is unset.
  const payments = await openPaymentPorts(config);
  // Officers' signatures (issue #16): the CA's remote-signing service, or its simulator on loopback when
  // SIGNING_SERVICE_URL is unset (its CA kept beside the files so that signed documents verify after a restart).
  const signing = await openSigningPorts(
    readSigningSettings(process.env),
    join(config.filesDir, "..", "signing-simulator.json"),
  );
  // The national population database (issue #14): the configured one, or a simulator when POPULATION_DB_URL is unset.
  const population = await openPopulationPorts(config);
  // The public postal service (issue #18): POSTAL_URL, or its simulator on loopback (orders move every 20 s).
  const postalSettings = readPostalSettings(process.env);
  const postal = await openPostalPorts(postalSettings, {
    publicUrl: config.publicUrl,
    stepMs: 20_000,
  });
  // VNeID (issue #14): the configured provider, or the identity simulator on loopback when OIDC_ISSUER is unset.
  const identity = await openIdentityProviders(config);
  // The province SSO for officers (issue #14): the configured one, or its simulator when OFFICER_OIDC_ISSUER is unset.
  const provinceSso = await openProvinceSso(config);
  // The national procedure database for the admin's "pull now" (issue #13): known once DVCQG is open below.
  let catalogSource: CatalogSource | undefined;
  // One file store for the requests and the jobs: S3 when FILES_S3_BUCKET is set, else FILES_DIR (issue #21).
  const storage = openFileStorage(config);
  const app = await buildApp({
    storage,
    catalogSource: () => catalogSource,
    db: database.db,
    databaseKind: database.kind,
    config,
    notifications,
    identity: { citizen: identity.citizen, officer: provinceSso.officer },
    payments,
    signing,
    population: population.database,
    postal,
    messaging,
    rateLimitStore,
  });
  if (rateLimitStore) app.addHook("onClose", async () => rateLimitStore.close());
  // Which worker answered (issue #21): its number, never its pid, so a client can tell the workers apart.
  if (workerId !== undefined)
    app.addHook("onSend", async (_request, reply) => {
      reply.header("x-onestop-worker", String(workerId));
    });
  // The deadline watch every minute (issue #4); stopped with the app, before the database closes.
  const scheduler =
    runJobs &&
    startScheduler({
      db: database.db,
      deadlineWatch: { dueSoonWorkingHours: config.dueSoonWorkingHours },
      outboxRetentionDays: config.outboxRetentionDays,
      notifications: {
        channels: notifications.channels,
        options: {
          maxAttempts: config.notifyMaxAttempts,
          backoffSeconds: config.notifyBackoffSeconds,
          maxEventAgeHours: config.notifyMaxEventAgeHours,
          publicUrl: config.publicUrl,
        },
      },
      log: app.log,
    });
  if (scheduler) app.addHook("onClose", async () => scheduler.stop());
  app.addHook("onClose", async () => notifications.close());
  app.addHook("onClose", async () => messaging.close());
  // National-portal sync (issue #13): DVCQG, or its simulator on loopback when DVCQG_SYNC_URL is unset.
  const dvcqg = await openDvcqgSync(config);
  const dvcqgWorker =
    runJobs &&
    startDvcqgSyncWorker({
      db: database.db,
      connection: dvcqg,
      settings: config,
      publicUrl: config.publicUrl,
      log: app.log,
    });
  if (dvcqgWorker) app.addHook("onClose", async () => dvcqgWorker.stop());
  // Outbound dossier events to subscribed partner systems (issue #18); with EVENTS_DEMO_SUBSCRIPTION, a loopback
  // subscriber simulator and a subscription pointing at it.
  const events =
    runJobs &&
    (await startEventWorker({
      db: database.db,
      env: process.env,
      publicUrl: config.publicUrl,
      log: app.log,
    }));
  if (events) app.addHook("onClose", async () => events.stop());
  // Feedback with the national feedback system (issue #17): DVCQG_FEEDBACK_URL, or its simulator on loopback.
  const feedbackPortal =
    runJobs && (await startFeedbackPortalSync({ db: database.db, env: process.env, log: app.log }));
  if (feedbackPortal) app.addHook("onClose", async () => feedbackPortal.stop());
  // Its inbound half (issue #13): the files of dossiers received from DVCQG, and the catalog pull (R-SYNC-6).
  const catalogUrl =
    config.dvcqgCatalogUrl ?? (dvcqg.simulator ? `${dvcqg.simulator.baseUrl}/catalog/procedures` : undefined);
  catalogSource = catalogUrl
    ? {
        url: catalogUrl,
        token: config.dvcqgCatalogToken ?? dvcqg.token,
        timeoutMs: config.dvcqgFileTimeoutMs,
      }
    : undefined;
  const inbound =
    runJobs &&
    startNationalInboundJobs({
      db: database.db,
      storage,
      files: {
        maxAttempts: config.dvcqgFileMaxAttempts,
        backoffSeconds: config.dvcqgFileBackoffSeconds,
        timeoutMs: config.dvcqgFileTimeoutMs,
        maxFileBytes: config.maxFileBytes,
        allowedHosts: config.dvcqgFileHosts,
      },
      catalog: catalogSource
        ? { source: catalogSource, intervalHours: config.dvcqgCatalogPullHours }
        : undefined,
      log: app.log,
    });
  if (inbound) app.addHook("onClose", async () => inbound.stop());
  app.addHook("onClose", async () => dvcqg.close());
  app.addHook("onClose", async () => identity.close());
  app.addHook("onClose", async () => provinceSso.close());
  // Daily reconciliation with the payment platform (issue #15, R-FEE-2): yesterday's statement, once.
  const reconciliation =
    runJobs &&
    startPaymentReconciliation({
      db: database.db,
      platform: payments.platform,
      log: app.log,
    });
  if (reconciliation) app.addHook("onClose", async () => reconciliation.stop());
  // The electronic archive's periodic integrity check (issue #16, R-ARC-2).
  const archiveIntegrity =
    runJobs &&
    startArchiveIntegrityJob({
      db: database.db,
      storage,
      log: app.log,
    });
  if (archiveIntegrity) app.addHook("onClose", async () => archiveIntegrity.stop());
  app.addHook("onClose", async () => storage.close?.());
  app.addHook("onClose", async () => payments.close());
  app.addHook("onClose", async () => signing.close());
  app.addHook("onClose", async () => population.close());
  // Postal orders the postal service did not answer are sent again (issue #18).
  const postalSender = runJobs && startPostalSender({ db: database.db, ports: postal, log: app.log });
  if (postalSender) app.addHook("onClose", async () => postalSender.stop());
  app.addHook("onClose", async () => postal.close());

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
  if (rateLimitStore)
    log(
      `Giới hạn tần suất đếm chung cho mọi tiến trình trong ${rateLimitStore.kind === "redis" ? "Redis (REDIS_URL)" : "PostgreSQL"}`,
    );
  // Issue #21: whether dashboards, reports, statistics and lookups read from a replica (src/db/readReplica.ts).
  if (config.databaseReadUrl && database.kind === "postgres")
    log(
      `Bảng điều khiển, báo cáo, thống kê và tra cứu đọc từ bản sao (DATABASE_READ_URL) khi bản sao trễ không quá ${config.databaseReadMaxLagMs} ms; nếu không, từ máy chủ chính`,
    );
  if (database.kind === "pglite")
    // Issue #20: say plainly what the embedded database guarantees.
    log(
      config.pgliteDurability === "fsync"
        ? "Lưu ý: PGlite nhúng ghi nhật ký của mỗi giao dịch xuống đĩa (fsync) trước khi xác nhận, nên giữ được giao " +
            "dịch đã xác nhận khi tiến trình bị dừng đột ngột hoặc mất điện; nhưng chỉ một tiến trình, không có bản sao " +
            "và không khôi phục theo thời điểm. Dùng cho trình diễn và văn phòng nhỏ có sao lưu định kỳ (onestop " +
            "backup); vận hành thật dùng máy chủ PostgreSQL (DATABASE_URL)."
        : "Lưu ý: PGLITE_DURABILITY=relaxed: PGlite nhúng không gọi fsync; mất điện hoặc hệ điều hành sập có thể làm " +
            "mất giao dịch đã xác nhận hoặc hỏng dữ liệu. Chỉ dùng cho trình diễn; vận hành thật dùng máy chủ " +
            "PostgreSQL (DATABASE_URL).",
    );
  // The simulated national portal submits to this server (issue #13 national-portal mode) with our key and secret.
  if (dvcqg.simulator && config.nationalPortalApiKey && config.nationalPortalHmacSecret)
    setPortalTarget(dvcqg.simulator.context, {
      url: address,
      apiKey: config.nationalPortalApiKey,
      hmacSecret: config.nationalPortalHmacSecret,
    });
  const simulated = Object.entries(notifications.simulators).map(
    ([channel, simulator]) => `${channel} ${simulator.url}`,
  );
  if (identity.simulator)
    log(
      `Đăng nhập VNeID qua trình mô phỏng trên máy này (${identity.simulator.issuer}); đặt OIDC_ISSUER để dùng VNeID thật`,
    );
  if (population.simulator)
    log(
      `Cơ sở dữ liệu quốc gia về dân cư qua trình mô phỏng trên máy này (${population.simulator.url}); đặt POPULATION_DB_URL để dùng thật`,
    );
  if (signing.simulator)
    log(
      `Ký số qua trình mô phỏng dịch vụ ký số từ xa trên máy này (${signing.simulator.url}); đặt SIGNING_SERVICE_URL để dùng dịch vụ thật`,
    );
  // Issue #18: which postal service orders go to (the simulator's webhooks come back to PUBLIC_URL).
  log(
    postal.simulator
      ? `Dịch vụ bưu chính công ích qua trình mô phỏng trên máy này (${postal.simulator.url}; đơn tự chuyển trạng thái sau mỗi 20 giây, báo về ${postal.webhookUrl}); đặt POSTAL_URL để dùng thật`
      : `Dịch vụ bưu chính công ích tại ${new URL(postalSettings.postalUrl ?? "").origin} (POSTAL_URL); thông báo trạng thái về ${postal.webhookUrl}`,
  );
  if (workerId !== undefined)
    log(
      runJobs
        ? "Tiến trình này chạy các tác vụ nền (theo dõi thời hạn, gửi thông báo, đồng bộ, đối soát)"
        : "Tiến trình này chỉ phục vụ yêu cầu; các tác vụ nền chạy ở một tiến trình khác",
    );
  if (events !== false && events.simulator)
    log(
      `Sự kiện hồ sơ được gửi tới trình mô phỏng hệ thống nhận trên máy này (${events.simulator.url}; đã nhận: ${events.simulator.baseUrl}/control/received); bỏ EVENTS_DEMO_SUBSCRIPTION để tắt`,
    );
  if (dvcqg.simulator)
    log(
      `Đồng bộ Cổng DVCQG qua trình mô phỏng trên máy này (${dvcqg.simulator.baseUrl}; tra cứu: /lookup/<mã hồ sơ>); đặt DVCQG_SYNC_URL để đồng bộ thật`,
    );
  if (messaging.simulator && messaging.webhook.secret) {
    // The simulated platform delivers followers' messages to our webhook, signed with this process's secret.
    messaging.simulator.setWebhook({
      url: `${address}/api/integration/messaging/zalo/webhook`,
      secret: messaging.webhook.secret,
      appId: messaging.webhook.appId,
    });
    log(
      `Kênh nhắn tin (tài khoản chính thức) qua trình mô phỏng trên máy này (${messaging.simulator.url}); đặt ZALO_OA_URL để dùng thật`,
    );
  }
  if (simulated.length > 0)
    log(
      `Thông báo gửi qua trình mô phỏng trên máy này (${simulated.join(", ")}); xem tại /api/admin/notifications/simulated`,
    );
}
