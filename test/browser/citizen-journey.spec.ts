import { fillBirthDeclaration } from "./birthDeclaration.ts";
import { expect, expectAccessible, expectFitsNarrow, login, pdf, saveScreenshot, test } from "./fixtures.ts";

test("home → search without diacritics → procedure → log in → wizard → receipt → my dossiers → timeline → lookup", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Cổng Dịch vụ công tỉnh Demo" })).toBeVisible();
  await expect(page.getByText("0299 3820 556").first()).toBeVisible();
  await expectAccessible(page, "trang chủ");
  await saveScreenshot(page, "trang-chu");
  await expectFitsNarrow(page, "trang chủ");

  // Search by keyboard, without diacritics.
  await page.getByLabel("Tìm thủ tục hành chính").fill("dang ky khai sinh");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/thu-tuc\?q=dang/);
  await expect(page.getByRole("link", { name: "Thủ tục đăng ký khai sinh", exact: true })).toBeVisible();
  await expectAccessible(page, "danh mục thủ tục");
  await expectFitsNarrow(page, "danh mục thủ tục");

  await page.getByRole("link", { name: "Thủ tục đăng ký khai sinh", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thủ tục đăng ký khai sinh" })).toBeVisible();
  for (const heading of [
    "Trình tự thực hiện",
    "Cách thức thực hiện",
    "Thành phần, số lượng hồ sơ",
    "Mẫu đơn, tờ khai",
    "Phí, lệ phí",
    "Yêu cầu, điều kiện",
    "Căn cứ pháp lý",
    "Nơi tiếp nhận và trả kết quả",
  ])
    await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  await expectAccessible(page, "trang thủ tục");
  await saveScreenshot(page, "thu-tuc");
  await expectFitsNarrow(page, "trang thủ tục");

  await page.getByRole("link", { name: "Nộp hồ sơ trực tuyến" }).click();
  await expect(page).toHaveURL(/\/dang-nhap\?next=/);
  await expectAccessible(page, "đăng nhập");
  await login(page, "congdan.demo", "Demo@2026!CongDan");
  await expect(page).toHaveURL(/\/thu-tuc\/1\.001193\/nop-ho-so/);

  // Step 1: the e-form. Submitting it empty shows Vietnamese messages.
  await page
    .getByLabel("Cơ quan tiếp nhận hồ sơ")
    .selectOption({ label: "Ủy ban nhân dân phường Trung Tâm" });
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByText("Vui lòng nhập Họ, chữ đệm, tên").first()).toBeVisible();
  await expectAccessible(page, "tờ khai có lỗi");
  // Issue #19: the real birth declaration (child, mother, father), R-SUB-1.
  await fillBirthDeclaration(page, { treEm: { hoTen: "Nguyễn Minh Khôi" } });
  await saveScreenshot(page, "nop-ho-so-to-khai");
  await expectFitsNarrow(page, "tờ khai");
  await page.getByRole("button", { name: "Tiếp tục" }).click();

  // Step 2: one upload slot per component; the declaration is generated from the e-form, two PDFs for the other
  // required ones.
  await expect(page.getByRole("heading", { name: "Thành phần hồ sơ" })).toBeFocused();
  await expect(page.getByLabel("Tờ khai đăng ký khai sinh theo mẫu")).toHaveCount(0);
  await page
    .getByLabel("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh")
    .setInputFiles(pdf("giay-chung-sinh.pdf"));
  await page.getByLabel(/Giấy tờ tùy thân/).setInputFiles(pdf("can-cuoc.pdf"));
  await expect(page.getByText(/Đã tải lên: /)).toHaveCount(2);
  await expectAccessible(page, "thành phần hồ sơ");
  await saveScreenshot(page, "nop-ho-so-tep");
  await expectFitsNarrow(page, "thành phần hồ sơ");
  await page.getByRole("button", { name: "Tiếp tục" }).click();

  // Step 3: review, then submit.
  await expect(page.getByRole("article", { name: "TỜ KHAI ĐĂNG KÝ KHAI SINH" })).toContainText(
    "Họ, chữ đệm, tên: Nguyễn Minh Khôi",
  );
  await expect(page.getByText("giay-chung-sinh.pdf")).toBeVisible();
  await expectAccessible(page, "xem lại");
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();

  // The server renders the declaration's PDF in the submission's transaction: slow on a loaded machine.
  await expect(page.getByRole("heading", { level: 1, name: "Đã nộp hồ sơ" })).toBeVisible({
    timeout: 120_000,
  });
  const code = (await page.getByTestId("dossier-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^000\.20\.01\.H99-\d{6}-\d{4}$/);
  await expect(
    page.getByRole("link", { name: new RegExp(`/tra-cuu/${code.replaceAll(".", "\\.")}`) }),
  ).toBeVisible();
  await expectAccessible(page, "biên nhận");
  await saveScreenshot(page, "bien-nhan");
  await expectFitsNarrow(page, "biên nhận");

  await page.getByRole("link", { name: "Hồ sơ của tôi" }).click();
  await expect(page.getByRole("link", { name: code })).toBeVisible();
  await expectAccessible(page, "hồ sơ của tôi");
  await saveScreenshot(page, "ho-so-cua-toi");
  await expectFitsNarrow(page, "hồ sơ của tôi");

  await page.getByRole("link", { name: code }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Quá trình giải quyết" })).toBeVisible();
  await expect(page.locator(".timeline")).toContainText("Nộp hồ sơ trực tuyến");
  await expect(page.getByText("Mới đăng ký").first()).toBeVisible();
  await expectAccessible(page, "chi tiết hồ sơ");
  await saveScreenshot(page, "chi-tiet-ho-so");
  await expectFitsNarrow(page, "chi tiết hồ sơ");

  // Public lookup by code, as the QR code opens it.
  await page.goto(`/tra-cuu/${code}`);
  await expect(page.getByRole("heading", { level: 2, name: `Kết quả tra cứu hồ sơ ${code}` })).toBeVisible();
  // A bare code shows the name masked (issue #20); the QR on the reception slip carries the token for the full name.
  await expect(page.getByTestId("lookup-applicant")).toHaveText("Nguyễn V** A*");
  await expect(page.getByTestId("lookup-status")).toHaveText("Mới đăng ký");
  await expect(page.getByText("Ủy ban nhân dân phường Trung Tâm").first()).toBeVisible();
  await expectAccessible(page, "tra cứu");
  await saveScreenshot(page, "tra-cuu");
  await expectFitsNarrow(page, "tra cứu");

  // And from the lookup form.
  await page.goto("/tra-cuu");
  await page.getByLabel("Mã hồ sơ").fill(code);
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page).toHaveURL(new RegExp(`/tra-cuu/${code.replaceAll(".", "\\.")}$`));
  await expect(page.getByTestId("lookup-applicant")).toHaveText("Nguyễn V** A*");
});
