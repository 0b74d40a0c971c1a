import { fillBirthDeclaration } from "./birthDeclaration.ts";
import { expect, expectAccessible, expectFitsNarrow, login, pdf, saveScreenshot, test } from "./fixtures.ts";

/**
 * Issue #14 (R-SUB-1, R-ACC-1; 004_… Đ20), the Done-when: a demo citizen signs in with the simulated VNeID, submits a
 * birth registration whose form is prefilled from the simulated population database (`onestop serve` starts it when
 * POPULATION_DB_URL is unset), and the officer sees what was verified. Then the citizen sees who looked at her data,
 * and the service center sees the use per agency and month. Đặng Thị Mai is this spec's own person.
 */
const VERIFIED = "✓ Đã xác thực với Cơ sở dữ liệu quốc gia về dân cư";

async function signInWithVneid(page: import("@playwright/test").Page, next: string) {
  await page.goto(`/dang-nhap?next=${encodeURIComponent(next)}`);
  await page.getByRole("link", { name: "Đăng nhập bằng VNeID" }).click();
  await page.getByRole("button", { name: /Đặng Thị Mai/ }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replaceAll(".", "\\.")}$`));
}

test("a mother signs in with VNeID, submits a birth registration prefilled from the population database, and the officer sees what was verified", async ({
  page,
}) => {
  // The declaration's PDF is rendered on submission (issue #19): more time on a loaded machine.
  test.setTimeout(180_000);
  await signInWithVneid(page, "/thu-tuc/1.001193/nop-ho-so");
  await page
    .getByLabel("Cơ quan tiếp nhận hồ sơ")
    .selectOption({ label: "Ủy ban nhân dân phường Trung Tâm" });

  // Issue #19: the real birth declaration. The requester's name, birth date, identity and residence come from the
  // population database (`x-source`), marked verified.
  await expect(page.getByText(/được điền sẵn từ Cơ sở dữ liệu quốc gia về dân cư/)).toBeVisible();
  await expect(page.locator("#root_nguoiYeuCau_hoTen")).toHaveValue("Đặng Thị Mai");
  await expect(page.locator("#root_nguoiYeuCau_ngaySinh")).toHaveValue("18/04/1996");
  await expect(page.locator("#root_nguoiYeuCau_soDinhDanh")).toHaveValue("099196005555");
  await expect(page.locator("#root_nguoiYeuCau_noiCuTru")).toHaveValue(
    "Số 45 đường Hòa Bình, tổ dân phố 5, Phường Trung Tâm, Tỉnh Demo",
  );
  await expect(page.getByText(VERIFIED)).toHaveCount(4);
  await expectAccessible(page, "tờ khai điền sẵn từ dữ liệu dân cư");
  await expectFitsNarrow(page, "tờ khai điền sẵn từ dữ liệu dân cư");
  await saveScreenshot(page, "to-khai-dien-san-dan-cu");
  // A value the person changes loses its mark (the server checks it on submission).
  await page.locator("#root_nguoiYeuCau_noiCuTru").fill("Số 45 đường Hòa Bình, Phường Trung Tâm, Tỉnh Demo");
  await expect(page.getByText(VERIFIED)).toHaveCount(3);
  await expect(page.getByText("Đã sửa khác dữ liệu dân cư: sẽ được đối chiếu khi nộp")).toBeVisible();
  // The rest of the declaration: she is the mother; the prefilled answers are kept as she left them.
  await fillBirthDeclaration(page, {
    nguoiYeuCau: { hoTen: null, ngaySinh: null, soDinhDanh: null, noiCuTru: null, quanHe: "Mẹ" },
    treEm: { hoTen: "Hoàng Minh An" },
    me: {
      hoTen: "Đặng Thị Mai",
      ngaySinh: "18/04/1996",
      soDinhDanh: "099196005555",
      noiCuTru: "Số 45 đường Hòa Bình, Phường Trung Tâm, Tỉnh Demo",
    },
    cha: {
      hoTen: "Hoàng Văn Nam",
      ngaySinh: "02/09/1994",
      soDinhDanh: "099094006666",
      noiCuTru: "Số 45 đường Hòa Bình, Phường Trung Tâm, Tỉnh Demo",
    },
  });
  await page.getByRole("button", { name: "Tiếp tục" }).click();

  // The declaration is generated from the e-form: only the other components are uploaded.
  await expect(page.getByLabel("Tờ khai đăng ký khai sinh theo mẫu")).toHaveCount(0);
  await page
    .getByLabel("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh")
    .setInputFiles(pdf("giay-chung-sinh.pdf"));
  await page.getByLabel(/Giấy tờ tùy thân/).setInputFiles(pdf("can-cuoc.pdf"));
  await expect(page.getByText(/Đã tải lên: /)).toHaveCount(2);
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  // The declaration's PDF is rendered on submission: slow on a loaded machine.
  await expect(page.getByRole("heading", { level: 1, name: "Đã nộp hồ sơ" })).toBeVisible({
    timeout: 120_000,
  });
  const code = (await page.getByTestId("dossier-code").textContent())?.trim() ?? "";
  const dossierId = new URL(page.url()).pathname.split("/")[2]!;

  // The citizen sees who looked at her data: her own form, and the check on submission of this dossier.
  await page.getByRole("link", { name: "Ai đã tra cứu dữ liệu của tôi" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ai đã tra cứu dữ liệu của tôi" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Điền sẵn tờ khai/ }).first()).toContainText(
    "Bạn (điền tờ khai của bạn)",
  );
  await expect(page.getByRole("row", { name: /Đối chiếu tờ khai khi nộp hồ sơ/ })).toContainText(code);
  await expectAccessible(page, "ai đã tra cứu dữ liệu của tôi");
  await expectFitsNarrow(page, "ai đã tra cứu dữ liệu của tôi");
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập", exact: true })).toBeVisible();

  // The counter officer sees which values were verified, then checks the identity with a reason.
  await page.goto(`/dang-nhap?next=${encodeURIComponent(`/van-phong/ho-so/${dossierId}`)}`);
  await login(page, "motcua.trungtam", "Demo@2026!MotCuaTT");
  await expect(page.getByRole("heading", { level: 1, name: `Hồ sơ ${code}` })).toBeVisible();
  const panel = page.getByTestId("population-checks");
  await expect(
    panel.getByRole("heading", { name: "Đối chiếu Cơ sở dữ liệu quốc gia về dân cư" }),
  ).toBeVisible();
  await expect(panel).toContainText("Họ, chữ đệm, tên");
  await expect(panel.getByText("✓ Đã xác thực")).toHaveCount(3);
  await expect(panel.getByText("Khác dữ liệu dân cư")).toHaveCount(1);
  await panel.getByLabel("Lý do tra cứu (người dân sẽ xem được)").fill("Đối chiếu nhân thân khi tiếp nhận");
  await panel.getByRole("button", { name: "Đối chiếu nhân thân người nộp" }).click();
  await expect(panel.getByText("Khớp", { exact: true })).toHaveCount(3);
  await expectAccessible(page, "hồ sơ: đối chiếu dữ liệu dân cư");
  await saveScreenshot(page, "ho-so-doi-chieu-dan-cu");
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập", exact: true })).toBeVisible();

  // The service center's monitor sees the use per agency and month (the police's statistics).
  await page.goto("/dang-nhap?next=%2Fgiam-sat%2Fkhai-thac-dan-cu");
  await login(page, "giamsat.ttpvhcc", "Demo@2026!GiamSatHCC");
  await expect(page.getByRole("heading", { level: 1, name: "Khai thác dữ liệu dân cư" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Ủy ban nhân dân phường Trung Tâm/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Cổng Dịch vụ công \(người dân tự điền\)/ })).toBeVisible();
  await expectAccessible(page, "khai thác dữ liệu dân cư");
  await expectFitsNarrow(page, "khai thác dữ liệu dân cư");
});
