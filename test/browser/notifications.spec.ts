import { expect, expectAccessible, expectFitsNarrow, login, test } from "./fixtures.ts";

test("notification choices: from the account menu, a channel without its address is refused, choices are kept", async ({
  page,
}) => {
  await page.goto("/dang-nhap");
  await login(page, "congdan.demo", "Demo@2026!CongDan");
  await page.getByRole("link", { name: "Thông báo", exact: true }).click();
  await expect(page).toHaveURL(/\/tai-khoan\/thong-bao$/);
  await expect(page.getByRole("heading", { level: 1, name: "Nhận thông báo" })).toBeVisible();
  // The defaults, with the addresses they go to.
  await expect(
    page.getByRole("checkbox", { name: /Thư điện tử \(gửi tới nguyenvanan\.demo@example\.com\)/ }),
  ).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /Tin nhắn SMS \(gửi tới số 0912000001\)/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /Mạng xã hội/ })).not.toBeChecked();
  await expectAccessible(page, "nhận thông báo");
  await expectFitsNarrow(page, "nhận thông báo");

  await page.getByRole("checkbox", { name: /Mạng xã hội/ }).check();
  await page.getByRole("button", { name: "Lưu lựa chọn" }).click();
  // The handle is required once the channel is on: the form says so before anything is sent.
  await expect(page.getByText("Nhập tài khoản mạng xã hội để nhận thông báo qua kênh này")).toBeVisible();
  await expectAccessible(page, "nhận thông báo — thiếu tài khoản mạng xã hội");

  await page.getByLabel("Tài khoản mạng xã hội").fill("0912000001");
  await page.getByRole("checkbox", { name: /Tin nhắn SMS/ }).uncheck();
  await page.getByRole("radio", { name: "Tiếng Anh" }).check();
  await page.getByRole("button", { name: "Lưu lựa chọn" }).click();
  await expect(page.getByText("Đã lưu lựa chọn nhận thông báo.")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("checkbox", { name: /Mạng xã hội/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /Tin nhắn SMS/ })).not.toBeChecked();
  await expect(page.getByLabel("Tài khoản mạng xã hội")).toHaveValue("0912000001");
  await expect(page.getByRole("radio", { name: "Tiếng Anh" })).toBeChecked();
});

test("failed notifications: the system administrator's page in the admin console, with the simulated mailbox", async ({
  page,
}) => {
  // Straight to the page after login (a goto right after the click could leave before the session is set).
  await page.goto(`/dang-nhap?next=${encodeURIComponent("/quan-tri/thong-bao")}`);
  await login(page, "quantri.hethong", "Demo@2026!QuanTriHT");
  await page.waitForURL((url) => url.pathname === "/quan-tri/thong-bao");
  await expect(page.getByRole("heading", { level: 1, name: "Thông báo gửi thất bại" })).toBeVisible();
  await expect(page.getByText("0 thông báo")).toBeVisible();
  // The browser tests' server runs without real gateways: the simulators' mailbox is shown to the system admin.
  await expect(page.getByRole("heading", { level: 2, name: "Hộp thư mô phỏng (chạy thử)" })).toBeVisible();
  await expectAccessible(page, "thông báo gửi thất bại");
});
