import { expect, test } from "@playwright/test";
import { expectAccessible, login } from "./fixtures.ts";

/**
 * The dashboard's payment figures (issue #15, R-KPI table 3.6, R-FEE-2): the online payment share, the amounts
 * collected per agency and month (or the empty state), the open reconciliation differences.
 */
test("the monitor sees the payment figures of the period", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(`/dang-nhap?next=${encodeURIComponent("/giam-sat")}`);
  await login(page, "giamsat.ttpvhcc", "Demo@2026!GiamSatHCC");
  await page.waitForURL((url) => url.pathname.startsWith("/giam-sat/tong-quan"));
  await expect(page.getByText("Tỷ lệ thanh toán trực tuyến").first()).toBeVisible();
  await expect(page.getByText("Chênh lệch đối soát chưa xử lý")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Số tiền thu theo cơ quan và tháng" })).toBeVisible();
  // Other specs may have paid a dossier this month: a row in đồng, or the empty state.
  const table = page.locator(".ant-table").filter({ hasText: "Số tiền thu theo cơ quan và tháng" });
  await expect(table.getByText(/₫|Không có khoản thu nào trong kỳ/).first()).toBeVisible();
  await expectAccessible(page, "dashboard with payment figures");
  expect(errors).toEqual([]);
});
