import { expect, expectAccessible, login, pdf, saveScreenshot, test } from "./fixtures.ts";

// Issue #19: dates typed the Vietnamese way must work whatever the browser's language.
test.use({ locale: "en-US" });
// Two shared cores: the office's pages take their time on a loaded machine.
const slow = expect.configure({ timeout: 90_000 });

/**
 * Issue #19 (R-SUB-1): a citizen registers a birth with the real declaration (TT 04/2020/TT-BTP): the child's, the
 * mother's and the father's details, dates typed as dd/mm/yyyy, and never uploads the declaration — it is generated
 * from the e-form. The counter officer reads the answers laid out as the paper form, with người nộp and người yêu cầu.
 */
test("birth registration: the real declaration typed, never uploaded, read by the officer as the form", async ({
  page,
  browser,
}) => {
  test.setTimeout(420_000);
  await page.goto("/dang-nhap?next=/thu-tuc/1.001193/nop-ho-so");
  await login(page, "congdan.demo", "Demo@2026!CongDan");
  await expect(page).toHaveURL(/\/thu-tuc\/1\.001193\/nop-ho-so/);
  await page
    .getByLabel("Cơ quan tiếp nhận hồ sơ")
    .selectOption({ label: "Ủy ban nhân dân phường Trung Tâm" });
  await expect(page.getByText("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây")).toBeVisible();

  // Submitting it empty names what is missing, in Vietnamese.
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByText(/Vui lòng nhập/).first()).toBeVisible();

  const field = (id: string) => page.locator(`#root_${id}`);
  const choose = async (id: string, option: string) => {
    await field(id).click();
    await page.locator(`.ant-select-item-option[title="${option}"]`).last().click();
  };
  // The requester: the account holder (prefilled where the population database knows them).
  await field("nguoiYeuCau_hoTen").fill("Nguyễn Văn An");
  await field("nguoiYeuCau_ngaySinh").fill("15/03/1990");
  await field("nguoiYeuCau_soDinhDanh").fill("099090001234");
  await field("nguoiYeuCau_noiCuTru").fill("Số 12 đường Lê Lợi, Phường Trung Tâm, Tỉnh Demo");
  await choose("nguoiYeuCau_quanHe", "Cha");
  // The child.
  await field("treEm_hoTen").fill("Nguyễn Minh Khang");
  await field("treEm_ngaySinh").fill("20/11/2026");
  await choose("treEm_gioiTinh", "Nam");
  await field("treEm_noiSinh").fill("Bệnh viện Đa khoa tỉnh, Phường Trung Tâm, Tỉnh Demo");
  await field("treEm_queQuan").fill("Xã Hòa Bình, Tỉnh Demo");
  // The mother and the father.
  await field("me_hoTen").fill("Trần Thị Bích Ngọc");
  await field("me_ngaySinh").fill("31/02/1992");
  await field("me_noiCuTru").fill("Số 12 đường Lê Lợi, Phường Trung Tâm, Tỉnh Demo");
  await field("me_soDinhDanh").fill("099192005678");
  await field("cha_hoTen").fill("Nguyễn Văn An");
  await field("cha_ngaySinh").fill("15/03/1990");
  await field("cha_noiCuTru").fill("Số 12 đường Lê Lợi, Phường Trung Tâm, Tỉnh Demo");
  await field("cha_soDinhDanh").fill("099090001234");
  await field("camDoan").check();
  // 31/02 is not a day: refused until corrected to a real date.
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByText("Ngày không hợp lệ").first()).toBeVisible();
  await field("me_ngaySinh").fill("08/07/1992");
  await field("me_ngaySinh").blur();
  await expect(field("me_ngaySinh")).toHaveValue("08/07/1992");
  await expect(field("treEm_ngaySinh")).toHaveValue("20/11/2026");
  await expectAccessible(page, "tờ khai khai sinh");
  await saveScreenshot(page, "to-khai-khai-sinh");
  await page.getByRole("button", { name: "Tiếp tục" }).click();

  // Step 2: the declaration is made from the e-form; only the other components are uploaded.
  await expect(page.getByRole("heading", { name: "Thành phần hồ sơ" })).toBeFocused();
  await expect(page.getByText("Tạo từ tờ khai điện tử anh/chị đã điền")).toBeVisible();
  await expect(page.getByLabel("Tờ khai đăng ký khai sinh theo mẫu")).toHaveCount(0);
  await page
    .getByLabel("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh")
    .setInputFiles(pdf("giay-chung-sinh.pdf"));
  await page.getByLabel(/Giấy tờ tùy thân/).setInputFiles(pdf("can-cuoc.pdf"));
  await expect(page.getByText(/Đã tải lên: /)).toHaveCount(2);
  await expectAccessible(page, "thành phần hồ sơ khai sinh");
  await page.getByRole("button", { name: "Tiếp tục" }).click();

  // Step 3: the review reads the answers as the form, dates as typed.
  await expect(page.getByRole("article", { name: "TỜ KHAI ĐĂNG KÝ KHAI SINH" })).toContainText(
    "Họ, chữ đệm, tên: Nguyễn Minh Khang",
  );
  await expect(page.getByText("20/11/2026").first()).toBeVisible();
  await expect(page.getByText("Tạo từ tờ khai điện tử (PDF)")).toBeVisible();
  await expectAccessible(page, "xem lại tờ khai khai sinh");
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  // The server renders the declaration's PDF in the submission's transaction: slow on a loaded machine.
  await expect(page.getByRole("heading", { level: 1, name: "Đã nộp hồ sơ" })).toBeVisible({
    timeout: 120_000,
  });
  const code = (await page.getByTestId("dossier-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^000\.20\.01\.H99-\d{6}-\d{4}$/);

  // The counter officer reads the declaration as the paper form and downloads its PDF.
  const context = await browser.newContext();
  const officer = await context.newPage();
  await officer.goto("/dang-nhap?next=/van-phong");
  await login(officer, "motcua.trungtam", "Demo@2026!MotCuaTT");
  await officer.getByRole("link", { name: code }).first().click();
  await slow(officer.getByRole("heading", { level: 1, name: `Hồ sơ ${code}` })).toBeVisible();
  const paper = officer.getByRole("article", { name: "TỜ KHAI ĐĂNG KÝ KHAI SINH" });
  await slow(paper).toContainText("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  await slow(paper).toContainText("Độc lập - Tự do - Hạnh phúc");
  await slow(paper).toContainText("Kính gửi: Ủy ban nhân dân phường Trung Tâm");
  await slow(paper).toContainText("Họ, chữ đệm, tên: Nguyễn Minh Khang");
  await slow(paper).toContainText("Ngày, tháng, năm sinh: 20/11/2026");
  await slow(paper).toContainText("Họ, chữ đệm, tên người mẹ: Trần Thị Bích Ngọc");
  await slow(paper).toContainText("Ngày, tháng, năm sinh: 08/07/1992");
  await slow(paper).toContainText("NGƯỜI YÊU CẦU");
  // Người nộp and người yêu cầu: one person, one ID number.
  await slow(officer.getByText("Người nộp hồ sơ (chủ tài khoản)")).toBeVisible();
  await expect(
    officer.getByText(/Nguyễn Văn An, số định danh 099090001234 — Người yêu cầu chính là người nộp hồ sơ/),
  ).toBeVisible();
  const download = officer.getByRole("link", { name: "Tải tờ khai (PDF)" });
  await slow(download).toHaveAttribute("href", /\/api\/dossiers\/.+\/files\/.+/);
  const response = await officer.request.get((await download.getAttribute("href")) ?? "");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/pdf");
  await slow(officer.locator(".file-name", { hasText: `to-khai-gt01-${code}.pdf` })).toBeVisible();
  await expectAccessible(officer, "hồ sơ khai sinh của cán bộ");
  await saveScreenshot(officer, "office-to-khai-khai-sinh");
  await context.close();
});
