import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * Browser tests (issue #5): Debian's Chromium (apt-get install chromium; never a downloaded browser) against
 * `onestop serve` on a fresh embedded database and file store. Build the pages first: npm run build:web.
 */
// BROWSER_TEST_PORT lets two runs share a machine (a developer's run beside CI).
const port = Number(process.env.BROWSER_TEST_PORT ?? 38200);
const scratch = mkdtempSync(join(tmpdir(), "onestop-browser-"));

export default defineConfig({
  testDir: "test/browser",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    // The app honours reduced motion (WCAG 2.3.3): no fading messages for axe to catch half-transparent.
    reducedMotion: "reduce",
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "node bin/onestop.js serve",
    url: `http://127.0.0.1:${port}/health`,
    reuseExistingServer: false,
    // A busy machine (migrations, argon2 seeding, simulators) has needed more than two minutes.
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      PGLITE_DATA_DIR: join(scratch, "db"),
      FILES_DIR: join(scratch, "files"),
      LOG_LEVEL: "warn",
      LOGIN_RATE_LIMIT_PER_MINUTE: "100",
      // Every spec signs in from 127.0.0.1: the per-address throttle and the shared lookup counter would otherwise
      // start refusing the suite itself (issue #20).
      LOGIN_ADDRESS_MAX_FAILURES: "1000",
      LOOKUP_RATE_LIMIT_PER_MINUTE: "10000",
      // Issue #19: the specs count and pick dossiers in inboxes and dashboards; months of demo history would move them.
      DEMO_HISTORY: "false",
      // Issue #13 (national-portal.spec.ts): the spec's own DVCQG simulator on the next port plays the national
      // portal and the national procedure database; it signs dossiers with these secrets.
      NATIONAL_PORTAL_API_KEY: "khoa-api-cong-dvcqg-kiem-thu",
      NATIONAL_PORTAL_HMAC_SECRET: "bi-mat-hmac-cong-dvcqg-kiem-thu",
      DVCQG_CATALOG_URL: `http://127.0.0.1:${port + 1}/catalog/procedures`,
      DVCQG_CATALOG_TOKEN: "ma-xac-thuc-danh-muc-kiem-thu",
      DVCQG_FILE_BACKOFF_S: "1",
    },
  },
});
