import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseInstantArgument } from "../../src/cli/commands/calendar.ts";
import { ValidationError } from "../../src/services/errors.ts";
import { runCli } from "../support/runCli.ts";

// Each test starts the real CLI in a child process (several seconds each on a busy two-core machine).
describe("onestop calendar (issue #3 §2), on a fresh embedded database", { timeout: 120_000 }, () => {
  let folder: string;
  let dataDir: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "onestop-cli-"));
    dataDir = join(folder, "db");
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("R-CAL-9(b): due --from Friday 16:30 --add 3wd prints Wednesday 16:30 +07:00", () => {
    // 2026-11-20 is a Friday with no holiday in the week after.
    const result = runCli(["calendar", "due", "--from", "2026-11-20T16:30", "--add", "3wd"], dataDir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe("2026-11-25T16:30:00+07:00");
  });

  it("R-CAL-2/R-CAL-3: due skips the official Tết 2026 break of the seeded calendar (14–22/02/2026)", () => {
    const result = runCli(
      ["calendar", "due", "--from", "2026-02-13T09:00:00+07:00", "--add", "8wh", "--agency", "000.20.01.H99"],
      dataDir,
    );
    expect(result.status).toBe(0);
    // Friday 13/02: 09:00→11:30 (2.5 h) + 13:30→17:00 (3.5 h) = 6 h; the remaining 2 h fall on the first working
    // day after the break, Monday 23/02, ending at 09:00.
    expect(result.stdout.trim()).toBe("2026-02-23T09:00:00+07:00");
  });

  it("R-CAL-3: holidays --year 2026 lists the seeded official days with names, marked as entered data", () => {
    const result = runCli(["calendar", "holidays", "--year", "2026"], dataDir);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toContain("theo dữ liệu do quản trị viên nhập");
    expect(lines.some((line) => line.startsWith("2026-02-17") && line.includes("Nghỉ"))).toBe(true);
    expect(lines.some((line) => line.startsWith("2026-01-01") && line.includes("Nghỉ"))).toBe(true);
  });

  it("R-CAL-2/R-CAL-8: a year without data is computed from the Labour Code and said to be projected", () => {
    const result = runCli(["calendar", "holidays", "--year", "2031"], dataDir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("dự kiến");
    // Tết Tân Hợi: lunar 1/1 is 2031-01-23 on the Vietnamese calendar.
    expect(result.stdout).toMatch(/2031-01-23\s+Nghỉ/);
  });

  it("a bad duration, an unknown agency and an out-of-range year exit 2 with a Vietnamese message", () => {
    const badDuration = runCli(["calendar", "due", "--from", "2026-11-20T16:30", "--add", "3 tuần"], dataDir);
    expect(badDuration.status).toBe(2);
    expect(badDuration.stderr).toContain("Thời hạn không hợp lệ");

    const unknownAgency = runCli(
      ["calendar", "due", "--from", "2026-11-20T16:30", "--add", "1wd", "--agency", "KHONG.CO"],
      dataDir,
    );
    expect(unknownAgency.status).toBe(2);
    expect(unknownAgency.stderr).toContain("Không tìm thấy cơ quan có mã KHONG.CO");

    const badYear = runCli(["calendar", "holidays", "--year", "1800"], dataDir);
    expect(badYear.status).toBe(2);
    expect(badYear.stderr).toContain("Năm phải từ 1900 đến 2199");
  });
});

describe("parseInstantArgument", () => {
  it("reads a zone-less instant as the province's wall-clock time (+07:00)", () => {
    expect(parseInstantArgument("2026-11-20T16:30").toISOString()).toBe("2026-11-20T09:30:00.000Z");
    expect(parseInstantArgument("2026-11-20").toISOString()).toBe("2026-11-19T17:00:00.000Z");
  });

  it("keeps an explicit zone", () => {
    expect(parseInstantArgument("2026-11-20T16:30:00Z").toISOString()).toBe("2026-11-20T16:30:00.000Z");
    expect(parseInstantArgument("2026-11-20T16:30:00+07:00").toISOString()).toBe("2026-11-20T09:30:00.000Z");
  });

  it.each(["2026-02-30T10:00", "2026-13-01", "20/11/2026", "2026-11-20T25:00", "hôm nay"])(
    "refuses %s with a Vietnamese message naming the field",
    (text) => {
      expect(() => parseInstantArgument(text)).toThrow(ValidationError);
      try {
        parseInstantArgument(text);
      } catch (error) {
        expect((error as ValidationError).fields[0]?.field).toBe("from");
        expect((error as ValidationError).fields[0]?.message.vi).toContain("không hợp lệ");
      }
    },
  );
});
