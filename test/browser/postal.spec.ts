import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { expect, expectAccessible, expectFitsNarrow, login, pdf, test } from "./fixtures.ts";

/**
 * Issue #18 (R-SUB-2, R-RES-3) as people meet it, against `onestop serve` with its postal simulator on loopback (no
 * POSTAL_URL): the simulator accepts each order at once and moves it every 20 s by its own signed webhooks, which
 * come back to the app. Done-when: a dossier is collected by post, processed, and its result delivered by post
 * within the 24-hour watch. Re-registration of a birth (1.004884) at Phường Trung Tâm takes the postal channel.
 */
test.describe.configure({ timeout: 300_000 });

const HOME = "Số 12 đường Lê Lợi, phường Trung Tâm, tỉnh Demo";
/** The simulator moves an order one state every 20 s: allow for a busy machine. */
const POSTAL_STEP = { timeout: 60_000 };

/** A person through the API (the portal's and office's own specs drive the pages this one does not look at). */
async function apiAs(baseURL: string, username: string, password: string) {
  const context = await playwrightRequest.newContext({ baseURL });
  const login = await context.post("/api/auth/login", { data: { username, password } });
  expect(login.status(), await login.text()).toBe(200);
  const csrf = async () =>
    ((await (await context.get("/api/auth/session")).json()) as { csrfToken: string }).csrfToken;
  const post = async <T>(path: string, data: Record<string, unknown>, status = 200): Promise<T> => {
    const response = await context.post(path, { headers: { "x-csrf-token": await csrf() }, data });
    expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
    return (await response.json()) as T;
  };
  const upload = async (name: string): Promise<string> => {
    const response = await context.post("/api/uploads", {
      headers: { "x-csrf-token": await csrf() },
      multipart: { file: pdf(name) },
    });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  return { context, post, upload, get: (path: string) => context.get(path) };
}

type Api = Awaited<ReturnType<typeof apiAs>>;

/** The citizen's re-registration of a birth, submitted online with its three components. */
async function submitDossier(citizen: Api): Promise<{ id: string; code: string }> {
  const files = [];
  for (const position of [0, 1, 2])
    files.push({
      componentPosition: position,
      uploadId: await citizen.upload(`thanh-phan-${position + 1}.pdf`),
    });
  return citizen.post<{ id: string; code: string }>(
    "/api/citizen/dossiers",
    {
      procedureCode: "1.004884",
      agencyCode: "000.20.01.H99",
      formData: {
        fullName: "Nguyễn Văn An",
        idNumber: "099090001234",
        phone: "0912000001",
        address: HOME,
        request: "Đăng ký lại khai sinh",
      },
      files,
      address: HOME,
    },
    201,
  );
}

/** The office processes it to a result (accept, transfer, assign, forward, approve) through the API. */
async function processToResult(baseURL: string, dossierId: string, apis: APIRequestContext[]) {
  const counter = await apiAs(baseURL, "motcua.trungtam", "Demo@2026!MotCuaTT");
  await counter.post(`/api/office/dossiers/${dossierId}/accept`, {});
  await counter.post(`/api/office/dossiers/${dossierId}/transfer`, {});
  const head = await apiAs(baseURL, "truongphong.trungtam", "Demo@2026!TruongPhongTT");
  const assignees = (await (await head.get(`/api/office/dossiers/${dossierId}/assignees`)).json()) as {
    officers: { id: string; name: string }[];
  };
  const specialistId = assignees.officers.find((officer) => officer.name === "Phạm Minh Tuấn")?.id;
  expect(specialistId, JSON.stringify(assignees)).toBeTruthy();
  await head.post(`/api/office/dossiers/${dossierId}/assign`, { assigneeId: specialistId });
  const specialist = await apiAs(baseURL, "chuyenvien.trungtam", "Demo@2026!ChuyenVienTT");
  await specialist.post(`/api/office/dossiers/${dossierId}/forward`, { opinion: "Hồ sơ đầy đủ, hợp lệ." });
  const leader = await apiAs(baseURL, "lanhdao.trungtam", "Demo@2026!LanhDaoTT");
  const uploadId = await leader.upload("giay-khai-sinh.pdf");
  await leader.post(`/api/office/dossiers/${dossierId}/approve`, { uploadId });
  apis.push(counter.context, head.context, specialist.context, leader.context);
}

test("a dossier is collected by post, processed, and its result delivered by post within the 24-hour watch", async ({
  page,
  browser,
  baseURL,
}) => {
  const contexts: APIRequestContext[] = [];
  const citizenApi = await apiAs(baseURL!, "congdan.demo", "Demo@2026!CongDan");
  contexts.push(citizenApi.context);
  const dossier = await submitDossier(citizenApi);

  // The citizen asks the post office to collect the papers at home: the fee is quoted before ordering.
  await page.goto(`/dang-nhap?next=${encodeURIComponent(`/ho-so-cua-toi/${dossier.id}`)}`);
  await login(page, "congdan.demo", "Demo@2026!CongDan");
  await expect(page.getByRole("heading", { level: 1, name: `Hồ sơ ${dossier.code}` })).toBeVisible();
  const panel = page.getByRole("region", { name: "Dịch vụ bưu chính công ích" });
  await expect(panel.getByText("Hồ sơ chưa đăng ký dịch vụ bưu chính nào.")).toBeVisible();
  await expect(panel.getByLabel("Dịch vụ", { exact: true })).toHaveValue("pickup");
  await expect(panel.getByLabel("Họ tên người liên hệ")).toHaveValue("Nguyễn Văn An");
  // A slip is named beside its field before anything is sent.
  await panel.getByLabel("Địa chỉ (số nhà, đường, phường/xã)").fill("Lê Lợi");
  await panel.getByRole("button", { name: "Xem cước" }).click();
  await expect(panel.getByText("Nhập địa chỉ đầy đủ (số nhà, đường, phường/xã)")).toBeVisible();
  await panel.getByLabel("Địa chỉ (số nhà, đường, phường/xã)").fill(HOME);
  await panel.getByRole("textbox", { name: "Số điện thoại", exact: true }).fill("0912000001");
  await panel.getByRole("button", { name: "Xem cước" }).click();
  await expect(panel.getByTestId("postal-quote")).toHaveText(/Cước bưu điện báo: 22\.000\s₫/);
  await expectAccessible(page, "dossier page, postal fee quoted");
  await panel.getByRole("button", { name: "Đăng ký dịch vụ" }).click();
  const pickup = panel.getByTestId("postal-order-pickup");
  await expect(pickup.getByTestId("postal-order-state")).toHaveText("Bưu điện đã nhận yêu cầu");
  await expect(pickup.getByTestId("postal-order-fee")).toHaveText(/22\.000\s₫/);
  await expect(pickup.getByText(/^BC[0-9A-Z]+$/)).toBeVisible();

  // …and the result by post, with its own fee.
  await expect(panel.getByLabel("Dịch vụ", { exact: true })).toHaveValue("result_delivery");
  await panel.getByLabel("Địa chỉ (số nhà, đường, phường/xã)").fill(HOME);
  await panel.getByRole("textbox", { name: "Số điện thoại", exact: true }).fill("0912000001");
  await panel.getByRole("button", { name: "Xem cước" }).click();
  await expect(panel.getByTestId("postal-quote")).toHaveText(/25\.000\s₫/);
  await panel.getByRole("button", { name: "Đăng ký dịch vụ" }).click();
  const result = panel.getByTestId("postal-order-result_delivery");
  await expect(result.getByTestId("postal-order-state")).toHaveText("Chờ giao kết quả cho bưu điện");
  await expect(result.getByTestId("postal-order-fee")).toHaveText(/25\.000\s₫/);
  // Both services ordered: nothing more to order.
  await expect(panel.getByRole("button", { name: "Xem cước" })).toHaveCount(0);

  // The postal worker collects the papers: the simulator's signed webhook moves the order, the page follows.
  await expect(pickup.getByTestId("postal-order-state")).toHaveText("Bưu điện đã thu gom hồ sơ", POSTAL_STEP);
  await expect(page.getByRole("region", { name: "Quá trình giải quyết" })).toContainText(
    "Bưu điện đã thu gom",
  );
  await expectAccessible(page, "dossier page, pickup collected");
  await expectFitsNarrow(page, "dossier page with postal orders");

  // The agency processes it to a result.
  await processToResult(baseURL!, dossier.id, contexts);
  await expect(pickup.getByTestId("postal-order-state")).toHaveText(
    "Đã chuyển hồ sơ đến cơ quan tiếp nhận",
    POSTAL_STEP,
  );

  // The counter officer hands the result to the post: the 24-hour delivery watch starts.
  const officer = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
  const office = await officer.newPage();
  const officeErrors: string[] = [];
  office.on("console", (message) => {
    if (message.type() === "error") officeErrors.push(message.text());
  });
  await office.goto(`/dang-nhap?next=${encodeURIComponent(`/van-phong/ho-so/${dossier.id}`)}`);
  await login(office, "motcua.trungtam", "Demo@2026!MotCuaTT");
  await expect(office.getByRole("heading", { level: 1, name: `Hồ sơ ${dossier.code}` })).toBeVisible({
    timeout: 60_000,
  });
  const officePanel = office.getByRole("region", { name: "Dịch vụ bưu chính công ích" });
  await expect(
    officePanel.getByText(/Người nộp đã đăng ký nhận kết quả qua bưu điện: Nguyễn Văn An/),
  ).toBeVisible();
  await expectAccessible(office, "office dossier page, result ready for the post");
  await officePanel.getByRole("button", { name: "Giao kết quả cho bưu điện" }).click();
  await expect(
    office.getByText("Đã giao kết quả cho bưu điện; bắt đầu theo dõi chuyển phát trong 24 giờ."),
  ).toBeVisible();
  await expect(office.locator(".dossier__head .status")).toHaveText("Đã trả kết quả");
  const delivery = officePanel.getByTestId("postal-order-result_delivery");
  await expect(delivery.getByTestId("postal-watch")).toContainText(/Hạn phát kết quả: .+ \(còn 2[34] giờ/);
  await expect(delivery.getByTestId("postal-order-state")).toHaveText("Bưu điện đã nhận yêu cầu");
  await expectAccessible(office, "office dossier page, result handed to the post");

  // The post office delivers it within the watch; the officer and the citizen see it.
  await expect(delivery.getByTestId("postal-order-state")).toHaveText("Đã phát kết quả cho người nhận", {
    timeout: 90_000,
  });
  await expect(delivery.getByTestId("postal-watch")).toContainText("Đã phát kết quả trong 24 giờ");
  await expectAccessible(office, "office dossier page, result delivered");
  await page.reload();
  await expect(result.getByTestId("postal-order-state")).toHaveText("Đã phát kết quả cho người nhận");
  await expect(page.getByText("Đã trả kết quả").first()).toBeVisible();
  expect(officeErrors, "console errors in the office page").toEqual([]);
  await officer.close();
  for (const context of contexts) await context.dispose();
});

test("postal staff land on their own pages and file a dossier online for a citizen, with the consent recorded", async ({
  page,
}) => {
  await page.goto("/dang-nhap");
  await login(page, "buudien.trungtam", "Demo@2026!BuuDienTT");
  await page.waitForURL((url) => url.pathname === "/buu-dien");
  await expect(page.getByRole("heading", { level: 1, name: "Hồ sơ nộp thay công dân" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Bưu điện" }),
  ).toBeVisible();
  await expectAccessible(page, "postal staff home");

  await page.getByRole("link", { name: "Nộp hồ sơ thay công dân" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Nộp hồ sơ trực tuyến thay công dân" }),
  ).toBeVisible();
  await page.getByLabel("Mã thủ tục hành chính").fill("1.004884");
  await page.getByRole("button", { name: "Chọn thủ tục" }).click();
  await page
    .getByLabel("Cơ quan tiếp nhận hồ sơ")
    .selectOption({ label: "Ủy ban nhân dân phường Trung Tâm" });
  await page.getByLabel("Họ tên công dân").fill("Trần Thị Bình");
  await page.getByLabel("Số định danh cá nhân của công dân").fill("099190005678");
  await page.getByLabel("Số điện thoại của công dân").fill("0912345678");
  await page.getByLabel("Địa chỉ của công dân").fill("Thôn Đông, xã Bình An, tỉnh Demo");
  // Without the consent confirmed, nothing is sent.
  await page.getByRole("button", { name: "Nộp hồ sơ thay công dân" }).click();
  await expect(page.getByText("Cần xác nhận công dân đã đồng ý")).toBeVisible();
  await expect(page.getByText("Nhập số phiếu đề nghị hoặc thời điểm gọi xác nhận")).toBeVisible();
  await page.getByLabel("Xác nhận qua điện thoại").check();
  await page
    .getByLabel("Số phiếu đề nghị, hoặc thời điểm và số điện thoại đã gọi xác nhận")
    .fill("Gọi 0912345678 lúc 09:15 ngày 02/12/2026");
  await page.getByLabel("Tôi xác nhận công dân đã đồng ý để tôi nộp hồ sơ này thay họ").check();
  // The declaration is the citizen's: their details are in it already.
  await expect(page.getByLabel("Số định danh cá nhân", { exact: true })).toHaveValue("099190005678");
  await page.getByLabel("Nội dung yêu cầu").fill("Đăng ký lại khai sinh, bản gốc bị mất");
  await page.getByLabel("Tờ khai đăng ký lại khai sinh theo mẫu").setInputFiles(pdf("to-khai.pdf"));
  await page.getByLabel(/Bản sao giấy tờ khai sinh trước đây/).setInputFiles(pdf("ban-sao.pdf"));
  await page.getByLabel(/Giấy tờ tùy thân/).setInputFiles(pdf("can-cuoc.pdf"));
  await expect(page.getByText(/Đã tải lên: /)).toHaveCount(3);
  await page.getByLabel("Công dân nhận kết quả qua bưu điện").check();
  await expect(page.getByLabel("Địa chỉ (số nhà, đường, phường/xã)")).toHaveValue(
    "Thôn Đông, xã Bình An, tỉnh Demo",
  );
  await expectAccessible(page, "filing for a citizen");
  await page.getByRole("button", { name: "Nộp hồ sơ thay công dân" }).click();

  await page.waitForURL((url) => url.pathname === "/buu-dien");
  await expect(page.getByText(/Đã nộp hồ sơ .+ thay công dân Trần Thị Bình\./)).toBeVisible();
  const row = page.getByTestId("postal-submissions").getByRole("row").filter({ hasText: "Trần Thị Bình" });
  await expect(row).toContainText("Thủ tục đăng ký lại khai sinh");
  await expect(row).toContainText("Mới đăng ký");
  await expect(row).toContainText("Xác nhận qua điện thoại (Gọi 0912345678 lúc 09:15 ngày 02/12/2026)");
  await expectAccessible(page, "postal staff home with a filed dossier");
  await expectFitsNarrow(page, "postal staff home");

  // The filed dossier's own page: where it stands, the consent, and the result by post asked for.
  await row.getByRole("link", { name: /^Xem hồ sơ / }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/buu-dien/ho-so/"));
  await expect(page.getByRole("heading", { level: 1, name: /^Hồ sơ / })).toBeVisible();
  await expect(page.getByText("Mới đăng ký").first()).toBeVisible();
  await expect(page.getByText("Thủ tục đăng ký lại khai sinh", { exact: false })).toBeVisible();
  await expect(
    page.getByText("Xác nhận qua điện thoại (Gọi 0912345678 lúc 09:15 ngày 02/12/2026)"),
  ).toBeVisible();
  await expect(page.getByTestId("postal-orders")).toContainText("Nhận kết quả qua bưu điện");
  await expectAccessible(page, "postal staff's dossier page");
  await expectFitsNarrow(page, "postal staff's dossier page");
});

test("the submission wizard asks for a pickup and the result by post, with the fees quoted, and orders them with the dossier", async ({
  page,
}) => {
  await page.goto(`/dang-nhap?next=${encodeURIComponent("/thu-tuc/1.004884/nop-ho-so")}`);
  await login(page, "congdan.demo", "Demo@2026!CongDan");
  await expect(page.getByRole("heading", { level: 1, name: "Nộp hồ sơ trực tuyến" })).toBeVisible();
  await page
    .getByLabel("Cơ quan tiếp nhận hồ sơ")
    .selectOption({ label: "Ủy ban nhân dân phường Trung Tâm" });
  // The account's details may arrive in the form while it is typed in: each field is checked after it is filled.
  for (const [label, value] of [
    ["Số định danh cá nhân", "099090001234"],
    ["Số điện thoại", "0912000001"],
    ["Nơi cư trú", HOME],
  ] as const)
    await expect(async () => {
      await page.getByLabel(label).fill(value);
      await expect(page.getByLabel(label)).toHaveValue(value, { timeout: 1_000 });
    }).toPass();
  await page.getByLabel("Nội dung yêu cầu").fill("Đăng ký lại khai sinh");
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByRole("heading", { name: "Thành phần hồ sơ" })).toBeFocused();
  // The upload inputs (an earlier test's result may also be offered from the citizen's data store).
  const upload = (label: string | RegExp) => page.getByLabel(label).and(page.locator('input[type="file"]'));
  await upload("Tờ khai đăng ký lại khai sinh theo mẫu").setInputFiles(pdf("to-khai.pdf"));
  await upload(/Bản sao giấy tờ khai sinh trước đây/).setInputFiles(pdf("ban-sao.pdf"));
  await upload(/Giấy tờ tùy thân/).setInputFiles(pdf("can-cuoc.pdf"));
  await expect(page.getByText(/Đã tải lên: /)).toHaveCount(3);
  await page.getByRole("button", { name: "Tiếp tục" }).click();

  // On the review: both services, to the address of the declaration, each with the fee the post office quotes.
  const postal = page.getByRole("region", { name: "Dịch vụ bưu chính công ích" });
  await postal.getByLabel("Thu gom hồ sơ tại địa chỉ").check();
  await postal.getByLabel("Nhận kết quả qua bưu điện").check();
  await expect(postal.getByLabel("Địa chỉ (số nhà, đường, phường/xã)")).toHaveValue(HOME);
  await expect(postal.getByTestId("postal-quote")).toContainText(/Thu gom hồ sơ tại địa chỉ: 22\.000\s₫/);
  await expect(postal.getByTestId("postal-quote")).toContainText(/Nhận kết quả qua bưu điện: 25\.000\s₫/);
  await expectAccessible(page, "wizard review with postal services");
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Đã nộp hồ sơ" })).toBeVisible();
  const code = (await page.getByTestId("dossier-code").textContent())?.trim() ?? "";

  // The dossier's page shows both orders: the pickup accepted by the post office, the result waiting for it.
  await page.goto("/ho-so-cua-toi");
  await page.getByRole("link", { name: code }).click();
  const panel = page.getByRole("region", { name: "Dịch vụ bưu chính công ích" });
  await expect(panel.getByTestId("postal-order-pickup").getByTestId("postal-order-state")).toHaveText(
    "Bưu điện đã nhận yêu cầu",
  );
  await expect(
    panel.getByTestId("postal-order-result_delivery").getByTestId("postal-order-state"),
  ).toHaveText("Chờ giao kết quả cho bưu điện");
  await expect(panel.getByTestId("postal-order-result_delivery").getByTestId("postal-order-fee")).toHaveText(
    /25\.000\s₫/,
  );
});
