import type { Page } from "@playwright/test";
import { expect, expectAccessible, login, saveScreenshot, test } from "./fixtures.ts";

/** Ant Design's open select list: the visible item carries the option's text as its title. */
async function pickOption(page: Page, text: string): Promise<void> {
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${text}"]`).click();
}

// Several logins (argon2) and heavy pages on two shared cores: generous time per journey.
test.describe.configure({ timeout: 240_000 });

test("an agency administrator creates an officer, designs an e-form with its live preview, and sees the province calendar read-only", async ({
  page,
}) => {
  await page.goto("/dang-nhap?next=/quan-tri");
  await login(page, "quantri.trungtam", "Demo@2026!QuanTriTT");
  await expect(page).toHaveURL(/\/quan-tri\/co-quan$/);
  await expect(page.getByRole("link", { name: "Quản trị", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Cơ quan, đơn vị" })).toBeVisible();
  // Only the own agency: another agency is not in the tree.
  await expect(page.getByRole("tree")).toContainText("Ủy ban nhân dân phường Trung Tâm");
  await expect(page.getByRole("tree")).not.toContainText("Sở Tài chính");
  await expectAccessible(page, "admin agencies");

  // A new officer with a temporary password.
  await page.getByRole("link", { name: "Tài khoản" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tài khoản cán bộ" })).toBeVisible();
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Tên đăng nhập").fill("chuyenvien2.trungtam");
  await dialog.getByLabel("Họ và tên").fill("Đỗ Thị Hạnh");
  await dialog.getByLabel("Thư điện tử").fill("hanh@trungtam.demo.gov.vn");
  await dialog.getByLabel("Mật khẩu tạm").fill("TamThoi2026hanh");
  await expectAccessible(page, "admin create user dialog");
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Đã tạo tài khoản chuyenvien2.trungtam")).toBeVisible();
  const row = page.getByRole("row", { name: /chuyenvien2\.trungtam/ });
  await expect(row).toContainText("Đỗ Thị Hạnh");
  await expect(row).toContainText("Chuyên viên");
  await expect(row).toContainText("Chờ đổi mật khẩu");
  await expectAccessible(page, "admin users");

  // The e-form designer: a procedure without its own form starts from one field; add an identification number.
  // (Issue #19: 1.001193 now has the real birth declaration, which the other browser tests submit; designing on
  // 1.001022, which has no form of its own, leaves it untouched.)
  await page.getByRole("link", { name: "Thủ tục, biểu mẫu" }).click();
  await page.getByLabel("Tìm theo mã hoặc tên thủ tục").fill("1.001022");
  await page.getByRole("button", { name: "Tìm" }).click();
  await expect(page.getByRole("row", { name: /1\.001022/ })).toHaveCount(1);
  await expectAccessible(page, "admin offerings");
  await page.getByRole("link", { name: "Thiết kế biểu mẫu 1.001022" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thiết kế biểu mẫu điện tử" })).toBeVisible();
  const preview = page.getByTestId("eform-preview");
  await expect(preview.getByLabel(/Họ, chữ đệm và tên/)).toBeVisible();
  await page.getByRole("button", { name: "Thêm trường" }).last().click();
  const added = page.locator("fieldset[data-path='fields.1']");
  await added.getByLabel("Tên trường (mã)").fill("soDinhDanh");
  await added.getByLabel("Nhãn").fill("Số định danh cá nhân");
  await added.getByLabel("Loại: Số định danh cá nhân").click();
  await pickOption(page, "Mã số định danh, mã số thuế");
  await expect(preview.getByLabel(/Số định danh cá nhân/)).toBeVisible();
  // A duplicate name is caught before saving, beside the list.
  await added.getByLabel("Tên trường (mã)").fill("hoTen");
  // (The account-created message may still be showing as another alert.)
  await expect(page.getByRole("alert").filter({ hasText: "bị trùng" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Lưu và áp dụng biểu mẫu" })).toBeDisabled();
  await added.getByLabel("Tên trường (mã)").fill("soDinhDanh");
  await expect(page.getByText("Danh sách trường hợp lệ.")).toBeVisible();
  // An address: the province and the demo province's communes as pickers in the preview.
  await page.getByRole("button", { name: "Thêm trường" }).last().click();
  const address = page.locator("fieldset[data-path='fields.2']");
  await address.getByLabel("Tên trường (mã)").fill("noiCuTru");
  await address.getByLabel("Nhãn").fill("Nơi cư trú");
  await address.getByLabel("Loại: Nơi cư trú").click();
  await pickOption(page, "Địa chỉ (tỉnh, xã)");
  await expect(preview.getByText("Xã, phường, đặc khu")).toBeVisible();
  await expectAccessible(page, "admin e-form designer");
  await page.getByRole("button", { name: "Lưu và áp dụng biểu mẫu" }).click();
  await expect(page.getByText("Đã lưu").first()).toBeVisible();
  await saveScreenshot(page, "admin-eform-designer");
  // The portal now serves it for this agency.
  const procedure = (await (await page.request.get("/api/public/procedures/1.001022")).json()) as {
    offerings: { agency: { code: string }; formSchema: { properties: Record<string, unknown> } | null }[];
  };
  const served = procedure.offerings.find((o) => o.agency.code === "000.20.01.H99")!.formSchema!;
  expect(Object.keys(served.properties)).toEqual(["hoTen", "soDinhDanh", "noiCuTru"]);
  // Back to the common declaration, as the seed has it.
  const offeringId = new URL(page.url()).pathname.split("/")[3]!;
  const { csrfToken } = (await (await page.request.get("/api/auth/session")).json()) as { csrfToken: string };
  const restored = await page.request.put(`/api/admin/offerings/${offeringId}/form`, {
    headers: { "x-csrf-token": csrfToken },
    data: { schema: null },
  });
  expect(restored.status()).toBe(204);

  // The birth registration's official declaration (issue #19) is shown as applicants see it, never redesigned.
  await page
    .getByRole("navigation", { name: "Trình đơn quản trị" })
    .getByRole("link", { name: "Thủ tục, biểu mẫu" })
    .click();
  await page.getByLabel("Tìm theo mã hoặc tên thủ tục").fill("1.001193");
  await page.getByRole("button", { name: "Tìm" }).click();
  await page.getByRole("link", { name: "Thiết kế biểu mẫu 1.001193" }).click();
  await expect(page.getByText(/tờ khai theo mẫu ban hành kèm văn bản quy phạm pháp luật/)).toBeVisible();
  await expect(page.getByTestId("eform-preview").getByText("Thông tin người mẹ").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Lưu và áp dụng biểu mẫu" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Thêm trường" })).toHaveCount(0);
  await expectAccessible(page, "admin official declaration");

  // The province's holidays: read-only for an agency administrator.
  await page.getByRole("link", { name: "Lịch làm việc" }).click();
  await expect(page.getByText(/do quản trị hệ thống thiết lập/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Thêm ngày nghỉ" })).toHaveCount(0);
  await expectAccessible(page, "admin calendar read-only");
  // The audit log shows what was done, with before and after.
  await page.getByRole("link", { name: "Nhật ký quản trị" }).click();
  await expect(page.getByRole("row", { name: /eform\.save/ }).first()).toBeVisible();
  await expect(page.getByRole("row", { name: /user\.create/ })).toContainText("chuyenvien2.trungtam");
  await expectAccessible(page, "admin audit");
});

test("the system administrator edits a holiday, then edits, simulates and publishes a workflow", async ({
  page,
}) => {
  await page.goto("/dang-nhap?next=/quan-tri/lich");
  await login(page, "quantri.hethong", "Demo@2026!QuanTriHT");
  await expect(page.getByRole("heading", { level: 1, name: "Lịch làm việc" })).toBeVisible();
  await page.getByLabel("Năm").fill("2026");
  await page.getByLabel("Năm").press("Enter");
  const holidays = page.getByTestId("holidays");
  await expect(holidays.getByRole("row")).not.toHaveCount(1);
  const rows = await holidays.getByRole("row").count();
  await page.getByRole("button", { name: "Thêm ngày nghỉ" }).click();
  const n = rows; // header row + existing rows: the new row's number is the count of existing data rows + 1
  await holidays.getByLabel(`Ngày của dòng ${n}`, { exact: true }).fill("2026-11-24");
  await holidays.getByLabel(`Tên ngày của dòng ${n}`, { exact: true }).fill("Nghỉ thử nghiệm");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByText("Đã lưu").first()).toBeVisible();
  await page.reload();
  await expect(
    page.getByTestId("holidays").getByRole("textbox", { name: `Tên ngày của dòng ${n}` }),
  ).toHaveValue("Nghỉ thử nghiệm");
  await expectAccessible(page, "admin calendar");

  // The workflow of a procedure at Phường Trung Tâm.
  await page.getByRole("link", { name: "Thủ tục, biểu mẫu" }).click();
  await page.getByLabel("Tìm theo mã hoặc tên thủ tục").fill("1.001193");
  await page.getByRole("button", { name: "Tìm" }).click();
  await page
    .getByRole("row", { name: /Ủy ban nhân dân phường Trung Tâm/ })
    .getByRole("link", { name: "Quy trình 1.001193" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Quy trình điện tử" })).toBeVisible();
  await expect(page.getByTestId("workflow-diagram")).toBeVisible();
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(page.getByTestId("workflow-issues")).toContainText("Quy trình hợp lệ");
  // A step far too long: the check names it, beside its row.
  const duration = page.getByLabel("Thời gian của bước 2");
  const original = await duration.inputValue();
  await duration.fill("400");
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(page.getByTestId("workflow-issues")).not.toContainText("Quy trình hợp lệ");
  await duration.fill(original);
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(page.getByTestId("workflow-issues")).toContainText("Quy trình hợp lệ");
  // The simulator from a start just before the test holiday: a step over it is flagged.
  await page.getByRole("radio", { name: "Thời điểm bắt đầu" }).check();
  await page.getByLabel("Thời điểm bắt đầu", { exact: true }).last().fill("2026-11-23T09:00");
  await page.getByRole("button", { name: "Chạy mô phỏng" }).click();
  const simulation = page.getByTestId("simulation");
  await expect(simulation).toContainText("Tổng thời gian");
  await expect(simulation).toContainText("Nghỉ thử nghiệm");
  await expectAccessible(page, "admin workflow editor");
  await saveScreenshot(page, "admin-workflow-editor");
  await page.getByRole("button", { name: "Công bố phiên bản mới" }).click();
  await expect(page.getByText(/Đã công bố phiên bản \d+/)).toBeVisible();
});

test("an officer who is not an administrator has no console link and is refused at /quan-tri; the console speaks English", async ({
  page,
}) => {
  await page.goto("/dang-nhap?next=/quan-tri");
  await login(page, "motcua.trungtam", "Demo@2026!MotCuaTT");
  await expect(page.getByRole("heading", { level: 1, name: "Không có quyền quản trị" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Quản trị", exact: true })).toHaveCount(0);
  await expectAccessible(page, "admin denied");
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await page.goto("/dang-nhap?next=/quan-tri/nhat-ky");
  await login(page, "quantri.trungtam", "Demo@2026!QuanTriTT");
  await expect(page.getByRole("heading", { level: 1, name: "Nhật ký quản trị" })).toBeVisible();
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Administration menu" })).toContainText(
    "Agencies and units",
  );
  await expectAccessible(page, "admin audit (English)");
});
