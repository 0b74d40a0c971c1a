import { readFileSync } from "node:fs";
import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { expect, expectAccessible, expectFitsNarrow, login, saveScreenshot, test } from "./fixtures.ts";
import { ACCOUNTS, CitizenApi, type Who } from "./office-helpers.ts";

/** An officer acting through the API (the office's own tests drive its pages). */
async function officer(baseURL: string, who: Who) {
  const context = await playwrightRequest.newContext({ baseURL });
  const [username, password] = ACCOUNTS[who];
  const response = await context.post("/api/auth/login", { data: { username, password } });
  expect(response.status()).toBe(200);
  const session = (await response.json()) as { actor: { userId: string }; csrfToken: string };
  return {
    context,
    userId: session.actor.userId,
    post: async (path: string, data: Record<string, unknown>) => {
      const answer = await context.post(path, { headers: { "x-csrf-token": session.csrfToken }, data });
      expect(answer.status(), await answer.text()).toBeLessThan(300);
      return answer.json();
    },
  };
}

// axe-core is injected as a script tag, which the app's Content Security Policy would block.
test.use({ bypassCSP: true });

async function awaitingPayment(request: APIRequestContext, baseURL: string) {
  const citizen = new CitizenApi(request);
  await citizen.login();
  const dossier = await citizen.submitBirthRegistration();
  const counter = await officer(baseURL, "counter");
  const head = await officer(baseURL, "head");
  const specialist = await officer(baseURL, "specialist");
  await counter.post(`/api/office/dossiers/${dossier.id}/accept`, {});
  await counter.post(`/api/office/dossiers/${dossier.id}/transfer`, {});
  await head.post(`/api/office/dossiers/${dossier.id}/assign`, { assigneeId: specialist.userId });
  // The specialist asks for the fees mid-process (4 → 6, R-FEE-4).
  await specialist.post(`/api/office/dossiers/${dossier.id}/request-payment`, {
    obligations: [
      { name: "Lệ phí đăng ký khai sinh quá hạn", amount: 8000 },
      { name: "Phí cấp bản sao trích lục", amount: 8000 },
    ],
  });
  for (const who of [counter, head, specialist]) await who.context.dispose();
  return dossier;
}

test("a citizen pays a fee online on the simulated platform and downloads the e-receipt (R-FEE-6, R-FEE-3)", async ({
  page,
  request,
  baseURL,
  consoleErrors,
}) => {
  const dossier = await awaitingPayment(request, baseURL!);

  await page.goto(`/dang-nhap?next=${encodeURIComponent(`/ho-so-cua-toi/${dossier.id}`)}`);
  await login(page, ...ACCOUNTS.citizen);
  await page.waitForURL(`**/ho-so-cua-toi/${dossier.id}`);
  const fees = page.getByRole("region", { name: "Phí, lệ phí" });
  // The amount and its breakdown before paying.
  await expect(fees.getByRole("cell", { name: "Lệ phí đăng ký khai sinh quá hạn" })).toBeVisible();
  await expect(fees.getByRole("cell", { name: "Phí cấp bản sao trích lục" })).toBeVisible();
  await expect(fees.getByRole("row", { name: /Tổng cộng/ })).toContainText("16.000");
  await expectAccessible(page, "dossier page with fees owed");
  await expectFitsNarrow(page, "dossier page with fees owed");

  await fees.getByRole("button", { name: /Thanh toán trực tuyến/ }).click();
  await expect(fees.getByRole("img", { name: /Mã VietQR thanh toán/ })).toBeVisible();
  await saveScreenshot(page, "payment-started");
  await fees.getByRole("link", { name: /Thanh toán trực tuyến/ }).click();

  // The simulated national payment platform's own page.
  await expect(page.getByRole("heading", { name: /Nền tảng thanh toán trực tuyến/ })).toBeVisible();
  await expect(page.locator("#amount")).toContainText("16.000");
  await page.getByRole("button", { name: "Xác nhận thanh toán" }).click();

  // Back on the dossier: paid once the platform's signed callback arrived, never on the redirect alone.
  await page.waitForURL(`**/ho-so-cua-toi/${dossier.id}?**`);
  const download = fees.getByRole("link", { name: /Tải biên lai BL\d{2}-\d{7}/ });
  await expect(download).toBeVisible();
  await expect(fees).toContainText("Mười sáu nghìn đồng");
  await expect(fees.getByRole("button", { name: /Thanh toán trực tuyến/ })).toHaveCount(0);
  await expect(page.locator(".event-label").last()).toBeVisible();
  await expectAccessible(page, "dossier page with its e-receipt");
  await saveScreenshot(page, "payment-receipt");

  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toMatch(/^bien-lai-BL\d{2}-\d{7}\.pdf$/);
  const bytes = readFileSync((await file.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");

  // The receipt's QR code opens its public check.
  const codeText = (await fees.getByText(/Mã tra cứu biên lai:/).textContent()) ?? "";
  const code = codeText.replace(/^.*:\s*/, "").trim();
  await page.goto(`/xac-minh-bien-lai/${encodeURIComponent(code)}`);
  await expect(page.getByText("Biên lai hợp lệ, do hệ thống phát hành.")).toBeVisible();
  await expect(page.getByText(dossier.code)).toBeVisible();
  await expectAccessible(page, "receipt check page");
  expect(consoleErrors).toEqual([]);
});

test("the counter officer's payments page lists held payments and reconciliation differences (R-FEE-6, R-FEE-2)", async ({
  page,
}) => {
  await page.goto("/dang-nhap?next=%2Fvan-phong%2Fthanh-toan");
  await login(page, ...ACCOUNTS.counter);
  await page.waitForURL("**/van-phong/thanh-toan");
  await expect(
    page.getByRole("heading", { level: 1, name: "Thanh toán phí, lệ phí và đối soát" }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: "Khoản thanh toán chờ xử lý" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Báo cáo tháng/ })).toBeVisible();
  await expectAccessible(page, "office payments page");
});
