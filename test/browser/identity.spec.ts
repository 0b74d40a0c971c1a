import { expect, expectAccessible, expectFitsNarrow, login, saveScreenshot, test } from "./fixtures.ts";

/**
 * Issue #14 (R-ACC-1): citizens sign in with the national e-ID through OpenID Connect. `onestop serve` runs the
 * identity simulator (OIDC_ISSUER unset); its sign-in page lists the demo people, and a test presses one.
 */

test("a new citizen signs in with the simulated VNeID, gives a phone number afterwards, and logs out through the provider", async ({
  page,
  consoleErrors,
}) => {
  await page.goto("/dang-nhap?next=%2Fho-so-cua-toi");
  const vneid = page.getByRole("link", { name: "Đăng nhập bằng VNeID" });
  await expect(vneid).toBeVisible();
  await expectAccessible(page, "đăng nhập (VNeID)");
  await expectFitsNarrow(page, "đăng nhập (VNeID)");
  await saveScreenshot(page, "dang-nhap-vneid");

  await vneid.click();
  // The simulated VNeID: one button per demo person, with the account's assurance level.
  await expect(page.getByRole("heading", { name: /VNeID/ })).toBeVisible();
  await page.getByRole("button", { name: /Lê Thị Hoa/ }).click();

  // A first sign-in: the session exists at once; the missing phone number is asked afterwards.
  await expect(page).toHaveURL(/\/tai-khoan\/bo-sung\?next=%2Fho-so-cua-toi$/);
  await expect(page.getByRole("heading", { level: 1, name: "Bổ sung thông tin tài khoản" })).toBeVisible();
  await expect(page.getByText("Tài khoản đã xác thực với VNeID — mức độ 2")).toBeVisible();
  await expectAccessible(page, "bổ sung thông tin");
  await page.getByLabel("Số điện thoại").fill("12");
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();
  await expect(page.getByText(/Số điện thoại không hợp lệ/)).toBeVisible();
  // The refused number's 400 is the answer the page shows, not a fault.
  expect(consoleErrors.splice(0).every((line) => line.includes("/api/account/phone"))).toBe(true);
  await page.getByLabel("Số điện thoại").fill("0912 345 999");
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();
  await expect(page).toHaveURL(/\/ho-so-cua-toi$/);
  await expect(page.getByText("Lê Thị Hoa").first()).toBeVisible();

  // Logout ends OneStop's session and the provider's (RP-initiated), then comes back to the portal.
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
  await expect(page.getByRole("link", { name: "Đăng nhập", exact: true })).toBeVisible();
  await page.goto("/ho-so-cua-toi");
  await expect(page).toHaveURL(/\/dang-nhap\?next=%2Fho-so-cua-toi/);
});

test("the demo citizen's existing account is linked to VNeID only with its password", async ({
  page,
  consoleErrors,
}) => {
  await page.goto("/dang-nhap");
  await page.getByRole("link", { name: "Đăng nhập bằng VNeID" }).click();
  await page.getByRole("button", { name: /Nguyễn Văn An/ }).click();
  await expect(page).toHaveURL(/\/dang-nhap\/lien-ket/);
  await expect(page.getByRole("heading", { level: 1, name: "Liên kết tài khoản với VNeID" })).toBeVisible();
  await expect(page.getByText(/congdan\.demo/)).toBeVisible();
  await expectAccessible(page, "liên kết tài khoản");
  await page.getByLabel("Mật khẩu của tài khoản hiện có").fill("Sai-mat-khau-1");
  await page.getByRole("button", { name: "Liên kết và đăng nhập" }).click();
  await expect(page.getByText("Mật khẩu của tài khoản hiện có không đúng")).toBeVisible();
  // The wrong password's 401 is the answer the page shows, not a fault.
  expect(consoleErrors.splice(0).every((line) => line.includes("/api/auth/oidc/link"))).toBe(true);
  await page.getByLabel("Mật khẩu của tài khoản hiện có").fill("Demo@2026!CongDan");
  await page.getByRole("button", { name: "Liên kết và đăng nhập" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  // The password login keeps working beside VNeID (local passwords stay unless the province turns them off).
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập", exact: true })).toBeVisible();
  await page.goto("/dang-nhap");
  await login(page, "congdan.demo", "Demo@2026!CongDan");
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
});

test("a cancelled VNeID sign-in comes back to the login page with the reason", async ({ page }) => {
  await page.goto("/dang-nhap");
  await page.getByRole("link", { name: "Đăng nhập bằng VNeID" }).click();
  await page.getByRole("button", { name: "Hủy đăng nhập" }).click();
  await expect(page).toHaveURL(/\/dang-nhap\?loi=vneid_cancelled/);
  await expect(page.getByText("Bạn đã hủy đăng nhập bằng VNeID.")).toBeVisible();
  await expectAccessible(page, "đăng nhập (đã hủy VNeID)");
});

test("an agency administrator sets, then clears, the minimum VNeID level of an offering", async ({
  page,
}) => {
  await page.goto("/dang-nhap");
  await login(page, "quantri.trungtam", "Demo@2026!QuanTriTT");
  await expect(page).not.toHaveURL(/dang-nhap/);
  await page.goto("/quan-tri");
  await page.getByRole("link", { name: "Thủ tục, biểu mẫu" }).click();
  await page.getByLabel("Tìm theo mã hoặc tên thủ tục").fill("1.001193");
  await page.getByRole("button", { name: "Tìm" }).click();
  await page.getByRole("button", { name: "Sửa 1.001193" }).click();
  const dialog = page.getByRole("dialog");
  const field = dialog.getByLabel("Tài khoản VNeID tối thiểu khi nộp trực tuyến");
  await expect(dialog.getByText("Không yêu cầu (mặc định)")).toBeVisible();
  await expectAccessible(page, "sửa thủ tục (định danh)");
  await field.click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option[title="Định danh điện tử mức độ 2"]')
    .click();
  await expect(page.getByText("Đã lưu yêu cầu định danh điện tử.")).toBeVisible();
  const offeringId = await page.evaluate(async () => {
    const response = await fetch("/api/admin/offerings?q=1.001193", {
      headers: { accept: "application/json" },
    });
    const list = (await response.json()) as { id: string; agency: { code: string } }[];
    return list[0]!.id;
  });
  const saved = await page.request.get(`/api/admin/offerings/${offeringId}/identity-requirement`);
  expect(await saved.json()).toEqual({ minAssuranceLevel: 2 });
  // Back to the default: the other browser tests submit this procedure with password accounts.
  await field.click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option[title="Không yêu cầu (mặc định)"]')
    .click();
  await expect(page.getByText("Đã lưu yêu cầu định danh điện tử.").last()).toBeVisible();
  await expect
    .poll(
      async () =>
        await (await page.request.get(`/api/admin/offerings/${offeringId}/identity-requirement`)).json(),
    )
    .toEqual({ minAssuranceLevel: null });
});
