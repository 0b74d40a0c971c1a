import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/runCli.ts";

// Each test starts the real CLI in a child process (several seconds each on a busy two-core machine).
describe("onestop jobs supplement-abandonment (R-SUPP-4)", { timeout: 120_000 }, () => {
  const folder = mkdtempSync(join(tmpdir(), "onestop-abandon-cli-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("runs one pass of the abandonment job and says what it did, in Vietnamese", () => {
    const result = runCli(["jobs", "supplement-abandonment"], join(folder, "db"));
    // stderr may carry a dependency's start-up warning; the job itself writes nothing there.
    expect(result.stderr).not.toMatch(/Lỗi|Error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      "Hồ sơ đang chờ bổ sung đã xem: 0; hồ sơ dừng xử lý vì quá hạn bổ sung: 0",
    );
  }, 150_000);
});
