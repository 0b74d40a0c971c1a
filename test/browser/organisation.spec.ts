import { fillBirthDeclaration } from "./birthDeclaration.ts";
import { expect, expectAccessible, expectFitsNarrow, pdf, saveScreenshot, test } from "./fixtures.ts";

/**
 * Issue #14 (R-ACC-1): an organisation's legal representative signs in with the simulated VNeID, authorises a
 * colleague for a period; the colleague signs in with their own e-ID, chooses to act for the organisation and
 * submits a dossier for it; the dossier shows who filed it for whom. `onestop serve` runs the identity simulator,
 * whose demo representative (Trần Thị Bình) is named by the e-ID as the representative of the demo company.
 */

const ORGANISATION = "Công ty TNHH Nông sản Xanh Demo";

/** Today in the province (UTC+7) plus `days`, as a date input takes it. */
const provinceDate = (days: number) =>
  new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

test("a representative authorises a colleague, who submits a dossier for the organisation", async ({
  page,
}) => {
  // Two e-ID sign-ins and a whole submission: longer than the default on a busy machine.
  // The declaration's PDF is rendered on submission (issue #19): more time on a loaded machine.
  test.setTimeout(240_000);
  // The representative signs in with VNeID and sees the organisation the e-ID names her the representative of.
  await page.goto("/dang-nhap?next=%2Fto-chuc-cua-toi");
  await page.getByRole("link", { name: "Đăng nhập bằng VNeID" }).click();
  await page.getByRole("button", { name: /Trần Thị Bình/ }).click();
  await expect(page).toHaveURL(/\/to-chuc-cua-toi$/);
  await expect(page.getByRole("heading", { level: 1, name: "Tổ chức của tôi" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: ORGANISATION })).toBeVisible();
  await expect(page.getByText("Người đại diện theo pháp luật", { exact: true })).toBeVisible();
  await expectAccessible(page, "tổ chức của tôi");
  await saveScreenshot(page, "to-chuc-cua-toi");

  // She authorises a colleague for 30 days, all procedures.
  await page.getByRole("link", { name: "Quản lý ủy quyền" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Ủy quyền của ${ORGANISATION}` })).toBeVisible();
  await expect(page.getByText("Chưa có ủy quyền nào.")).toBeVisible();
  await page.getByLabel("Số định danh cá nhân của người được ủy quyền").fill("099088007777");
  await page.getByLabel("Họ và tên người được ủy quyền").fill("Phạm Minh Tuấn");
  await page.getByLabel("Đến ngày").fill(provinceDate(30));
  await page.getByRole("button", { name: "Ủy quyền", exact: true }).click();
  await expect(page.getByText("Đã ủy quyền cho Phạm Minh Tuấn.")).toBeVisible();
  await expect(
    page.getByRole("heading", { level: 3, name: /Phạm Minh Tuấn \(099088007777\)/ }),
  ).toBeVisible();
  await expect(page.getByText("Đang có hiệu lực")).toBeVisible();
  await expectAccessible(page, "ủy quyền");
  await expectFitsNarrow(page, "ủy quyền");
  await saveScreenshot(page, "uy-quyen");
  const portal = new URL(page.url()).origin;
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập", exact: true })).toBeVisible();
  // The VNeID logout goes through the provider and back home: the next sign-in waits for it (no interrupted page).
  await page.waitForURL((url) => url.origin === portal && url.pathname === "/");

  // The colleague signs in with their own e-ID and chooses to act for the organisation.
  await page.goto("/dang-nhap?next=%2Fto-chuc-cua-toi");
  await page.getByRole("link", { name: "Đăng nhập bằng VNeID" }).click();
  await page.getByRole("button", { name: /Phạm Minh Tuấn/ }).click();
  await expect(page).toHaveURL(/\/to-chuc-cua-toi$/);
  await expect(page.getByText(/Được ủy quyền từ/)).toBeVisible();
  await page.getByLabel("Tôi đang thao tác cho:").selectOption({ label: ORGANISATION });
  await expect(page.getByText(`Bạn đang thao tác cho: ${ORGANISATION}`)).toBeVisible();
  await expect(page.getByText("Bạn đang thao tác cho tổ chức này")).toBeVisible();

  // And submits a birth registration for it through the wizard.
  await page.goto("/thu-tuc/1.001193/nop-ho-so");
  await page
    .getByLabel("Cơ quan tiếp nhận hồ sơ")
    .selectOption({ label: "Ủy ban nhân dân phường Trung Tâm" });
  // Issue #19 (R-SUB-1): the real birth declaration; he is the requester (his own details where not prefilled).
  await fillBirthDeclaration(
    page,
    {
      nguoiYeuCau: {
        hoTen: "Phạm Minh Tuấn",
        ngaySinh: "30/01/1988",
        soDinhDanh: "099088007777",
        noiCuTru: "Số 12 đường Lê Lợi, phường Đông Thành",
        quanHe: "Cá nhân, tổ chức đang nuôi dưỡng",
      },
    },
    { keepPrefilled: true },
  );
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByRole("heading", { name: "Thành phần hồ sơ" })).toBeFocused();
  await expect(page.getByLabel("Tờ khai đăng ký khai sinh theo mẫu")).toHaveCount(0);
  await page
    .getByLabel("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh")
    .setInputFiles(pdf("giay-chung-sinh.pdf"));
  await page.getByLabel(/Giấy tờ tùy thân/).setInputFiles(pdf("can-cuoc.pdf"));
  await expect(page.getByText(/Đã tải lên: /)).toHaveCount(2);
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();

  // The receipt and the dossier say who filed it for whom (the declaration's PDF is rendered on submission: slow).
  await expect(page.getByRole("heading", { level: 1, name: "Đã nộp hồ sơ" })).toBeVisible({
    timeout: 120_000,
  });
  const filedFor = `Phạm Minh Tuấn — nộp thay cho ${ORGANISATION} (theo giấy ủy quyền)`;
  await expect(page.getByText(filedFor)).toBeVisible();
  const code = (await page.getByTestId("dossier-code").textContent())?.trim() ?? "";
  await page.getByRole("link", { name: "Hồ sơ của tôi" }).click();
  await expect(page).toHaveURL(/\/ho-so-cua-toi$/);
  await page.getByRole("link", { name: code, exact: true }).click();
  await expect(page.getByText(filedFor)).toBeVisible();
  await expect(page.locator("main").getByText(ORGANISATION, { exact: true })).toBeVisible();
  await expectAccessible(page, "chi tiết hồ sơ (nộp thay)");
  await expectFitsNarrow(page, "chi tiết hồ sơ (nộp thay)");
  await saveScreenshot(page, "ho-so-nop-thay");

  // Back to acting for himself (from a page that is not the organisation's): its dossier is not his own.
  await page.goto("/to-chuc-cua-toi");
  await page.getByLabel("Tôi đang thao tác cho:").selectOption({ label: "Chính tôi (Phạm Minh Tuấn)" });
  await expect(page.getByText("Bạn đang thao tác cho chính mình")).toBeVisible();
  await page.goto("/ho-so-cua-toi");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: code, exact: true })).toHaveCount(0);
});
