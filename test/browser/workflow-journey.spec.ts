import { expect, expectAccessible, login, test } from "./fixtures.ts";
import {
  actionNames,
  CitizenApi,
  confirm,
  ErrorLog,
  expectStatus,
  openDialog,
  openFromInbox,
  pagePdf as pdf,
  signIn,
} from "./office-helpers.ts";

// An administrator, a citizen and four officers in their own browser contexts on two shared cores.
test.describe.configure({ timeout: 300_000 });

/** The name the administrator gives the appraisal step; the office must show it, not the built-in one. */
const RENAMED = "Thẩm định, xác minh hồ sơ khai sinh";

test("issue #6: an administrator renames a step and publishes a new workflow version; a dossier then runs on it through the office pages", async ({
  page,
  browser,
  request,
}, testInfo) => {
  const log = new ErrorLog();

  // The system administrator opens the workflow of the birth registration at Phường Trung Tâm.
  await page.goto("/dang-nhap?next=/quan-tri/thu-tuc");
  await login(page, "quantri.hethong", "Demo@2026!QuanTriHT");
  await page.getByLabel("Tìm theo mã hoặc tên thủ tục").fill("1.001193");
  await page.getByRole("button", { name: "Tìm" }).click();
  await page
    .getByRole("row", { name: /Ủy ban nhân dân phường Trung Tâm/ })
    .getByRole("link", { name: "Quy trình 1.001193" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Quy trình điện tử" })).toBeVisible();
  // The second step is the specialist's appraisal (the standard workflow, R-CAT-4); it gets a new name.
  await expect(page.getByLabel("Mã của bước 2", { exact: true })).toHaveValue("appraisal");
  const name = page.getByLabel("Tên của bước 2", { exact: true });
  await expect(name).toHaveValue("Thẩm định hồ sơ");
  await name.fill(RENAMED);
  // The diagram redraws at once (it shortens long names to 21 characters and an ellipsis).
  await expect(page.getByTestId("workflow-diagram")).toContainText(`${RENAMED.slice(0, 21)}…`);
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(page.getByTestId("workflow-issues")).toContainText("Quy trình hợp lệ");
  await page.getByRole("button", { name: "Chạy mô phỏng" }).click();
  await expect(page.getByTestId("simulation")).toContainText("Tổng thời gian");
  await expect(page.getByTestId("simulation")).toContainText("appraisal");
  await expectAccessible(page, "workflow editor with a renamed step");
  await page.getByRole("button", { name: "Công bố phiên bản mới" }).click();
  const published = page.getByText(/Đã công bố phiên bản \d+/);
  await expect(published).toBeVisible();
  const version = Number(/(\d+)/.exec((await published.textContent()) ?? "")?.[1]);
  // Another browser test may have published before this one: whatever the number, it is a new version.
  expect(version).toBeGreaterThanOrEqual(2);
  // The editor now starts from the published version, with the new name.
  await page.reload();
  await expect(page.getByText(`Phiên bản đang áp dụng: ${version}`)).toBeVisible();
  await expect(page.getByLabel("Tên của bước 2", { exact: true })).toHaveValue(RENAMED);

  // A citizen submits a birth registration at that agency (the portal's own journey drives its pages).
  const citizen = new CitizenApi(request);
  await citizen.login();
  const { id, code } = await citizen.submitBirthRegistration();

  // The counter receives and transfers: the dossier is pinned to the workflow's latest version (R-CAT-4).
  const counter = await signIn(browser, testInfo, "counter", log);
  const c = counter.page;
  await openFromInbox(c, "Chờ tiếp nhận", code);
  await openDialog(c, "Tiếp nhận hồ sơ", "hộp thoại tiếp nhận");
  await confirm(c, "Tiếp nhận hồ sơ");
  await expectStatus(c, "Được tiếp nhận");
  await openDialog(c, "Chuyển cơ quan giải quyết", "hộp thoại chuyển");
  await confirm(c, "Chuyển cơ quan giải quyết");
  await expectStatus(c, "Đang xử lý");

  // The unit head assigns the specialist: the dossier moves to the renamed step.
  const head = await signIn(browser, testInfo, "head", log);
  const h = head.page;
  await h.getByRole("link", { name: code }).click();
  await expect(h.getByRole("heading", { level: 1, name: `Hồ sơ ${code}` })).toBeVisible();
  expect(await actionNames(h)).toEqual(["Phân công xử lý"]);
  const assign = await openDialog(h, "Phân công xử lý", "hộp thoại phân công");
  await assign.getByLabel("Cán bộ xử lý").selectOption({ label: "Phạm Minh Tuấn — Phòng Văn hóa - Xã hội" });
  await confirm(h, "Phân công xử lý");
  await expect(h.locator(".dossier__head")).toContainText(`Bước xử lý: ${RENAMED}`);
  await expect(h.locator(".dossier__head")).not.toContainText("Thẩm định hồ sơ");

  // The specialist sees the renamed step in the head, the deadlines and the control sheet, and forwards.
  const specialist = await signIn(browser, testInfo, "specialist", log);
  const s = specialist.page;
  await s.getByRole("link", { name: code }).click();
  await expect(s.getByRole("heading", { level: 1, name: `Hồ sơ ${code}` })).toBeVisible();
  await expect(s.locator(".dossier__head")).toContainText(RENAMED);
  await expect(s.getByRole("region", { name: "Các thời hạn" })).toContainText(RENAMED);
  await expect(s.getByRole("region", { name: "Phiếu kiểm soát quá trình giải quyết hồ sơ" })).toContainText(
    RENAMED,
  );
  await expectAccessible(s, "hồ sơ ở bước đã đổi tên");
  const forward = await openDialog(s, "Trình lãnh đạo phê duyệt", "hộp thoại trình phê duyệt");
  await forward.getByLabel("Ý kiến thẩm định, đề xuất").fill("Hồ sơ đầy đủ, hợp lệ. Đề nghị phê duyệt.");
  await confirm(s, "Trình lãnh đạo phê duyệt");
  await expect(s.locator(".dossier__head")).toContainText("Chờ lãnh đạo phê duyệt");

  // The leader approves with the signed result.
  const leader = await signIn(browser, testInfo, "leader", log);
  const l = leader.page;
  await l.getByRole("link", { name: code }).click();
  const approve = await openDialog(l, "Phê duyệt kết quả", "hộp thoại phê duyệt");
  await approve.getByLabel(/Tệp kết quả giải quyết/).setInputFiles(pdf("trich-luc-khai-sinh.pdf"));
  await expect(approve.getByText(/Đã tải lên: trich-luc-khai-sinh\.pdf/)).toBeVisible();
  await confirm(l, "Phê duyệt kết quả");
  await expectStatus(l, "Đã xử lý xong");

  // The counter returns the result; the control sheet keeps the renamed step.
  await openFromInbox(c, "Chờ trả kết quả", code);
  const giveBack = await openDialog(c, "Trả kết quả", "hộp thoại trả kết quả");
  await giveBack.getByLabel("Trực tiếp tại Bộ phận Một cửa").check();
  await confirm(c, "Trả kết quả");
  await expectStatus(c, "Đã trả kết quả");
  const sheet = c.getByRole("region", { name: "Phiếu kiểm soát quá trình giải quyết hồ sơ" });
  await expect(sheet).toContainText(RENAMED);
  for (const outcome of ["Đã phân công", "Đã chuyển tiếp", "Đã phê duyệt"])
    await expect(sheet).toContainText(outcome);
  await expectAccessible(c, "hồ sơ đã trả kết quả trên quy trình sửa đổi");

  // Supplementary: the API says which version the dossier ran on.
  const response = await c.request.get(`/api/office/dossiers/${id}`);
  expect(response.status()).toBe(200);
  const dossier = (await response.json()) as {
    workflow: { version: number; steps: { step: string; label: { vi: string } }[] };
  };
  expect(dossier.workflow.version).toBe(version);
  expect(dossier.workflow.steps.find((step) => step.step === "appraisal")?.label.vi).toBe(RENAMED);

  for (const officer of [counter, head, specialist, leader]) await officer.context.close();
  log.expectNone();
});
