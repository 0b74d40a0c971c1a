import type { Config } from "../../config.ts";
import { runDeadlineWatch } from "../../jobs/deadlineWatch.ts";
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
