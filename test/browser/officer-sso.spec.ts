import { demoAdminTotpSecrets } from "../../src/services/mfa/demoMfa.ts";
import {
  expect,
  expectAccessible,
  expectFitsNarrow,
  freshTotpCode,
  login,
  saveScreenshot,
  test,
} from "./fixtures.ts";

// SSO round trips, argon2 and a 30-second TOTP step on two shared cores.
test.describe.configure({ timeout: 180_000 });

test("an administrator signs in through the simulated province SSO and a TOTP code (issue #14)", async ({
  page,
  consoleErrors,
}) => {
  await page.goto("/dang-nhap?next=/quan-tri");
  const sso = page.getByRole("link", { name: "Đăng nhập bằng tài khoản một cửa của tỉnh (SSO)" });
  await expect(sso).toBeVisible();
  await expectAccessible(page, "login page with the province SSO");
  await sso.click();
  // The simulated SSO's own page lists the demo officers.
  await expect(page.getByRole("heading", { name: /SSO tỉnh/ })).toBeVisible();
  await page.getByRole("button", { name: /quantri\.trungtam/ }).click();
  await expect(page).toHaveURL(/\/dang-nhap\/ma-xac-thuc\?next=%2Fquan-tri/);
  await expect(page.getByRole("heading", { level: 1, name: "Xác thực hai lớp" })).toBeVisible();
  await expectAccessible(page, "TOTP step");
  await expectFitsNarrow(page, "TOTP step");
  // A wrong code is refused with a message; the right one opens the session with OneStop's roles.
  await page.getByLabel("Mã xác thực").fill("000000");
  await page.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page.getByRole("alert")).toContainText("Mã xác thực không đúng");
  // The refusal provoked above is the browser's only console error (401 from the code step).
  const provoked = consoleErrors.findIndex(
    (error) => error.includes("401") && error.includes("/api/auth/mfa/verify"),
  );
  expect(provoked).toBeGreaterThanOrEqual(0);
  consoleErrors.splice(provoked, 1);
  await page
    .getByLabel("Mã xác thực")
    .fill(await freshTotpCode("quantri.trungtam", demoAdminTotpSecrets["quantri.trungtam"]!));
  await page.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page).toHaveURL(/\/quan-tri/);
  await expect(page.getByRole("link", { name: "Quản trị", exact: true })).toBeVisible();
  await saveScreenshot(page, "officer-sso-admin");
});

test("an officer turns on two-step verification, then signs in with password and code (issue #14)", async ({
  page,
}) => {
  await page.goto("/dang-nhap?next=/tai-khoan/bao-mat");
  await login(page, "chuyenvien.sotaichinh", "Demo@2026!ChuyenVienSTC");
  await expect(page.getByRole("heading", { level: 1, name: "Bảo mật tài khoản" })).toBeVisible();
  await expectAccessible(page, "account security (off)");
  await page.getByRole("button", { name: "Bật xác thực hai lớp" }).click();
  await expect(
    page.getByRole("img", { name: "Mã QR để thêm tài khoản vào ứng dụng xác thực" }),
  ).toBeVisible();
  const secret = (await page.getByTestId("mfa-secret").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page, "account security (QR code)");
  await expectFitsNarrow(page, "account security (QR code)");
  await page
    .getByLabel("Nhập mã 6 chữ số ứng dụng đang hiển thị để xác nhận")
    .fill(await freshTotpCode("chuyenvien.sotaichinh", secret));
  await page.getByRole("button", { name: "Xác nhận và bật" }).click();
  await expect(page.getByText("Đã bật xác thực hai lớp")).toBeVisible();
  await expect(page.locator(".recovery-codes li")).toHaveCount(10);
  await expectAccessible(page, "account security (recovery codes)");
  await saveScreenshot(page, "officer-mfa-enrolled");

  // Next sign-in: the password, then a code of the next 30-second step (the first one was used to confirm).
  await page.context().clearCookies();
  await page.goto("/dang-nhap?next=/van-phong");
  await login(page, "chuyenvien.sotaichinh", "Demo@2026!ChuyenVienSTC");
  await expect(page).toHaveURL(/\/dang-nhap\/ma-xac-thuc/);
  await page.getByLabel("Mã xác thực").fill(await freshTotpCode("chuyenvien.sotaichinh", secret));
  await page.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page).toHaveURL(/\/van-phong/);
});
