import { expect, test } from "@playwright/test";
import { pdfText } from "../services/forms/pdfReading.ts";
import { expectAccessible, login, saveScreenshot } from "./fixtures.ts";
import { CitizenApi, confirm, ErrorLog, openDialog, signIn } from "./office-helpers.ts";

/**
 * The province's identity and the printed reception slip (issue #19): the logo in every page's header, the
 * administrator's identity page, the official slip with the register's number on the office dossier page's print
 * button, and charts that say "nothing yet" instead of drawing zeros on a fresh start (the suite starts without the
 * demo history).
 */
test.describe.configure({ mode: "serial" });
// Rendering and embedding the PDF on two cores shared with other suites can take minutes.
test.setTimeout(300_000);

test("on a fresh start the dashboard's charts show empty states and list the agencies with zero", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(`/dang-nhap?next=${encodeURIComponent("/giam-sat")}`);
  await login(page, "giamsat.ttpvhcc", "Demo@2026!GiamSatHCC");
  await page.waitForURL((url) => url.pathname.startsWith("/giam-sat/tong-quan"));
  await expect(page.getByRole("heading", { level: 1, name: "Giám sát, thống kê" })).toBeVisible();
  // The suite starts without the demo history, but specs before this one may have resolved dossiers: read the
  // period's figures and expect the empty state exactly when a figure is zero.
  const figure = async (label: string) =>
    Number(
      (
        await page
          .getByRole("link", { name: new RegExp(`^${label}: \\d+$`) })
          .first()
          .textContent()
      )?.match(/\d+/)?.[0] ?? "NaN",
    );
  const resolved = await figure("Đã giải quyết");
  const resolvedChart = page.locator('[role="img"][aria-label="Kết quả giải quyết theo cơ quan"]');
  if (resolved === 0) {
    // Nothing resolved: a sentence in place of the stacked bars, and no drawing of zeros.
    await expect(
      page.getByText("Chưa có hồ sơ nào giải quyết xong trong kỳ này.", { exact: false }),
    ).toBeVisible();
    await expect(resolvedChart).toHaveCount(0);
  } else {
    await expect(resolvedChart).toBeVisible();
  }
  // The agencies are listed, with their zeros, in the table under it.
  const table = page
    .locator(".ant-table")
    .filter({ has: page.getByRole("heading", { name: "Kết quả giải quyết theo cơ quan" }) });
  await expect(table.getByRole("row").filter({ hasText: "Sở Tài chính tỉnh Demo" })).toBeVisible();
  // The channel chart is a pie only when something was received; otherwise its empty state.
  const received = await figure("Tiếp nhận");
  if (received === 0) {
    await expect(page.getByText("Chưa có hồ sơ nào được tiếp nhận trong kỳ này")).toBeVisible();
    await expect(page.locator('[role="img"][aria-label="Cách thức nộp"]')).toHaveCount(0);
  } else {
    await expect(page.locator('[role="img"][aria-label="Cách thức nộp"]')).toBeVisible();
  }
  // The header shows the province's logo (the demo province's default emblem).
  const logo = page.locator("header img.site-title__logo");
  await expect(logo).toHaveAttribute("src", /\/api\/public\/province-identity\/logo\?v=/);
  expect(
    await logo.evaluate(
      (img) =>
        (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
        (img as unknown as { naturalWidth: number }).naturalWidth > 0,
    ),
  ).toBe(true);
  await expectAccessible(page, "dashboard, empty charts");
  await saveScreenshot(page, "dashboard-empty-charts");
  expect(errors).toEqual([]);
});

test("the counter prints the official reception slip with the register's number", async ({
  browser,
  request,
}, testInfo) => {
  const citizen = new CitizenApi(request);
  await citizen.login();
  const { id, code } = await citizen.submitBirthRegistration();

  const log = new ErrorLog();
  const { context, page } = await signIn(browser, testInfo, "counter", log, `/van-phong/ho-so/${id}`);
  await openDialog(page, "Tiếp nhận hồ sơ", "hộp thoại tiếp nhận");
  await confirm(page, "Tiếp nhận hồ sơ");
  const print = page.getByRole("link", { name: "In giấy tiếp nhận" });
  await expect(print).toBeVisible();
  await expect(print).toHaveAttribute("href", `/api/office/dossiers/${id}/forms/reception-slip.pdf`);
  await expect(print).toHaveClass(/ant-btn-primary/);
  await expectAccessible(page, "office dossier with the slip button");
  await saveScreenshot(page, "office-dossier-print-slip");

  const slip = await page.request.get(`/api/office/dossiers/${id}/forms/reception-slip.pdf`);
  expect(slip.status()).toBe(200);
  expect(slip.headers()["content-type"]).toContain("application/pdf");
  const text = await pdfText(new Uint8Array(await slip.body()));
  expect(text).toContain("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
  expect(text).toContain(`Mã hồ sơ: ${code}`);
  expect(text).toMatch(/Số vào sổ: \d{4}, Quyển số: 01\/\d{4}/);
  expect(text).toMatch(
    /ỦY BAN NHÂN DÂN PHƯỜNG TRUNG TÂM.*TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG TRUNG TÂM/,
  );

  // The on-screen slip shows the same register line and the logo.
  await page.getByRole("link", { name: "Xem trên màn hình" }).click();
  await expect(page.getByText(/Số vào sổ: \d{4}, Quyển số: 01\/\d{4}/)).toBeVisible();
  await expect(page.locator("article.slip img.site-title__logo")).toBeVisible();
  await expectAccessible(page, "on-screen reception slip");
  await saveScreenshot(page, "reception-slip");
  log.expectNone();
  await context.close();
});

test("the system administrator sees the province's identity page", async ({ browser }, testInfo) => {
  const log = new ErrorLog();
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: "vi-VN" });
  const page = await context.newPage();
  log.watch(page);
  await page.goto(`/dang-nhap?next=${encodeURIComponent("/quan-tri/nhan-dien")}`);
  await login(page, "quantri.hethong", "Demo@2026!QuanTriHT");
  await page.waitForURL((url) => url.pathname.startsWith("/quan-tri"));
  await page.goto("/quan-tri/nhan-dien");
  await expect(page.getByRole("heading", { level: 1, name: "Nhận diện của tỉnh" })).toBeVisible();
  await expect(page.getByText("Đang dùng biểu trưng mặc định của tỉnh demo.")).toBeVisible();
  await expect(page.getByRole("img", { name: "Ảnh hiện tại: Biểu trưng (logo)" })).toBeVisible();
  await expectAccessible(page, "province identity page");
  await saveScreenshot(page, "admin-province-identity");
  log.expectNone();
  await context.close();
});
