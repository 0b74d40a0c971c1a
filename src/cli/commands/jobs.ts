import type { Config } from "../../config.ts";
import { runDeadlineWatch } from "../../jobs/deadlineWatch.ts";
import { previousMonth, publishLateList } from "../../jobs/lateListPublication.ts";
import { runNotificationDispatcher } from "../../jobs/notificationDispatcher.ts";
import { runSupplementAbandonment } from "../../jobs/supplementAbandonment.ts";
import { ValidationError } from "../../services/errors.ts";
import { openNotificationPorts } from "../../services/notifications/notificationPorts.ts";
import { openPreparedDatabase } from "../database.ts";

/**
 * `onestop jobs deadline-watch`: one pass of the deadline watch now (for cron, or to catch up after downtime); safe
 * while servers run theirs.
 */
export async function deadlineWatchOnce(config: Config, print: (line: string) => void): Promise<void> {
  const database = await openPreparedDatabase(config, () => {});
  try {
    const counts = await runDeadlineWatch(database.db, new Date(), {
      dueSoonWorkingHours: config.dueSoonWorkingHours,
    });
    const names = {
      reception: "tiếp nhận",
      processing: "giải quyết",
      task: "bước xử lý",
      consultation: "lấy ý kiến",
    };
    for (const [kind, name] of Object.entries(names)) {
      const count = counts[kind as keyof typeof names];
      print(`Hạn ${name}: ${count.dueSoon} sắp đến hạn, ${count.overdue} quá hạn`);
    }
    print(`Tổng số sự kiện đã ghi: ${counts.total}`);
  } finally {
    await database.close();
  }
}

/**
 * `onestop jobs publish-late-list [--month YYYY-MM]`: publishes a finished month's list of late agencies and officers
 * (R-LATE-4) if nobody has yet; safe while servers run the monthly publication.
 */
export async function publishLateListOnce(
  config: Config,
  month: string | undefined,
  print: (line: string) => void,
): Promise<void> {
  const database = await openPreparedDatabase(config, () => {});
  try {
    const now = new Date();
    const wanted = month ?? previousMonth(now);
    let outcome: Awaited<ReturnType<typeof publishLateList>>;
    try {
      outcome = await publishLateList(database.db, { month: wanted, now, publishedBy: "cli" });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new ValidationError([
        {
          field: "month",
          message: { vi: `Tháng ${wanted} chưa kết thúc`, en: `Month ${wanted} is not over yet` },
        },
      ]);
    }
    const { publication } = outcome;
    print(
      outcome.published
        ? `Đã công bố danh sách trễ hạn tháng ${publication.month}.`
        : `Danh sách trễ hạn tháng ${publication.month} đã được công bố lúc ${publication.publishedAt.toISOString()}.`,
    );
    print(`Cơ quan trễ hạn: ${publication.agencies.length}; cá nhân trễ hạn: ${publication.officers.length}`);
  } finally {
    await database.close();
  }
}

/**
 * `onestop jobs notifications`: one pass of the notification dispatcher now — outbox events into notifications, then
 * the due ones sent; safe while servers run theirs. Gateways left unset get a simulator for the run (nothing leaves
 * the machine), which the summary says.
 */
export async function notificationsOnce(config: Config, print: (line: string) => void): Promise<void> {
  const database = await openPreparedDatabase(config, () => {});
  const ports = await openNotificationPorts(config);
  try {
    const counts = await runNotificationDispatcher(database.db, ports.channels, () => new Date(), {
      maxAttempts: config.notifyMaxAttempts,
      backoffSeconds: config.notifyBackoffSeconds,
      maxEventAgeHours: config.notifyMaxEventAgeHours,
      publicUrl: config.publicUrl,
    });
    print(`Sự kiện đã xử lý: ${counts.events}; thông báo mới: ${counts.notifications}`);
    print(`Đã gửi: ${counts.sent}; gửi lại sau: ${counts.retried}; thất bại hẳn: ${counts.dead}`);
    const simulated = Object.keys(ports.simulators);
    if (simulated.length > 0) print(`Kênh chưa cấu hình, gửi vào trình mô phỏng: ${simulated.join(", ")}`);
  } finally {
    await ports.close();
    await database.close();
  }
}

/**
 * `onestop jobs supplement-abandonment`: one pass of the abandonment job now (R-SUPP-4): dossiers whose requested
 * supplement did not come within the configured working days are stopped; safe while servers run theirs.
 */
export async function supplementAbandonmentOnce(
  config: Config,
  print: (line: string) => void,
): Promise<void> {
  const database = await openPreparedDatabase(config, () => {});
  try {
    const counts = await runSupplementAbandonment(database.db, new Date());
    print(
      `Hồ sơ đang chờ bổ sung đã xem: ${counts.examined}; hồ sơ dừng xử lý vì quá hạn bổ sung: ${counts.stopped}`,
    );
  } finally {
    await database.close();
  }
}
