import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { expect, expectAccessible, expectFitsNarrow, test } from "./fixtures.ts";
import { ACCOUNTS, CitizenApi } from "./office-helpers.ts";

/**
 * Issue #12 §1 (R-LOOK-2 clarified, R-STATUS-1) and issue #20 as a person meets them: a dossier the counter refused
 * is looked up on the public page by its code, typed in lower case with spaces around; the page says "Không được
 * tiếp nhận" (never "waiting for acceptance"), names the departments, masks the applicant's name until the last 4
 * digits of the phone are given, and is accessible (axe) in Vietnamese and English.
 */
async function counterOfficer(baseURL: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await playwrightRequest.newContext({ baseURL });
  const [username, password] = ACCOUNTS.counter;
  const response = await api.post("/api/auth/login", { data: { username, password } });
  expect(response.status(), await response.text()).toBe(200);
  return { api, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

test("a person looks up a refused dossier: its status, the departments, the name masked until a second fact", async ({
  page,
  baseURL,
}) => {
  const citizenApi = await playwrightRequest.newContext({ baseURL });
  const citizen = new CitizenApi(citizenApi);
  await citizen.login();
  const dossier = await citizen.submitBirthRegistration();
  const counter = await counterOfficer(baseURL!);
  const refused = await counter.api.post(`/api/office/dossiers/${dossier.id}/refuse`, {
    headers: { "x-csrf-token": counter.csrf },
    data: { reasons: ["Hồ sơ không thuộc thẩm quyền giải quyết của phường"] },
  });
  expect(refused.status(), await refused.text()).toBe(200);

  // Nobody is signed in in this page: the public lookup form, the code as a person might type it.
  await page.goto("/tra-cuu");
  await page.getByLabel("Mã hồ sơ").fill(`  ${dossier.code.toLowerCase()}  `);
  await page.getByRole("button", { name: "Tra cứu", exact: true }).click();
  await page.waitForURL(/\/tra-cuu\/.+/);
  const result = page.getByRole("region", { name: /Kết quả tra cứu hồ sơ/ });
  await expect(page.getByTestId("lookup-status")).toHaveText("Không được tiếp nhận");
  await expect(result.getByText("Mới đăng ký")).toHaveCount(0);
  await expect(result.getByText("đang chờ cơ quan kiểm tra và tiếp nhận")).toHaveCount(0);
  await expect(result.getByText(dossier.code, { exact: true })).toBeVisible();
  await expect(
    result.getByRole("listitem").filter({ hasText: "Ủy ban nhân dân phường Trung Tâm" }),
  ).not.toHaveCount(0);
  // R-XFER-3: where the applicant was helped and the deciding agency are named too.
  await expect(result.getByText("Nơi hướng dẫn, hỗ trợ", { exact: true })).toBeVisible();
  await expect(result.getByText("Cơ quan giải quyết", { exact: true })).toBeVisible();
  await expect(page.getByTestId("lookup-applicant")).toHaveText("Nguyễn V** A*");
  await expectAccessible(page, "lookup of a refused dossier");

  // A wrong second fact keeps the name masked and says so; the last 4 digits of the phone show it in full.
  const last4 = page.getByLabel("4 số cuối số điện thoại hoặc số định danh");
  await last4.fill("12");
  await page.getByRole("button", { name: "Xem đầy đủ họ tên" }).click();
  await expect(page.getByText("Vui lòng nhập đúng 4 chữ số.")).toBeVisible();
  await last4.fill("9999");
  await page.getByRole("button", { name: "Xem đầy đủ họ tên" }).click();
  await expect(page.getByText("4 số cuối không khớp với hồ sơ; họ tên vẫn được che một phần.")).toBeVisible();
  await expect(page.getByTestId("lookup-applicant")).toHaveText("Nguyễn V** A*");
  await page.getByLabel("4 số cuối số điện thoại hoặc số định danh").fill("0001");
  await page.getByRole("button", { name: "Xem đầy đủ họ tên" }).click();
  await expect(page.getByTestId("lookup-applicant")).toHaveText("Nguyễn Văn An");
  await expect(page.getByRole("button", { name: "Xem đầy đủ họ tên" })).toHaveCount(0);
  await expectAccessible(page, "lookup with the full name");
  await expectFitsNarrow(page, "lookup of a refused dossier");

  // The English switch: the status name comes in English from the same answer.
  await page.goto(`/tra-cuu/${encodeURIComponent(dossier.code)}`);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByTestId("lookup-status")).toHaveText("Not received");
  await expectAccessible(page, "lookup of a refused dossier (English)");
  await page.getByRole("button", { name: "Chuyển sang tiếng Việt" }).click();
  await expect(page.getByTestId("lookup-status")).toHaveText("Không được tiếp nhận");
});
