import { expect, test } from "@playwright/test";
import { expectAccessible, login } from "./fixtures.ts";
import { CitizenApi, ErrorLog, signIn } from "./office-helpers.ts";

/**
 * The monitoring pages (issue #8): the service-center monitor sees the dashboard, drills down from a figure to the
 * dossiers behind it; a leader reaches the office page of a listed dossier; anyone reads the public statistics.
 */
test("the monitor sees the dashboard and drills down to the dossier list", async ({ page, request }) => {
  const citizen = new CitizenApi(request);
  await citizen.login();
  const { code } = await citizen.submitBirthRegistration();

  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(`/dang-nhap?next=${encodeURIComponent("/giam-sat")}`);
  await login(page, "giamsat.ttpvhcc", "Demo@2026!GiamSatHCC");
  await page.waitForURL((url) => url.pathname.startsWith("/giam-sat/tong-quan"));
  await expect(page.getByRole("heading", { level: 1, name: "Giám sát, thống kê" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Giám sát" })).toBeVisible();
  // Other browser tests may have left dossiers waiting too: at least this one.
  const waiting = page.getByRole("link", { name: /^Chờ tiếp nhận: [1-9]\d*$/ });
  await expect(waiting).toBeVisible();
  await expect(page.getByText("chưa có dữ liệu").first()).toBeVisible();
  await expectAccessible(page, "dashboard");

  await waiting.click();
  await page.waitForURL((url) => url.pathname === "/giam-sat/ho-so");
  await expect(page.getByRole("heading", { level: 1, name: "Danh sách hồ sơ: Chờ tiếp nhận" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: code });
  await expect(row).toBeVisible();
  // The monitor has no office role: the code opens the public status page, not the office page (issue #19).
  await expect(row.getByRole("link", { name: code })).toHaveAttribute(
    "href",
    `/tra-cuu/${encodeURIComponent(code)}`,
  );
  await expectAccessible(page, "drill-down list");

  await page.getByRole("link", { name: "Báo cáo" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Báo cáo" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Tải Excel" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Tải PDF" })).toBeVisible();
  await expectAccessible(page, "reports");
  expect(errors).toEqual([]);
});

test("a leader opens a listed dossier in the office", async ({ browser }, testInfo) => {
  const log = new ErrorLog();
  const { context, page } = await signIn(browser, testInfo, "leader", log, "/giam-sat");
  await page.getByRole("link", { name: /^Chờ tiếp nhận: \d+$/ }).click();
  await page.waitForURL((url) => url.pathname === "/giam-sat/ho-so");
  const first = page.locator('tbody a[href^="/van-phong/ho-so/"]').first();
  await first.click();
  await page.waitForURL((url) => url.pathname.startsWith("/van-phong/ho-so/"));
  log.expectNone();
  await context.close();
});

test("the public statistics page, without login", async ({ page }) => {
  await page.goto("/thong-ke");
  await expect(
    page.getByRole("heading", { level: 1, name: "Thống kê giải quyết thủ tục hành chính" }),
  ).toBeVisible();
  await expect(
    page.getByRole("heading", { level: 2, name: /^Tỷ lệ giải quyết đúng hạn tháng \d{2}\/\d{4}$/ }),
  ).toBeVisible();
  // The server's scheduler published last month's list on its own shortly after start (R-LATE-4): nobody was late.
  const local = new Date(Date.now() + 7 * 3_600_000);
  const last = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
  const month = `${String(last.getUTCMonth() + 1).padStart(2, "0")}/${last.getUTCFullYear()}`;
  await expect(page.getByRole("heading", { level: 3, name: `Tháng ${month}` })).toBeVisible();
  await expect(page.getByText("Không có.")).toHaveCount(2);
  await expectAccessible(page, "public statistics");
});
