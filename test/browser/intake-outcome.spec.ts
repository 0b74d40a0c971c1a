import type { Browser, TestInfo } from "@playwright/test";
import { expect, login, pdf, test } from "./fixtures.ts";
import { ACCOUNTS, ErrorLog, expectAccessible, expectStatus } from "./office-helpers.ts";

/** The counter officer's own browser context (CSP bypassed only so axe-core can be injected). */
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
 * Issue #12 §5 (R-RECV-2 a/b, R-FORM-2, R-FORM-3) as a counter officer meets it: a paper dossier found incomplete is
 * entered with the items to complete and its supplement request slip is printed; a refused one with its reasons and
 * its refusal slip. Both open as dossiers with the right status.
 */
test("a counter officer enters an incomplete and a refused paper dossier with their slips", async ({
  browser,
}, testInfo) => {
  const log = new ErrorLog();
  const { context, page: c } = await counterOfficer(browser, testInfo, log);
  const start = async (name: string) => {
    await c.goto("/van-phong");
    await c.getByRole("link", { name: "Tiếp nhận hồ sơ giấy" }).click();
    await c.getByLabel("Tìm thủ tục theo tên hoặc mã").fill("2.000815");
    await c.keyboard.press("Enter");
    await c.getByLabel("Chọn thủ tục").selectOption({ value: "2.000815" });
    await c.getByLabel("Họ và tên").fill(name);
  };

  // Incomplete: no scan of the required component is needed, the slip says what is missing.
  await start("Phạm Thị Lan");
  await c.getByLabel("Chưa đầy đủ: hướng dẫn bổ sung, hoàn thiện hồ sơ").check();
  await c.getByRole("button", { name: "Ghi nhận và in phiếu yêu cầu bổ sung" }).click();
  await expect(c.getByText(/Vui lòng nhập danh mục hồ sơ cần bổ sung/i)).toBeVisible();
  await c.getByLabel("Lý do yêu cầu bổ sung, hoàn thiện").fill("Thiếu bản chính để đối chiếu");
  await c
    .getByLabel("Danh mục hồ sơ cần bổ sung, hoàn thiện")
    .fill("Bản chính giấy tờ cần chứng thực\nBản sao cần chứng thực");
  await expectAccessible(c, "tiếp nhận: chưa đầy đủ");
  await c.getByRole("button", { name: "Ghi nhận và in phiếu yêu cầu bổ sung" }).click();
  await expect(c.getByRole("heading", { name: /yêu cầu bổ sung, hoàn thiện hồ sơ$/ })).toBeVisible();
  const slip = c.getByRole("link", { name: "In Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" });
  await expect(slip).toHaveAttribute("href", /\/forms\/supplement-request\.pdf$/);
  const response = await c.request.get((await slip.getAttribute("href"))!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  await expectAccessible(c, "phiếu yêu cầu bổ sung đã ghi nhận");
  await c.getByRole("link", { name: "Mở hồ sơ" }).click();
  await expectStatus(c, "Yêu cầu bổ sung giấy tờ");

  // Refused, with a scan this time.
  await start("Đỗ Văn Nam");
  await c.getByLabel(/^1\. Bản chính giấy tờ/).setInputFiles(pdf("ban-chinh.pdf"));
  await expect(c.getByText(/Đã tải lên: /)).toHaveCount(1);
  await c.getByLabel("Từ chối tiếp nhận").check();
  await c.getByLabel("Lý do từ chối tiếp nhận").fill("Giấy tờ không thuộc trường hợp được chứng thực");
  await c.getByRole("button", { name: "Ghi nhận và in phiếu từ chối" }).click();
  const refusal = c.getByRole("link", { name: "In Phiếu từ chối tiếp nhận giải quyết hồ sơ" });
  await expect(refusal).toHaveAttribute("href", /\/forms\/refusal-notice\.pdf$/);
  expect((await c.request.get((await refusal.getAttribute("href"))!)).status()).toBe(200);
  await c.getByRole("link", { name: "Mở hồ sơ" }).click();
  await expectStatus(c, "Không được tiếp nhận");
  await expectAccessible(c, "hồ sơ giấy bị từ chối");
  await context.close();
  log.expectNone();
});
