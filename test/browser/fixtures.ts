import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test as base, expect, type Page } from "@playwright/test";
import { demoAdminTotpSecrets } from "../../src/services/mfa/demoMfa.ts";
import { totpCodeAt, totpStepAt } from "../../src/services/mfa/totp.ts";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
export const screenshotDir = join(process.cwd(), "docs", "screenshots");

/** A tiny valid PDF (the upload route checks the file's real type). */
export function pdf(name: string): { name: string; mimeType: string; buffer: Buffer } {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${name}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return { name, mimeType: "application/pdf", buffer: Buffer.from(body) };
}

/** axe-core with the WCAG 2.0/2.1 A and AA rules: no violation allowed on any page the tests visit. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  await expect(page.locator("main#main")).toBeVisible();
  await expect(page.locator(".loading")).toHaveCount(0);
  // Evaluated through the DevTools protocol, not as a <script>: the CSP forbids inline scripts (issue #20).
  if (!(await page.evaluate("typeof window.axe !== 'undefined'")))
    await page.evaluate(readFileSync(axePath, "utf8"));
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary) })))`,
  )) as { id: string; help: string; nodes: string[] }[];
  expect(violations, `axe violations on ${label}:\n${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** Every page at 360 px: no horizontal scrolling, and still accessible. */
export async function expectFitsNarrow(page: Page, label: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(200);
  const overflow = (await page.evaluate(
    "document.documentElement.scrollWidth - document.documentElement.clientWidth",
  )) as number;
  expect(overflow, `${label} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
  await expectAccessible(page, `${label} (360 px)`);
  if (size) await page.setViewportSize(size);
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  // Issue #14: the demo administrators have two-step verification; their code comes from the published secret.
  const secret = demoAdminTotpSecrets[username];
  if (secret) {
    await page.waitForURL((url) => url.pathname === "/dang-nhap/ma-xac-thuc");
    await page.getByLabel("Mã xác thực").fill(await freshTotpCode(username, secret));
    await page.getByRole("button", { name: "Xác nhận" }).click();
  }
}

/** Each 30 s code is accepted once per account (replay refused): a second login in the same step waits for the next. */
const lastStepUsed = new Map<string, number>();
export async function freshTotpCode(username: string, secret: string): Promise<string> {
  while (totpStepAt(new Date()) <= (lastStepUsed.get(username) ?? -1))
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 200));
  const now = new Date();
  lastStepUsed.set(username, totpStepAt(now));
  return totpCodeAt(secret, now);
}

/** Fails a test on any console error or uncaught exception in the page. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`${message.text()} @ ${message.location().url}`);
      });
      page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
