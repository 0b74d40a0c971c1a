import type { Browser, TestInfo } from "@playwright/test";
import { expect, login, pdf, test } from "./fixtures.ts";
import {
  ACCOUNTS,
  actionNames,
  confirm,
  ErrorLog,
  expectAccessible,
  expectStatus,
  openDialog,
  saveScreenshot,
} from "./office-helpers.ts";

/**
 * The counter officer's own browser context. It bypasses the page's CSP only so that axe-core can be injected for
 * the accessibility checks, whatever the server's script policy (the app itself runs no inline script).
 */
async function counterOfficer(browser: Browser, testInfo: TestInfo, log: ErrorLog) {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    viewport: { width: 1366, height: 900 },
    bypassCSP: true,
  });
  const page = await context.newPage();
  log.watch(page);
  await page.goto("/dang-nhap?next=%2Fvan-phong");
  const [username, password] = ACCOUNTS.counter;
  await login(page, username, password);
  await page.waitForURL((url) => url.pathname.startsWith("/van-phong"));
  return { context, page };
}

/**
 * Issue #12 §3 (R-CAL-6, R-RECV-4, R-STATUS-5 2 → 9 → 10) as a counter officer meets it: a certification of a copy
 * (2.000815, a same-day procedure) is taken in on paper, opens on the dossier page rather than the slip, shows its
 * same-day legal time, and is decided and returned at once with the reference of the certified copy.
 */
test("a counter officer takes in a same-day procedure and returns its result at once", async ({
  browser,
}, testInfo) => {
  const log = new ErrorLog();
  const { context, page: c } = await counterOfficer(browser, testInfo, log);
  await c.getByRole("link", { name: "Tiếp nhận hồ sơ giấy" }).click();
  await expect(c.getByRole("heading", { level: 1, name: "Tiếp nhận hồ sơ giấy" })).toBeVisible();
  // Reception anywhere in the province (R-XFER-3): the deciding agency is chosen among all of them.
  await expect(c.getByLabel("Cơ quan giải quyết")).toHaveValue("000.20.01.H99");
  await c.getByLabel("Tìm thủ tục theo tên hoặc mã").fill("2.000815");
  await c.keyboard.press("Enter");
  await c.getByLabel("Chọn thủ tục").selectOption({ value: "2.000815" });
  await expect(c.getByRole("heading", { level: 2, name: "Người nộp hồ sơ" })).toBeVisible();
  await c.getByLabel("Họ và tên").fill("Lê Văn Hùng");
  await c.getByLabel("Số định danh cá nhân (12 số)").fill("099190007777");
  await c.getByLabel(/^1\. Bản chính giấy tờ/).setInputFiles(pdf("ban-chinh.pdf"));
  await expect(c.getByText(/Đã tải lên: /)).toHaveCount(1);
  await expectAccessible(c, "tiếp nhận thủ tục trong ngày");
  await c.getByRole("button", { name: "Tiếp nhận hồ sơ" }).click();

  // No slip unless asked (R-RECV-4): the dossier page, with the same-day legal time and the decision at once.
  await expect(c).toHaveURL(/\/van-phong\/ho-so\/[0-9a-f-]+$/);
  await expectStatus(c, "Được tiếp nhận");
  await expect(c.getByText("Trong ngày (nhận sau 15 giờ: ngày làm việc tiếp theo)")).toBeVisible();
  expect(await actionNames(c)).toEqual([
    "Giải quyết và trả kết quả ngay",
    "Chuyển cơ quan giải quyết",
    "Chuyển đến cơ quan có thẩm quyền",
  ]);

  const dialog = await openDialog(c, "Giải quyết và trả kết quả ngay", "hộp thoại giải quyết ngay");
  // The reference is required: the result must be recorded (R-RECV-4).
  await dialog.getByRole("button", { name: "Giải quyết và trả kết quả ngay", exact: true }).click();
  await expect(dialog.getByText(/Vui lòng nhập số, ký hiệu kết quả đã cấp/i)).toBeVisible();
  await dialog.getByLabel("Số, ký hiệu kết quả đã cấp").fill("Số chứng thực 125, quyển số 01/2026-SCT/BS");
  await expect(dialog.getByLabel("Tại Bộ phận Một cửa")).toBeChecked();
  await saveScreenshot(c, "office-giai-quyet-ngay");
  await confirm(c, "Giải quyết và trả kết quả ngay");

  await expectStatus(c, "Đã trả kết quả");
  expect(await actionNames(c)).toEqual([]);
  await expect(c.getByText("Giải quyết tại Bộ phận Một cửa").first()).toBeVisible();
  await expectAccessible(c, "hồ sơ trong ngày đã trả kết quả");
  // The slip is still there when the applicant asks for it: the PDF to print, or the slip on screen (issue #19).
  await expect(c.getByRole("link", { name: "In giấy tiếp nhận" })).toHaveAttribute(
    "href",
    /\/forms\/reception-slip\.pdf$/,
  );
  await c.getByRole("link", { name: "Xem trên màn hình" }).click();
  await expect(c.locator(".slip")).toContainText("Cơ quan giải quyết: Ủy ban nhân dân phường Trung Tâm");
  await expect(c.locator(".slip")).toContainText(
    "Trong ngày; nhận sau 15 giờ thì trong ngày làm việc tiếp theo",
  );
  await expectAccessible(c, "giấy tiếp nhận thủ tục trong ngày");
  await context.close();
  log.expectNone();
});
