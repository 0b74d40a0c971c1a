import { expect, expectAccessible, login, test } from "./fixtures.ts";
import { CitizenApi, ErrorLog, signIn } from "./office-helpers.ts";

test("a dossier submitted online is synchronised to the national portal: the office page says so (issue #13)", async ({
  browser,
  playwright,
}, testInfo) => {
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  const citizen = new CitizenApi(request);
  await citizen.login();
  const { id } = await citizen.submitBirthRegistration();
  const log = new ErrorLog();
  const { context, page } = await signIn(browser, testInfo, "counter", log, `/van-phong/ho-so/${id}`);
  const panel = page.getByRole("region", { name: "Đồng bộ Cổng Dịch vụ công quốc gia" });
  await expect(panel).toBeVisible();
  // The worker of `onestop serve` pushes it to the DVCQG simulator within a few seconds (the panel polls).
  await expect(panel.getByTestId("dvcqg-sync-state")).toHaveText("Đã đồng bộ", { timeout: 30_000 });
  await expect(panel.getByRole("cell", { name: "Thông tin hồ sơ" })).toBeVisible();
  await expectAccessible(page, "hồ sơ — đồng bộ DVCQG");
  log.expectNone();
  await context.close();
  await request.dispose();
});

test("the admin console's sync page: lag, backlog, failures, replay with a clear error for an unknown dossier", async ({
  page,
  consoleErrors,
}) => {
  await page.goto(`/dang-nhap?next=${encodeURIComponent("/quan-tri/dong-bo")}`);
  await login(page, "quantri.hethong", "Demo@2026!QuanTriHT");
  await page.waitForURL((url) => url.pathname === "/quan-tri/dong-bo");
  await expect(page.getByRole("heading", { level: 1, name: "Đồng bộ Cổng DVCQG" })).toBeVisible();
  await expect(page.getByTestId("sync-figures")).toContainText("Gói đang chờ");
  await page.getByLabel("Mã hồ sơ").fill("KHONG-CO-HO-SO-NAY");
  await page.getByRole("button", { name: "Đồng bộ lại" }).first().click();
  await expect(page.getByText("Không tìm thấy hồ sơ")).toBeVisible();
  // The browser logs the expected 404 answer itself; nothing else may be logged.
  const expected = consoleErrors.findIndex((error) => error.includes("404"));
  if (expected >= 0) consoleErrors.splice(expected, 1);
  await expectAccessible(page, "đồng bộ DVCQG");
});
