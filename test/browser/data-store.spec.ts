import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { expect, expectAccessible, expectFitsNarrow, login, pdf, test } from "./fixtures.ts";
import { ACCOUNTS, CitizenApi, pagePdf, type Who } from "./office-helpers.ts";

/**
 * The applicant's data store (issue #16, R-KHO-1): a birth registration approved through the API puts the birth
 * certificate in the citizen's store; in the browser the citizen sees it in "Kho dữ liệu của tôi", then applies for
 * Đăng ký lại khai sinh and answers the earlier-birth-papers component with "Dùng lại từ kho" instead of uploading.
 */

async function officer(baseURL: string, who: Who): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await playwrightRequest.newContext({ baseURL });
  const [username, password] = ACCOUNTS[who];
  const response = await api.post("/api/auth/login", { data: { username, password } });
  expect(response.status(), await response.text()).toBe(200);
  return { api, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

async function post(actor: { api: APIRequestContext; csrf: string }, path: string, data: object) {
  const response = await actor.api.post(path, { headers: { "x-csrf-token": actor.csrf }, data });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
}

test("a citizen reuses a stored birth certificate in the submission wizard, without uploading it", async ({
  page,
  baseURL,
}) => {
  const citizenApi = await playwrightRequest.newContext({ baseURL });
  const citizen = new CitizenApi(citizenApi);
  await citizen.login();
  const first = await citizen.submitBirthRegistration();
  const counter = await officer(baseURL!, "counter");
  await post(counter, `/api/office/dossiers/${first.id}/accept`, {});
  await post(counter, `/api/office/dossiers/${first.id}/transfer`, {});
  const head = await officer(baseURL!, "head");
  const assignees = await head.api.get(`/api/office/dossiers/${first.id}/assignees`);
  const specialistId = ((await assignees.json()) as { officers: { id: string }[] }).officers[0]!.id;
  await post(head, `/api/office/dossiers/${first.id}/assign`, { assigneeId: specialistId });
  const specialist = await officer(baseURL!, "specialist");
  await post(specialist, `/api/office/dossiers/${first.id}/forward`, { opinion: "Đủ điều kiện" });
  const leader = await officer(baseURL!, "leader");
  const upload = await leader.api.post("/api/uploads", {
    headers: { "x-csrf-token": leader.csrf },
    multipart: { file: pagePdf("giay-khai-sinh.pdf", "Giay khai sinh") },
  });
  expect(upload.status()).toBe(201);
  await post(leader, `/api/office/dossiers/${first.id}/approve`, {
    uploadId: ((await upload.json()) as { id: string }).id,
  });

  // The store page lists the certificate, with the dossier it came from, and its access log.
  await page.goto(`/dang-nhap?next=${encodeURIComponent("/kho-du-lieu")}`);
  await login(page, ...ACCOUNTS.citizen);
  await page.waitForURL("**/kho-du-lieu");
  await expect(page.getByRole("heading", { level: 1, name: "Kho dữ liệu của tôi" })).toBeVisible();
  const documents = page.getByRole("region", { name: "Giấy tờ trong kho" });
  await expect(documents.getByRole("link", { name: first.code })).toBeVisible();
  await expect(documents.getByText("Giấy khai sinh").first()).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Nhật ký truy cập" }).getByText("Lưu vào kho").first(),
  ).toBeVisible();
  await expectAccessible(page, "kho dữ liệu");
  await expectFitsNarrow(page, "kho dữ liệu");

  // The wizard of Đăng ký lại khai sinh offers it for the earlier-birth-papers component.
  await page.goto("/thu-tuc/1.004884/nop-ho-so");
  await page
    .getByLabel("Cơ quan tiếp nhận hồ sơ")
    .selectOption({ label: "Ủy ban nhân dân phường Trung Tâm" });
  // The account's details may arrive in the form while it is typed in: each field is checked after it is filled.
  for (const [label, value] of [
    ["Số định danh cá nhân", "099090001234"],
    ["Số điện thoại", "0912000001"],
    ["Nơi cư trú", "Số 3 đường Độc Lập, phường Trung Tâm, tỉnh Demo"],
  ] as const)
    await expect(async () => {
      await page.getByLabel(label).fill(value);
      await expect(page.getByLabel(label)).toHaveValue(value, { timeout: 1_000 });
    }).toPass();
  await page.getByLabel("Nội dung yêu cầu").fill("Đăng ký lại khai sinh");
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByRole("heading", { name: "Thành phần hồ sơ" })).toBeFocused();
  const choice = page.getByLabel(/Dùng lại từ kho/);
  await expect(choice).toBeVisible();
  await choice.selectOption({ label: `Giấy khai sinh (từ hồ sơ ${first.code})` });
  // Chosen from the store: that component asks for no file any more.
  await expect(page.locator('input[type="file"]')).toHaveCount(2);
  await page.getByLabel("Tờ khai đăng ký lại khai sinh theo mẫu").setInputFiles(pdf("to-khai.pdf"));
  await page.getByLabel(/Giấy tờ tùy thân/).setInputFiles(pdf("can-cuoc.pdf"));
  await expect(page.getByText(/Đã tải lên: /)).toHaveCount(2);
  await expectAccessible(page, "thành phần hồ sơ, dùng lại từ kho");
  await expectFitsNarrow(page, "thành phần hồ sơ, dùng lại từ kho");
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByText("Dùng lại từ kho: Giấy khai sinh")).toBeVisible();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Đã nộp hồ sơ" })).toBeVisible();
  const second = (await page.getByTestId("dossier-code").textContent())?.trim() ?? "";

  // The store says it was reused, and through which dossier.
  await page.goto("/kho-du-lieu");
  await expect(page.getByText("Đã dùng lại 1 lần")).toBeVisible();
  const log = page.getByRole("region", { name: "Nhật ký truy cập" });
  await expect(
    log.getByRole("row").filter({ hasText: "Dùng lại cho hồ sơ" }).getByRole("link", { name: second }),
  ).toBeVisible();
  await expectAccessible(page, "kho dữ liệu sau khi dùng lại");
});
