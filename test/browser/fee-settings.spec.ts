import { expect, expectAccessible, login, test } from "./fixtures.ts";

test.describe.configure({ timeout: 240_000 });
// The page's CSP forbids inline scripts; axe-core is injected as one by the fixture.
test.use({ bypassCSP: true });

/**
 * Issue #15 (R-FEE-1): an agency administrator opens a procedure's fees from the procedures page, adds a local item
 * and removes it again (so the other specs meet the demo fees), in Vietnamese, without internal codes.
 */
test("fee settings: an agency's local fee item added and removed", async ({ page }) => {
  await page.goto("/dang-nhap?next=/quan-tri/thu-tuc");
  await login(page, "quantri.trungtam", "Demo@2026!QuanTriTT");
  await page.getByLabel("Tìm theo mã hoặc tên thủ tục").fill("1.004884");
  await page.getByRole("button", { name: "Tìm" }).click();
  await page.getByRole("link", { name: "Phí, lệ phí 1.004884" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Phí, lệ phí của thủ tục" })).toBeVisible();
  await expectAccessible(page, "admin offering fees");
  await page.getByLabel("Tên khoản").fill("Phí sao lục địa phương");
  await page.getByLabel("Mã khoản (chữ không dấu, số)").fill("SAOLUC");
  await page.getByLabel("Số tiền (đồng)").fill("15000");
  await page.getByRole("button", { name: "Thêm", exact: true }).click();
  await expect(page.getByText("Đã lưu khoản phí")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Phí sao lục địa phương" }).first()).toBeVisible();
  await expect(page.locator("body")).not.toContainText("perUnit");
  await page.getByRole("button", { name: "Bỏ Phí sao lục địa phương" }).click();
  await expect(page.getByText("Đã bỏ khoản phí")).toBeVisible();
});

/** R-FEE-6: the agency administrator sets the receiving account on the agencies page, then clears it again. */
test("receiving account: set on the agencies page and cleared", async ({ page }) => {
  await page.goto("/dang-nhap?next=/quan-tri/co-quan");
  await login(page, "quantri.trungtam", "Demo@2026!QuanTriTT");
  await page.getByRole("tree").getByText("Ủy ban nhân dân phường Trung Tâm").first().click();
  await expect(
    page.getByRole("heading", { name: "Tài khoản nhận tiền thanh toán trực tuyến" }),
  ).toBeVisible();
  await expect(page.getByText(/— tài khoản mặc định/)).toBeVisible();
  await expectAccessible(page, "admin agency receiving account");
  await page.getByLabel("Số tài khoản").fill("0123456789");
  await page.getByLabel("Mã ngân hàng (BIN, 6 chữ số)").fill("970436");
  await page.getByLabel("Tên tài khoản").fill("UBND PHUONG TRUNG TAM");
  await page.getByRole("button", { name: "Lưu tài khoản" }).click();
  await expect(page.getByText("Đã lưu tài khoản nhận tiền")).toBeVisible();
  await expect(page.getByText(/Đang áp dụng: 0123456789 tại ngân hàng 970436/)).toBeVisible();
  for (const label of ["Số tài khoản", "Mã ngân hàng (BIN, 6 chữ số)", "Tên tài khoản"])
    await page.getByLabel(label).fill("");
  await page.getByRole("button", { name: "Lưu tài khoản" }).click();
  await expect(page.getByText(/— tài khoản mặc định/)).toBeVisible();
});
