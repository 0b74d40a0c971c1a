import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/runCli.ts";

// Each test starts the real CLI in a child process (several seconds each on a busy two-core machine).
describe("onestop jobs notifications", { timeout: 120_000 }, () => {
  const folder = mkdtempSync(join(tmpdir(), "onestop-notify-cli-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("runs one pass of the dispatcher and says which channels went to a simulator", () => {
    const result = runCli(["jobs", "notifications"], join(folder, "db"));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Sự kiện đã xử lý: 0; thông báo mới: 0");
    expect(result.stdout).toContain("Đã gửi: 0; gửi lại sau: 0; thất bại hẳn: 0");
    expect(result.stdout).toContain("Kênh chưa cấu hình, gửi vào trình mô phỏng: email, sms, social");
  }, 150_000);
});
