import { fillBirthDeclaration } from "./birthDeclaration.ts";
import { expect, expectAccessible, login, saveScreenshot, test } from "./fixtures.ts";
import {
  actionNames,
  CitizenApi,
  confirm,
  ErrorLog,
  expectStatus,
  openDialog,
  openFromInbox,
  pagePdf as pdf,
  settle,
  signIn,
} from "./office-helpers.ts";

// Four officers and a citizen in their own browser contexts on two shared cores: generous time per journey.
test.describe.configure({ timeout: 240_000 });

test("the full journey: citizen submits with files → counter accepts and transfers → unit head assigns → specialist forwards → leader approves with a result → counter returns → citizen sees the result", async ({
  page,
  browser,
}, testInfo) => {
  const log = new ErrorLog();

  // The citizen submits through the portal's wizard.
  await page.goto("/dang-nhap?next=/thu-tuc/1.001193/nop-ho-so");
  await login(page, "congdan.demo", "Demo@2026!CongDan");
  await expect(page).toHaveURL(/\/thu-tuc\/1\.001193\/nop-ho-so/);
  await page
    .getByLabel("Cơ quan tiếp nhận hồ sơ")
    .selectOption({ label: "Ủy ban nhân dân phường Trung Tâm" });
  // Issue #19 (R-SUB-1): the real birth declaration, generated as a PDF at submission — never uploaded.
  await fillBirthDeclaration(page, { treEm: { hoTen: "Nguyễn Minh Khôi" } });
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await page
    .getByLabel("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh")
    .setInputFiles(pdf("giay-chung-sinh.pdf"));
  await page.getByLabel(/Giấy tờ tùy thân/).setInputFiles(pdf("can-cuoc.pdf"));
  for (const file of ["giay-chung-sinh.pdf", "can-cuoc.pdf"])
    await expect(page.getByText(new RegExp(`Đã tải lên: ${file.replace(".", "\\.")}`)).first()).toBeVisible();
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  // The server renders the declaration's PDF in the submission's transaction: slow on a loaded machine.
  await expect(page.getByRole("heading", { level: 1, name: "Đã nộp hồ sơ" })).toBeVisible({
    timeout: 120_000,
  });
  const code = (await page.getByTestId("dossier-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^000\.20\.01\.H99-\d{6}-\d{4}$/);
  // The citizen has no office in the menu.
  await expect(page.getByRole("link", { name: "Văn phòng" })).toHaveCount(0);

  // The counter officer: the box "to receive" with the 8-working-hour countdown, search without diacritics.
  const counter = await signIn(browser, testInfo, "counter", log);
  const c = counter.page;
  await expect(c).toHaveURL(/\/van-phong\/hop\/cho-tiep-nhan$/);
  await expect(c.getByRole("heading", { level: 1, name: "Chờ tiếp nhận" })).toBeVisible();
  const row = c.getByRole("row", { name: new RegExp(code.replaceAll(".", "\\.")) });
  await expect(row).toContainText("Nguyễn Văn An");
  await expect(row).toContainText(/Còn .*giờ làm việc|Quá hạn/);
  await c.getByLabel("Tìm theo mã hồ sơ hoặc tên người nộp").fill("nguyen van an");
  await c.keyboard.press("Enter");
  await expect(c).toHaveURL(/q=nguyen/);
  await expect(c.getByRole("link", { name: code })).toBeVisible();
  await expectAccessible(c, "hộp chờ tiếp nhận");
  await saveScreenshot(c, "office-hop-cho-tiep-nhan");
  await c.getByLabel("Tìm theo mã hồ sơ hoặc tên người nộp").fill("khong co ai ten nay");
  await c.keyboard.press("Enter");
  await expect(c.getByText("Không có hồ sơ phù hợp với tìm kiếm.")).toBeVisible();
  await c.getByRole("button", { name: "Xóa tìm kiếm" }).click();

  // Keyboard only: the dossier's link is reached with Tab and opened with Enter.
  const link = c.getByRole("link", { name: code });
  await link.focus();
  await expect(link).toBeFocused();
  await c.keyboard.press("Enter");
  await expect(c.getByRole("heading", { level: 1, name: `Hồ sơ ${code}` })).toBeVisible();
  expect(await actionNames(c)).toEqual(["Tiếp nhận hồ sơ", "Yêu cầu bổ sung hồ sơ", "Từ chối tiếp nhận"]);
  await expect(c.getByText("Hạn tiếp nhận (8 giờ làm việc)")).toBeVisible();
  // The declaration's answers, laid out as the paper form (issue #19).
  await expect(
    c
      .getByRole("article", { name: "TỜ KHAI ĐĂNG KÝ KHAI SINH" })
      .getByText(/Nguyễn Minh Khôi/)
      .first(),
  ).toBeVisible();
  // The files, with the first one shown inline.
  await expect(c.locator(".file-name", { hasText: "giay-chung-sinh.pdf" })).toBeVisible();
  await expect(c.locator(".file-preview iframe")).toHaveAttribute("src", /\?inline=true$/);
  await expectAccessible(c, "hồ sơ chờ tiếp nhận");
  await c.waitForTimeout(1500); // the PDF viewer draws its page
  await saveScreenshot(c, "office-ho-so-cho-tiep-nhan");

  // Escape closes a dialog and gives the focus back to its button.
  const acceptButton = c
    .getByRole("region", { name: "Thao tác" })
    .getByRole("button", { name: "Tiếp nhận hồ sơ" });
  await acceptButton.focus();
  await c.keyboard.press("Enter");
  await expect(c.getByRole("dialog", { name: "Tiếp nhận hồ sơ" })).toBeVisible();
  await c.keyboard.press("Escape");
  await expect(c.getByRole("dialog", { name: "Tiếp nhận hồ sơ" })).toBeHidden();
  await expect(acceptButton).toBeFocused();

  await openDialog(c, "Tiếp nhận hồ sơ", "hộp thoại tiếp nhận");
  await saveScreenshot(c, "office-hop-thoai-tiep-nhan");
  await confirm(c, "Tiếp nhận hồ sơ");
  await expectStatus(c, "Được tiếp nhận");
  expect(await actionNames(c)).toEqual(["Chuyển cơ quan giải quyết", "Chuyển đến cơ quan có thẩm quyền"]);
  await openDialog(c, "Chuyển cơ quan giải quyết", "hộp thoại chuyển");
  await confirm(c, "Chuyển cơ quan giải quyết");
  await expectStatus(c, "Đang xử lý");
  await expect(c.getByText("Bạn không có thao tác nào trên hồ sơ ở bước này.")).toBeVisible();

  // The unit head assigns the specialist of their unit.
  const head = await signIn(browser, testInfo, "head", log);
  const h = head.page;
  await expect(h).toHaveURL(/\/van-phong\/hop\/can-xu-ly$/);
  await expect(h.getByRole("navigation", { name: "Trình đơn Văn phòng" })).not.toContainText("Chờ tiếp nhận");
  await expect(h.getByRole("navigation", { name: "Trình đơn Văn phòng" })).not.toContainText(
    "Tiếp nhận hồ sơ giấy",
  );
  await expectAccessible(h, "hộp cần xử lý (trưởng phòng)");
  await h.getByRole("link", { name: code }).click();
  expect(await actionNames(h)).toEqual(["Phân công xử lý"]);
  const assign = await openDialog(h, "Phân công xử lý", "hộp thoại phân công");
  // Nothing is sent without a choice.
  await assign.getByRole("button", { name: "Phân công xử lý" }).click();
  await expect(assign.getByText("Vui lòng chọn cán bộ xử lý")).toBeVisible();
  await assign.getByLabel("Cán bộ xử lý").selectOption({ label: "Phạm Minh Tuấn — Phòng Văn hóa - Xã hội" });
  await assign.getByLabel("Ý kiến, ghi chú (không bắt buộc)").fill("Đề nghị thẩm định trong ngày.");
  await saveScreenshot(h, "office-hop-thoai-phan-cong");
  await confirm(h, "Phân công xử lý");
  await expect(h.locator(".dossier__head")).toContainText("Thẩm định hồ sơ");
  await expect(h.locator(".dossier__head")).toContainText("Phạm Minh Tuấn");
  // The head may now give the step to someone else, nothing more.
  expect(await actionNames(h)).toEqual(["Giao lại cho cán bộ khác"]);

  // The specialist appraises and submits for approval.
  const specialist = await signIn(browser, testInfo, "specialist", log);
  const s = specialist.page;
  await expect(s).toHaveURL(/\/van-phong\/hop\/can-xu-ly$/);
  await s.getByRole("link", { name: code }).click();
  expect(await actionNames(s)).toEqual([
    "Trình lãnh đạo phê duyệt",
    "Ghi nhận thẩm tra, xác minh",
    "Lấy ý kiến",
    "Yêu cầu nộp phí, lệ phí",
    "Yêu cầu bổ sung sau thẩm định",
    "Trả lại bước trước",
  ]);
  await expect(s.getByRole("region", { name: "Phiếu kiểm soát quá trình giải quyết hồ sơ" })).toContainText(
    "Đã phân công",
  );
  await s.getByRole("button", { name: "Xem: giay-chung-sinh.pdf" }).click();
  await expect(s.getByRole("region", { name: "Xem tệp giay-chung-sinh.pdf" })).toBeFocused();
  await expectAccessible(s, "hồ sơ đang thẩm định");
  await s.waitForTimeout(1500); // the PDF viewer draws its page
  await saveScreenshot(s, "office-ho-so-tham-dinh");
  const verification = await openDialog(s, "Ghi nhận thẩm tra, xác minh", "hộp thoại thẩm tra");
  await verification
    .getByLabel("Kết quả thẩm tra, xác minh")
    .fill("Giấy chứng sinh khớp với sổ của trạm y tế.");
  await confirm(s, "Ghi nhận thẩm tra, xác minh");
  const forward = await openDialog(s, "Trình lãnh đạo phê duyệt", "hộp thoại trình phê duyệt");
  await forward.getByLabel("Ý kiến thẩm định, đề xuất").fill("Hồ sơ đầy đủ, hợp lệ. Đề nghị phê duyệt.");
  const receiver = forward.getByLabel("Lãnh đạo nhận (không bắt buộc)");
  const leaderOption = (await receiver.locator("option", { hasText: "Đỗ Quang Huy" }).textContent()) ?? "";
  await receiver.selectOption({ label: leaderOption });
  await confirm(s, "Trình lãnh đạo phê duyệt");
  await expect(s.locator(".dossier__head")).toContainText("Chờ lãnh đạo phê duyệt");
  expect(await actionNames(s)).toEqual([]);

  // The leader approves with the signed result.
  const leader = await signIn(browser, testInfo, "leader", log);
  const l = leader.page;
  await l.getByRole("link", { name: code }).click();
  expect(await actionNames(l)).toEqual([
    "Phê duyệt kết quả",
    "Từ chối giải quyết",
    "Trả lại bước trước",
    "Gia hạn, hẹn lại ngày trả",
  ]);
  await expect(l.getByText("Hồ sơ đầy đủ, hợp lệ. Đề nghị phê duyệt.").first()).toBeVisible();
  const approve = await openDialog(l, "Phê duyệt kết quả", "hộp thoại phê duyệt");
  await approve.getByRole("button", { name: "Phê duyệt kết quả" }).click();
  await expect(approve.getByText("Vui lòng tải lên tệp")).toBeVisible();
  await approve.getByLabel(/Tệp kết quả giải quyết/).setInputFiles(pdf("trich-luc-khai-sinh.pdf"));
  await expect(approve.getByText(/Đã tải lên: trich-luc-khai-sinh\.pdf/)).toBeVisible();
  await saveScreenshot(l, "office-hop-thoai-phe-duyet");
  await confirm(l, "Phê duyệt kết quả");
  await expectStatus(l, "Đã xử lý xong");
  await expect(l.locator(".file-name", { hasText: "trich-luc-khai-sinh.pdf" })).toBeVisible();

  // The counter returns the result from the box "results to return".
  await openFromInbox(c, "Chờ trả kết quả", code);
  await expectAccessible(c, "hồ sơ chờ trả kết quả");
  const giveBack = await openDialog(c, "Trả kết quả", "hộp thoại trả kết quả");
  await giveBack.getByLabel("Trực tiếp tại Bộ phận Một cửa").check();
  await confirm(c, "Trả kết quả");
  await expectStatus(c, "Đã trả kết quả");
  expect(await actionNames(c)).toEqual([]);
  const sheet = c.getByRole("region", { name: "Phiếu kiểm soát quá trình giải quyết hồ sơ" });
  for (const outcome of ["Đã phân công", "Đã chuyển tiếp", "Đã phê duyệt"])
    await expect(sheet).toContainText(outcome);
  await expectAccessible(c, "hồ sơ đã trả kết quả");
  await saveScreenshot(c, "office-ho-so-da-tra-ket-qua");

  // The citizen sees the result and the history.
  await page.goto("/ho-so-cua-toi");
  await page.getByRole("link", { name: code }).click();
  await expect(page.getByText("Đã trả kết quả").first()).toBeVisible();
  // The result file is offered as a download link (the verification panel names it too, as text).
  await expect(page.getByRole("link", { name: /trich-luc-khai-sinh\.pdf/ })).toBeVisible();
  for (const step of ["Tiếp nhận hồ sơ", "Phê duyệt kết quả giải quyết", "Trả kết quả"])
    await expect(page.getByText(step, { exact: true }).first()).toBeVisible();
  await expectAccessible(page, "công dân xem kết quả");

  for (const officer of [counter, head, specialist, leader]) await officer.context.close();
  log.expectNone();
});

test("the supplement loop: asked once and completely, answered, then accepted", async ({
  browser,
  request,
}, testInfo) => {
  const log = new ErrorLog();
  const citizen = new CitizenApi(request);
  await citizen.login();
  const { id, code } = await citizen.submitBirthRegistration();

  const { context, page: c } = await signIn(browser, testInfo, "counter", log);
  await openFromInbox(c, "Chờ tiếp nhận", code);
  const dialog = await openDialog(c, "Yêu cầu bổ sung hồ sơ", "hộp thoại yêu cầu bổ sung");
  await dialog.getByRole("button", { name: "Yêu cầu bổ sung hồ sơ" }).click();
  await expect(dialog.getByText("Vui lòng nhập lý do")).toBeVisible();
  await dialog.getByLabel("Lý do", { exact: true }).fill("Giấy chứng sinh bị mờ, không đọc được");
  await dialog
    .getByLabel("Danh sách giấy tờ cần bổ sung, hoàn thiện (mỗi dòng một mục)")
    .fill("Bản quét rõ nét Giấy chứng sinh\nBản sao Giấy chứng nhận kết hôn của cha mẹ");
  await expectAccessible(c, "hộp thoại yêu cầu bổ sung đã điền");
  await saveScreenshot(c, "office-hop-thoai-yeu-cau-bo-sung");
  await confirm(c, "Yêu cầu bổ sung hồ sơ");
  await expectStatus(c, "Yêu cầu bổ sung giấy tờ");
  await expect(c.getByRole("region", { name: "Quá trình xử lý" })).toContainText(
    "Bản sao Giấy chứng nhận kết hôn của cha mẹ",
  );
  // While the applicant completes the dossier, the counter has nothing to do on it.
  expect(await actionNames(c)).toEqual([]);

  // The applicant resubmits (5 → 1): back in the box, and the request cannot be made a second time.
  const uploadId = await citizen.upload("giay-chung-sinh-ro-net.pdf");
  await citizen.post(`/api/citizen/dossiers/${id}/supplement`, {
    files: [{ componentPosition: 1, uploadId }],
  });
  await openFromInbox(c, "Chờ tiếp nhận", code);
  expect(await actionNames(c)).toEqual(["Tiếp nhận hồ sơ", "Từ chối tiếp nhận"]);
  await expect(c.locator(".file-name", { hasText: "giay-chung-sinh-ro-net.pdf" })).toBeVisible();
  await openDialog(c, "Tiếp nhận hồ sơ", "hộp thoại tiếp nhận sau bổ sung");
  await confirm(c, "Tiếp nhận hồ sơ");
  await expectStatus(c, "Được tiếp nhận");
  await context.close();
  log.expectNone();
});

test("refusal at reception: the reasons are required, then the dossier is closed with nothing left to do", async ({
  browser,
  request,
}, testInfo) => {
  const log = new ErrorLog();
  const citizen = new CitizenApi(request);
  await citizen.login();
  const { code } = await citizen.submitBirthRegistration();
  const { context, page: c } = await signIn(browser, testInfo, "counter", log);
  await openFromInbox(c, "Chờ tiếp nhận", code);
  const dialog = await openDialog(c, "Từ chối tiếp nhận", "hộp thoại từ chối");
  await dialog.getByRole("button", { name: "Từ chối tiếp nhận" }).click();
  await expect(dialog.getByText(/Vui lòng nhập lý do/)).toBeVisible();
  await settle(c);
  await expectAccessible(c, "hộp thoại từ chối có lỗi");
  await dialog
    .getByLabel("Lý do (mỗi dòng một lý do)")
    .fill("Trẻ đã được đăng ký khai sinh tại xã Hòa Bình\nKhông thuộc thẩm quyền giải quyết của phường");
  await saveScreenshot(c, "office-hop-thoai-tu-choi");
  await confirm(c, "Từ chối tiếp nhận");
  await expectStatus(c, "Không được tiếp nhận");
  expect(await actionNames(c)).toEqual([]);
  await expect(c.getByRole("region", { name: "Quá trình xử lý" })).toContainText(
    "Không thuộc thẩm quyền giải quyết của phường",
  );
  await expect(c.getByRole("link", { name: "In giấy tiếp nhận" })).toHaveCount(0);
  await context.close();
  log.expectNone();
});

test("withdrawal: a stale dialog shows the server's refusal, then the counter confirms the stop", async ({
  browser,
  request,
}, testInfo) => {
  const log = new ErrorLog();
  // The one refusal this test provokes: the accept sent after the applicant withdrew.
  log.allow(/409/);
  const citizen = new CitizenApi(request);
  await citizen.login();
  const { id, code } = await citizen.submitBirthRegistration();
  const { context, page: c } = await signIn(browser, testInfo, "counter", log);
  await openFromInbox(c, "Chờ tiếp nhận", code);
  const dialog = await openDialog(c, "Tiếp nhận hồ sơ", "hộp thoại tiếp nhận");

  // Meanwhile the applicant withdraws: the accept is refused, in Vietnamese, inside the dialog.
  await citizen.post(`/api/citizen/dossiers/${id}/withdraw`, { reason: "Gia đình chuyển nơi cư trú" });
  await dialog.getByRole("button", { name: "Tiếp nhận hồ sơ" }).click();
  await expect(dialog.getByRole("alert")).toBeVisible();
  await expect(dialog.getByRole("alert")).toContainText(/hồ sơ/i);
  await settle(c);
  await expectAccessible(c, "hộp thoại với lỗi của máy chủ");
  await saveScreenshot(c, "office-hop-thoai-loi-may-chu");
  await dialog.getByRole("button", { name: "Hủy" }).click();

  await expectStatus(c, "Công dân yêu cầu rút hồ sơ");
  expect(await actionNames(c)).toEqual(["Xác nhận dừng giải quyết"]);
  // The counter finds it in "to process" too.
  await openFromInbox(c, "Cần xử lý", code);
  const stop = await openDialog(c, "Xác nhận dừng giải quyết", "hộp thoại dừng");
  await stop.getByLabel("Số Thông báo dừng giải quyết hồ sơ").fill("01/TB-BPMC");
  await confirm(c, "Xác nhận dừng giải quyết");
  await expectStatus(c, "Dừng xử lý");
  expect(await actionNames(c)).toEqual([]);
  await context.close();
  log.expectNone();
});

test("paper intake at the counter with scans, then the printable reception slip", async ({
  browser,
}, testInfo) => {
  const log = new ErrorLog();
  const { context, page: c } = await signIn(browser, testInfo, "counter", log);
  await c.getByRole("link", { name: "Tiếp nhận hồ sơ giấy" }).click();
  await expect(c.getByRole("heading", { level: 1, name: "Tiếp nhận hồ sơ giấy" })).toBeVisible();
  await c.getByLabel("Tìm thủ tục theo tên hoặc mã").fill("khai sinh");
  await c.keyboard.press("Enter");
  await c.getByLabel("Chọn thủ tục").selectOption({ label: "1.001193 — Thủ tục đăng ký khai sinh" });
  await expect(c.getByRole("heading", { level: 2, name: "Người nộp hồ sơ" })).toBeVisible();
  await c.getByLabel("Qua dịch vụ bưu chính công ích").check();
  await c.getByLabel("Họ và tên").fill("Trần Thị Mai");
  await c.getByLabel("Số định danh cá nhân (12 số)").fill("099190004321");
  await c.getByLabel("Địa chỉ").fill("Số 12 đường Lê Lợi, phường Trung Tâm");
  await c.getByLabel("Điện thoại").fill("0913000002");
  // A required scan missing is named before anything is sent.
  await c.getByRole("button", { name: "Tiếp nhận hồ sơ" }).click();
  await expect(c.getByText(/Còn thiếu bản quét của:/)).toBeVisible();
  await c.getByLabel(/^1\. Tờ khai đăng ký khai sinh theo mẫu/).setInputFiles(pdf("scan-to-khai.pdf"));
  await c.getByLabel(/^2\. Giấy chứng sinh/).setInputFiles(pdf("scan-giay-chung-sinh.pdf"));
  await c.getByLabel(/^3\. Giấy tờ tùy thân/).setInputFiles(pdf("scan-can-cuoc.pdf"));
  await expect(c.getByText(/Đã tải lên: /)).toHaveCount(3);
  await expectAccessible(c, "tiếp nhận hồ sơ giấy");
  await saveScreenshot(c, "office-tiep-nhan-ho-so-giay");
  await c.getByRole("button", { name: "Tiếp nhận hồ sơ" }).click();

  await expect(c).toHaveURL(/\/van-phong\/ho-so\/[0-9a-f-]+\/giay-tiep-nhan$/);
  await expect(
    c.getByRole("heading", { level: 1, name: "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" }),
  ).toBeVisible();
  await expect(c.locator(".slip")).toContainText("Trần Thị Mai");
  await expect(c.locator(".slip")).toContainText(/Thời gian trả kết quả: /);
  await expect(c.locator(".slip__code strong")).toHaveText(/^000\.20\.01\.H99-\d{6}-\d{4}$/);
  await expect(c.getByRole("button", { name: "In giấy tiếp nhận" })).toBeVisible();
  await expectAccessible(c, "giấy tiếp nhận");
  await saveScreenshot(c, "office-giay-tiep-nhan");
  await c.getByRole("link", { name: "Mở hồ sơ" }).click();
  await expectStatus(c, "Được tiếp nhận");
  await expect(c.getByText("Bản số hóa").first()).toBeVisible();
  expect(await actionNames(c)).toEqual(["Chuyển cơ quan giải quyết", "Chuyển đến cơ quan có thẩm quyền"]);
  await context.close();
  log.expectNone();
});

test("a citizen cannot open the office; the office switches to English", async ({
  page,
  browser,
}, testInfo) => {
  await page.goto("/dang-nhap?next=/van-phong");
  await login(page, "congdan.demo", "Demo@2026!CongDan");
  await expect(
    page.getByRole("heading", { level: 1, name: "Không có quyền truy cập Văn phòng" }),
  ).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Trình đơn Văn phòng" })).toHaveCount(0);
  await expectAccessible(page, "công dân mở Văn phòng");
  await saveScreenshot(page, "office-cong-dan-bi-tu-choi");
  // And the server refuses the office's API to a citizen.
  expect((await page.request.get("/api/office/inbox?box=toReceive")).status()).toBe(403);

  const log = new ErrorLog();
  const { context, page: l } = await signIn(browser, testInfo, "leader", log);
  await l.getByRole("button", { name: "Switch to English" }).click();
  await expect(l.getByRole("heading", { level: 1, name: "To process" })).toBeVisible();
  await expect(l.getByRole("navigation", { name: "Office menu" })).toContainText("Consultations");
  await expectAccessible(l, "office in English");
  await l
    .getByRole("button", { name: "Tiếng Việt" })
    .click()
    .catch(() => undefined);
  await context.close();
  log.expectNone();
});
