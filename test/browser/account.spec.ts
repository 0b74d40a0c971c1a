import { expect, expectAccessible, expectFitsNarrow, login, test } from "./fixtures.ts";

test("register a citizen → log in → change password → log out", async ({ page }) => {
  const id = `0790${String(Date.now()).slice(-8)}`;
  const first = "MatKhauDau2026";
  const second = "MatKhauMoi2027x";
  await page.goto("/dang-ky");
  await expect(page.getByRole("heading", { level: 1, name: "Đăng ký tài khoản" })).toBeVisible();
  await expectAccessible(page, "đăng ký");
  await expectFitsNarrow(page, "đăng ký");
  await page.getByLabel("Số định danh cá nhân (là tên đăng nhập)").fill(id);
  await page.getByLabel("Họ, chữ đệm và tên").fill("Trần Thị Bích Ngọc");
  await page.getByLabel("Số điện thoại").fill("0987654321");
  await page.getByLabel("Mật khẩu", { exact: true }).fill(first);
  await page.getByLabel("Nhập lại mật khẩu").fill(first);
  await page.getByRole("button", { name: "Đăng ký" }).click();

  await expect(page).toHaveURL(/\/dang-nhap\?registered=/);
  await expect(page.getByText(`Đã tạo tài khoản ${id}`)).toBeVisible();
  await expectAccessible(page, "đăng nhập sau đăng ký");
  await expectFitsNarrow(page, "đăng nhập");
  await login(page, id, first);
  await expect(page.getByText("Tài khoản: Trần Thị Bích Ngọc")).toBeVisible();

  await page.getByRole("link", { name: "Đổi mật khẩu" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Đổi mật khẩu" })).toBeVisible();
  await expectAccessible(page, "đổi mật khẩu");
  await expectFitsNarrow(page, "đổi mật khẩu");
  await page.getByLabel("Mật khẩu hiện tại").fill(first);
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill(second);
  await page.getByLabel("Nhập lại mật khẩu mới").fill(second);
  await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
  await expect(page.getByText("Đã đổi mật khẩu.")).toBeVisible();

  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập", exact: true })).toBeVisible();

  // The new password works, and "My dossiers" asks for a login when logged out.
  await page.goto("/ho-so-cua-toi");
  await expect(page).toHaveURL(/\/dang-nhap\?next=%2Fho-so-cua-toi/);
  await login(page, id, second);
  await expect(page).toHaveURL(/\/ho-so-cua-toi$/);
  await expect(page.getByText("Bạn chưa có hồ sơ nào.")).toBeVisible();
  await expectAccessible(page, "hồ sơ của tôi (trống)");
});

test("the office landing lists an officer's roles", async ({ page }) => {
  await page.goto("/dang-nhap");
  await login(page, "motcua.trungtam", "Demo@2026!MotCuaTT");
  // The office opens on the counter's first box, with the officer's roles in its header.
  await expect(page).toHaveURL(/\/van-phong\/hop\/cho-tiep-nhan$/);
  await expect(page.getByRole("heading", { level: 1, name: "Chờ tiếp nhận" })).toBeVisible();
  await expect(page.getByText("Cán bộ Một cửa", { exact: true })).toBeVisible();
  // The office is for desks of 1280 px and more (issue #5); the 360 px check is the portal's.
  await expectAccessible(page, "văn phòng");
});
