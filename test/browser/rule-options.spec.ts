import { expect, expectAccessible, login, test } from "./fixtures.ts";

test.describe.configure({ timeout: 240_000 });
// The page's CSP forbids inline scripts; axe-core is injected as one by the fixture.
test.use({ bypassCSP: true });

/**
 * Issue #12 §6: the system administrator sets a province rule option and an agency administrator overrides it for
 * one procedure, in Vietnamese, without internal codes; both are put back so the other specs meet the defaults.
 */
test("rule options: the province's value, then an offering's own, each saved and put back", async ({
  page,
}) => {
  await page.goto("/dang-nhap?next=/quan-tri/tuy-chon");
  await login(page, "quantri.hethong", "Demo@2026!QuanTriHT");
  await expect(page.getByRole("heading", { level: 1, name: "Tùy chọn quy tắc của tỉnh" })).toBeVisible();
  const windowField = page.getByLabel("Thời hạn yêu cầu bổ sung sau khi tiếp nhận (ngày làm việc)");
  await expect(page.getByText(/Mặc định theo quy định: 3 ngày làm việc/)).toBeVisible();
  await expect(page.locator("body")).not.toContainText("supplementWindow");
  await expectAccessible(page, "admin province rule options");
  await windowField.fill("5");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Đã lưu tùy chọn quy tắc")).toBeVisible();
  await expect(page.getByText(/Đang áp dụng: 5 ngày làm việc/)).toBeVisible();
  await windowField.fill("");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText(/Đang áp dụng: 3 ngày làm việc/)).toBeVisible();

  // The agency administrator: the offering's own value, from the procedures page.
  await page.context().clearCookies();
  await page.goto("/dang-nhap?next=/quan-tri/thu-tuc");
  await login(page, "quantri.trungtam", "Demo@2026!QuanTriTT");
  await page.getByLabel("Tìm theo mã hoặc tên thủ tục").fill("1.004884");
  await page.getByRole("button", { name: "Tìm" }).click();
  await page.getByRole("link", { name: "Tùy chọn quy tắc 1.004884" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Tùy chọn quy tắc riêng của thủ tục" }),
  ).toBeVisible();
  await expect(page.getByText(/Theo tỉnh: 15 ngày làm việc/)).toBeVisible();
  await expectAccessible(page, "admin offering rule options");
  const clock = page.getByRole("radiogroup").first();
  await clock.getByText("Cộng thêm thời gian chờ bổ sung vào ngày hẹn cũ").click();
  await page.getByLabel("Số ngày làm việc chờ bổ sung trước khi dừng xử lý").fill("20");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Đã lưu tùy chọn quy tắc")).toBeVisible();
  await expect(page.getByText(/Đang áp dụng: 20 ngày làm việc/)).toBeVisible();
  await expect(page.getByText(/Đang áp dụng: Cộng thêm thời gian chờ/)).toBeVisible();
  // Put back: empty values follow the province again.
  await page.getByLabel("Số ngày làm việc chờ bổ sung trước khi dừng xử lý").fill("");
  await clock.getByText("Để trống").click();
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText(/Đang áp dụng: 15 ngày làm việc/)).toBeVisible();
});
