import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError } from "commander";
import { ConfigError, loadConfig, readWorkers } from "../config.ts";
import { DataDirLockedError } from "../db/dataDirLock.ts";
import { createFirstAdministrator } from "../services/accounts/firstAdministrator.ts";
import { BackupError } from "../services/backup/backup.ts";
import { ImportFileError, importProcedures, parseImportFile } from "../services/catalog/importProcedures.ts";
import { AppError, ValidationError } from "../services/errors.ts";
import { loadDemoData, seedDemoProvince } from "../services/seed/seedDemoProvince.ts";
import { backupCommand, restoreCommand } from "./commands/backup.ts";
import { calendarDue, calendarHolidays } from "./commands/calendar.ts";
import { catalogPullOnce, nationalFilesOnce } from "./commands/catalog.ts";
import {
  deadlineWatchOnce,
  notificationsOnce,
  publishLateListOnce,
  supplementAbandonmentOnce,
} from "./commands/jobs.ts";
import { keysList, keysRotate } from "./commands/keys.ts";
import { type SectorDemoOptions, sectorDemo } from "./commands/sectorDemo.ts";
import { serveWithWorkers } from "./commands/serveWorkers.ts";
import { openPreparedDatabase } from "./database.ts";

const print = (line: string) => console.log(line);

const program = new Command("onestop")
  .description("OneStop: hệ thống thông tin giải quyết thủ tục hành chính")
  .showHelpAfterError();

program
  .command("serve")
  .description("Chạy máy chủ (migration, dữ liệu mẫu khi cơ sở dữ liệu trống)")
  // Issue #21: several HTTP processes on PostgreSQL (WEB_WORKERS); `auto` = one per core.
  .option("--workers <n>", "số tiến trình phục vụ HTTP (1–64 hoặc auto; mặc định WEB_WORKERS hoặc 1)")
  .action(async (options: { workers?: string }) => {
    const config = loadConfig();
    await serveWithWorkers(
      config,
      options.workers === undefined ? config.webWorkers : readWorkers(options.workers, "--workers"),
    );
  });

program
  .command("migrate")
  .description("Cập nhật lược đồ cơ sở dữ liệu")
  .action(async () => {
    const database = await openPreparedDatabase(loadConfig(), print, { seed: false });
    await database.close();
    print("Lược đồ đã cập nhật.");
  });

program
  .command("init")
  .description("Khởi tạo bản cài đặt thật: lược đồ và quản trị hệ thống đầu tiên với mật khẩu dùng một lần")
  .requiredOption("--admin <username>", "tên đăng nhập của quản trị hệ thống đầu tiên")
  .requiredOption("--name <full name>", "họ và tên của quản trị hệ thống")
  .action(async (options: { admin: string; name: string }) => {
    const config = loadConfig();
    const database = await openPreparedDatabase(config, print, { seed: false });
    try {
      const created = await createFirstAdministrator(database.db, {
        username: options.admin,
        fullName: options.name,
        now: new Date(),
        demoMode: config.demoMode,
        demoUsernames: loadDemoData().users.map((user) => user.username.toLowerCase()),
      });
      print(`Đã tạo quản trị hệ thống ${created.username}.`);
      print(
        `Mật khẩu dùng một lần (chỉ hiện lần này; phải đổi khi đăng nhập lần đầu): ${created.oneTimePassword}`,
      );
    } finally {
      await database.close();
    }
  });

program
  .command("seed")
  .description("Nạp (hoặc cập nhật) tỉnh mẫu từ thư mục data/")
  .action(async () => {
    const database = await openPreparedDatabase(loadConfig(), print, { seed: false });
    try {
      const report = await seedDemoProvince(database.db);
      print(
        `Đã nạp: ${report.agencies} cơ quan, ${report.units} đơn vị, ${report.sectors} ngành, ${report.fields} lĩnh vực, ` +
          `${report.procedures.created.length + report.procedures.updated.length} thủ tục, ${report.offerings} thủ tục theo cơ quan, ` +
          `${report.users} tài khoản, lịch năm ${report.calendarYears.join(", ")}.`,
      );
    } finally {
      await database.close();
    }
  });

program
  .command("import-procedures")
  .description("Nhập thủ tục từ tệp JSON xuất từ CSDL quốc gia về TTHC (cập nhật theo mã thủ tục)")
  .argument("<file>", "tệp JSON")
  .action(async (file: string) => {
    let content: string;
    try {
      content = readFileSync(file, "utf8");
    } catch (error) {
      throw new ImportFileError({
        vi: `Không đọc được tệp ${file}: ${(error as Error).message}`,
        en: `Cannot read ${file}: ${(error as Error).message}`,
      });
    }
    const rows = parseImportFile(content);
    const database = await openPreparedDatabase(loadConfig(), print);
    try {
      const report = await importProcedures(database.db, rows);
      print(
        `Tạo mới: ${report.created.length}${report.created.length ? ` (${report.created.join(", ")})` : ""}`,
      );
      print(
        `Cập nhật: ${report.updated.length}${report.updated.length ? ` (${report.updated.join(", ")})` : ""}`,
      );
      print(`Bị từ chối: ${report.rejected.length}`);
      for (const rejected of report.rejected) {
        print(`  Dòng ${rejected.row}${rejected.code ? ` (${rejected.code})` : ""}:`);
        for (const reason of rejected.reasons) print(`    - ${reason.vi}`);
      }
      if (report.rejected.length > 0) process.exitCode = 3;
    } finally {
      await database.close();
    }
  });

program
  .command("backup")
  .description("Sao lưu cơ sở dữ liệu và kho tệp vào một thư mục mới (PGlite nhúng: dừng máy chủ trước)")
  .argument("<folder>", "thư mục sao lưu (mới, hoặc trống)")
  .action(async (folder: string) => backupCommand(loadConfig(), folder, print));

program
  .command("restore")
  .description("Khôi phục một bản sao lưu vào cơ sở dữ liệu trống và kho tệp")
  .argument("<folder>", "thư mục sao lưu")
  .action(async (folder: string) => restoreCommand(loadConfig(), folder, print));

const calendar = program.command("calendar").description("Lịch làm việc và thời hạn");
calendar
  .command("due")
  .description("Tính thời điểm hết hạn theo lịch làm việc")
  .requiredOption("--from <instant>", "thời điểm bắt đầu, ISO 8601 (không có múi giờ: giờ Việt Nam)")
  .requiredOption("--add <duration>", "thời hạn: <N>wh (giờ làm việc), <N>wd (ngày làm việc), <N>d (ngày)")
  .option("--agency <identifier>", "mã định danh cơ quan (giờ làm việc của cơ quan)")
  .action(async (options: { from: string; add: string; agency?: string }) =>
    calendarDue(loadConfig(), options, print),
  );
calendar
  .command("holidays")
  .description("Liệt kê ngày nghỉ và ngày làm bù của một năm")
  .requiredOption("--year <year>", "năm (1900–2199)", (value: string) => {
    if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError("năm phải có 4 chữ số");
    return Number(value);
  })
  .action(async (options: { year: number }) => calendarHolidays(loadConfig(), options.year, print));

program
  .command("jobs")
  .description("Chạy một lần các công việc nền")
  .command("deadline-watch")
  .description("Đánh dấu hồ sơ, bước xử lý sắp đến hạn và quá hạn (ghi sự kiện và hàng đợi thông báo)")
  .action(async () => deadlineWatchOnce(loadConfig(), print));

// R-LATE-4 by hand (the scheduler publishes last month's list by itself): a month already published is left as it is.
program.commands
  .find((command) => command.name() === "jobs")
  ?.command("publish-late-list")
  .description("Công bố danh sách cơ quan, cá nhân trễ hạn của một tháng (mặc định: tháng trước)")
  .option("--month <YYYY-MM>", "tháng cần công bố")
  .action(async (options: { month?: string }) => publishLateListOnce(loadConfig(), options.month, print));

// Issue #7: one pass of the notification dispatcher (the server runs it every few seconds).
program.commands
  .find((command) => command.name() === "jobs")
  ?.command("notifications")
  .description("Gửi thông báo: chuyển sự kiện hồ sơ thành thông báo rồi gửi những thông báo đến hạn")
  .action(async () => notificationsOnce(loadConfig(), print));

// Issue #12 §4 (R-SUPP-4): one pass of the abandonment job (the server runs it every minute).
program.commands
  .find((command) => command.name() === "jobs")
  ?.command("supplement-abandonment")
  .description("Dừng xử lý hồ sơ quá hạn bổ sung (số ngày làm việc theo tùy chọn quy tắc; mặc định 15)")
  .action(async () => supplementAbandonmentOnce(loadConfig(), print));

// Issue #13: one pass of the attachment job (files of dossiers received from DVCQG; the server runs it every 5 s).
program.commands
  .find((command) => command.name() === "jobs")
  ?.command("national-files")
  .description("Tải các tệp của hồ sơ nhận từ Cổng DVCQG vào kho tệp (kiểm tra mã băm, thử lại khi lỗi)")
  .action(async () => nationalFilesOnce(loadConfig(), print));

// Issue #13, R-SYNC-6: pull the national procedure database now (the server pulls every DVCQG_CATALOG_PULL_HOURS).
program
  .command("catalog")
  .description("Danh mục thủ tục hành chính")
  .command("pull")
  .description(
    "Lấy danh mục từ CSDL quốc gia về TTHC (DVCQG_CATALOG_URL), ghi nhận thay đổi và nhiệm vụ cập nhật",
  )
  .option("--url <url>", "địa chỉ danh mục (mặc định DVCQG_CATALOG_URL)")
  .action(async (options: { url?: string }) => {
    process.exitCode = await catalogPullOnce(loadConfig(), options.url, print);
  });

const keys = program.command("keys").description("Khóa ký kết quả điện tử (mã QR xác thực, R-RES-1)");
keys
  .command("rotate")
  .description("Tạo khóa ký mới; khóa cũ thôi ký nhưng vẫn được công bố để xác thực kết quả đã ban hành")
  .action(async () => keysRotate(loadConfig(), print));
keys
  .command("list")
  .description("Liệt kê các khóa ký (không in khóa bí mật)")
  .action(async () => keysList(loadConfig(), print));

// Issue #18 (R-STATUS-4): the civil-status simulator pushes one dossier to a running server (docs/sector-systems.md).
program
  .command("sector-demo")
  .description("Giả lập hệ thống hộ tịch gửi một hồ sơ khai sinh qua các trạng thái đến máy chủ đang chạy")
  .requiredOption("--key <apiKey>", "khóa API của hệ thống chuyên ngành (trong bảng quản trị)")
  .requiredOption("--secret <hmacSecret>", "khóa HMAC của hệ thống chuyên ngành")
  .option("--url <url>", "địa chỉ máy chủ OneStop", "http://127.0.0.1:3000")
  .option("--agency <code>", "mã định danh cơ quan", "000.20.01.H99")
  .option("--procedure <code>", "mã thủ tục", "1.001193")
  .option("--fault <fault...>", "lỗi giả lập: duplicate, outOfOrder, badSignature")
  .action(async (options: SectorDemoOptions) => {
    process.exitCode = (await sectorDemo(options, print)) ? 0 : 1;
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ValidationError) {
    console.error(`Lỗi: ${error.text.vi}`);
    for (const field of error.fields)
      console.error(`  - ${field.field ? `${field.field}: ` : ""}${field.message.vi}`);
    process.exitCode = 2;
  } else if (error instanceof AppError || error instanceof ImportFileError) {
    console.error(`Lỗi: ${error.text.vi}`);
    process.exitCode = 2;
  } else if (
    error instanceof ConfigError ||
    error instanceof DataDirLockedError ||
    error instanceof BackupError
  ) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
}
