import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { expect, expectAccessible, expectFitsNarrow, login, saveScreenshot, test } from "./fixtures.ts";
import { ACCOUNTS, CitizenApi, pagePdf, type Who } from "./office-helpers.ts";

/**
 * Evaluation (issue #8, R-EVAL-1…3) and the 766 index (R-KPI): a citizen rates a returned dossier on the portal
 * (once), the public results page shows it without personal data, and the monitor opens the 766 page and drills
 * down from an indicator.
 */

async function as(
  who: Who,
  baseURL: string,
): Promise<{ api: APIRequestContext; csrf: string; userId: string }> {
  const api = await playwrightRequest.newContext({ baseURL });
  const [username, password] = ACCOUNTS[who];
  const response = await api.post("/api/auth/login", { data: { username, password } });
  expect(response.status()).toBe(200);
  const session = (await (await api.get("/api/auth/session")).json()) as {
    csrfToken: string;
    actor: { userId: string };
  };
  return { api, csrf: session.csrfToken, userId: session.actor.userId };
}

async function command(who: { api: APIRequestContext; csrf: string }, path: string, data: object = {}) {
  const response = await who.api.post(path, { headers: { "x-csrf-token": who.csrf }, data });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
}

/** A birth registration taken through the real lifecycle by the ward's officers, up to the returned result (10). */
async function returnedDossier(
  request: APIRequestContext,
  baseURL: string,
): Promise<{ id: string; code: string }> {
  const citizen = new CitizenApi(request);
  await citizen.login();
  const dossier = await citizen.submitBirthRegistration();
  const counter = await as("counter", baseURL);
  const head = await as("head", baseURL);
  const specialist = await as("specialist", baseURL);
  const leader = await as("leader", baseURL);
  const path = (action: string) => `/api/office/dossiers/${dossier.id}/${action}`;
  await command(counter, path("accept"));
  await command(counter, path("transfer"));
  await command(head, path("assign"), { assigneeId: specialist.userId });
  await command(specialist, path("forward"), { opinion: "Đủ điều kiện" });
  const upload = await leader.api.post("/api/uploads", {
    headers: { "x-csrf-token": leader.csrf },
    multipart: { file: pagePdf("ket-qua.pdf") },
  });
  expect(upload.status()).toBe(201);
  await command(leader, path("approve"), { uploadId: ((await upload.json()) as { id: string }).id });
  await command(counter, path("return-result"), { channel: "counter" });
  for (const who of [counter, head, specialist, leader]) await who.api.dispose();
  return dossier;
}

test("a citizen rates a returned dossier once; the public page shows the agency's results", async ({
  page,
  request,
}, testInfo) => {
  const baseURL = testInfo.project.use.baseURL as string;
  const dossier = await returnedDossier(request, baseURL);

  await page.goto(`/dang-nhap?next=${encodeURIComponent(`/ho-so-cua-toi/${dossier.id}`)}`);
  await login(page, ...ACCOUNTS.citizen);
  await page.waitForURL((url) => url.pathname === `/ho-so-cua-toi/${dossier.id}`);
  const rating = page.getByRole("region", { name: "Đánh giá việc giải quyết hồ sơ" });
  await expect(rating).toBeVisible();
  await expectAccessible(page, "dossier page with the rating form");
  await rating.scrollIntoViewIfNeeded();
  await saveScreenshot(page, "portal-dossier-rating");

  await rating.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(rating.getByText("Hãy chọn điểm cho ít nhất một tiêu chí.")).toBeVisible();
  const first = rating.getByRole("group", { name: /^1\. Tổng thời gian giải quyết/ });
  await first.getByText("Ngắn hơn quy định (2 điểm)").click();
  const attitude = rating.getByRole("group", { name: /^7\. Thái độ/ });
  await attitude.getByText(/Đúng hạn, không có phản ánh/).click();
  await rating
    .getByRole("group", { name: "Mức độ hài lòng chung" })
    .getByText("Hài lòng", { exact: true })
    .click();
  await rating.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(rating.getByText("Cảm ơn bạn đã đánh giá.")).toBeVisible();
  await expect(rating.getByRole("button", { name: "Gửi đánh giá" })).toHaveCount(0);
  await expectAccessible(page, "dossier page after the rating");

  await page.getByRole("link", { name: "Đánh giá", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/danh-gia");
  await expect(
    page.getByRole("heading", { level: 1, name: "Kết quả đánh giá giải quyết thủ tục hành chính" }),
  ).toBeVisible();
  const row = page.getByRole("row", { name: /Ủy ban nhân dân phường Trung Tâm/ });
  await expect(row).toBeVisible();
  // The applicant indices nobody answered yet are shown as such; index 8 now computes from feedback (issue #17).
  await expect(row.getByRole("cell", { name: "chưa có đánh giá" }).first()).toBeVisible();
  await expect(page.getByText(dossier.code)).toHaveCount(0);
  await expectAccessible(page, "public evaluation results");
  await saveScreenshot(page, "portal-evaluation-results");
  await expectFitsNarrow(page, "public evaluation results");
});

test("the monitor reads the 766 index and drills down from 2.1", async ({ page }) => {
  await page.goto(`/dang-nhap?next=${encodeURIComponent("/giam-sat/chi-so-766")}`);
  await login(page, "giamsat.ttpvhcc", "Demo@2026!GiamSatHCC");
  await page.waitForURL((url) => url.pathname === "/giam-sat/chi-so-766");
  await expect(
    page.getByRole("heading", {
      level: 1,
      name: "Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)",
    }),
  ).toBeVisible();
  await expect(page.getByText(/^Tổng điểm: /)).toBeVisible();
  await expectAccessible(page, "766 page");
  await page.getByRole("button", { name: "Hồ sơ mất điểm 2.1" }).click();
  await expect(
    page.getByRole("heading", { level: 2, name: /^Chỉ tiêu 2\.1: \d+ hồ sơ\/thủ tục mất điểm$/ }),
  ).toBeVisible();
  await expectAccessible(page, "766 drill-down");
  await saveScreenshot(page, "monitoring-kpi-766");
});

test("at the counter, the officer opens the kiosk screen and the applicant rates with large buttons", async ({
  page,
  request,
}, testInfo) => {
  const baseURL = testInfo.project.use.baseURL as string;
  const dossier = await returnedDossier(request, baseURL);
  await page.goto(`/dang-nhap?next=${encodeURIComponent("/danh-gia")}`);
  await login(page, ...ACCOUNTS.counter);
  await page.waitForURL((url) => url.pathname === "/danh-gia");
  await page.getByRole("link", { name: "Đánh giá tại quầy" }).click();
  await page.waitForURL((url) => url.pathname === "/danh-gia/quay");
  await expect(page.getByRole("heading", { level: 1, name: "Đánh giá tại quầy" })).toBeVisible();
  await expectAccessible(page, "kiosk: dossier code");
  await page.getByLabel("Mã hồ sơ").fill(dossier.code);
  await page.getByRole("button", { name: "Mở màn hình đánh giá" }).click();
  await expect(page.getByText(`Hồ sơ ${dossier.code}`)).toBeVisible();
  const button = page
    .getByRole("group", { name: /^3\. Số lần liên hệ/ })
    .getByText("Không phải liên hệ (2 điểm)");
  const box = await button.locator("xpath=ancestor::label[1]").boundingBox();
  // Touch-friendly: at least 44 px high (WCAG 2.5.5 target size).
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  await button.click();
  await expectAccessible(page, "kiosk: rating screen");
  await saveScreenshot(page, "kiosk-rating");
  await expectFitsNarrow(page, "kiosk: rating screen");
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(page.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" })).toBeVisible();
  await page.getByRole("button", { name: "Đánh giá hồ sơ khác" }).click();
  await expect(page.getByLabel("Mã hồ sơ")).toHaveValue("");
});
