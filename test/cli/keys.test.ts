import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/runCli.ts";

// Each test starts the real CLI in a child process (several seconds each on a busy two-core machine).
describe("onestop keys (R-RES-1), on a fresh embedded database", { timeout: 120_000 }, () => {
  let folder: string;
  let dataDir: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "onestop-cli-"));
    dataDir = join(folder, "db");
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("list says there is no key yet; rotate creates one, a second rotate retires it; list shows both, no secret", () => {
    const none = runCli(["keys", "list"], dataDir);
    expect(none.stderr).toBe("");
    expect(none.status).toBe(0);
    expect(none.stdout).toContain("Chưa có khóa ký kết quả");

    const first = runCli(["keys", "rotate"], dataDir);
    expect(first.status).toBe(0);
    const firstKid = /Khóa ký mới: (\S+)/.exec(first.stdout)?.[1];
    expect(firstKid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.stdout).toContain("Chưa có khóa trước đó.");

    const second = runCli(["keys", "rotate"], dataDir);
    expect(second.status).toBe(0);
    const secondKid = /Khóa ký mới: (\S+)/.exec(second.stdout)?.[1];
    expect(second.stdout).toContain(`vẫn công bố để xác thực kết quả cũ): ${firstKid}`);

    const listed = runCli(["keys", "list"], dataDir);
    expect(listed.status).toBe(0);
    const lines = listed.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^${secondKid}  ES256  đang ký  tạo \\S+  thôi ký —  hết công bố —$`),
    );
    expect(lines[1]).toMatch(
      new RegExp(`^${firstKid}  ES256  đã thôi ký  tạo \\S+  thôi ký \\S+Z  hết công bố —$`),
    );
    expect(listed.stdout).not.toContain('"d"');
    // Four runs of the real command, the first of which migrates and seeds a fresh database.
  }, 300_000);
});
