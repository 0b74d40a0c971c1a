import { expect, expectAccessible, test } from "./fixtures.ts";

test("the English switch translates the shell and the pages, and back", async ({ page }) => {
  await page.goto("/thu-tuc");
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Administrative procedures" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Dossier lookup" })).toBeVisible();
  await expectAccessible(page, "catalog (English)");
  await page.goto("/");
  await expect(
    page.getByRole("heading", { level: 1, name: "Demo Province Public Service Portal" }),
  ).toBeVisible();
  await expectAccessible(page, "home (English)");
  await page.getByRole("button", { name: "Chuyển sang tiếng Việt" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1, name: "Cổng Dịch vụ công tỉnh Demo" })).toBeVisible();
});

test("keyboard only: skip link, visible focus, search and open a procedure", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Bỏ qua, đến nội dung chính" });
  await expect(skip).toBeFocused();
  const outline = (await skip.evaluate("(el) => getComputedStyle(el).outlineStyle")) as string;
  expect(outline).not.toBe("none");
  await page.keyboard.press("Enter");
  await page.getByLabel("Tìm thủ tục hành chính").focus();
  const inputOutline = (await page
    .getByLabel("Tìm thủ tục hành chính")
    .evaluate("(el) => getComputedStyle(el).outlineStyle")) as string;
  expect(inputOutline).not.toBe("none");
  await page.keyboard.type("ket hon");
  await page.keyboard.press("Enter");
  // The home page's popular list links the same procedure: wait for the catalog's answer, or the
  // focus below may land on a home-page link that the navigation then removes.
  await expect(page).toHaveURL(/\/thu-tuc\?q=ket/);
  await expect(page.getByRole("heading", { level: 1, name: "Thủ tục hành chính" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Thủ tục đăng ký kết hôn", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Thủ tục đăng ký kết hôn", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Thủ tục đăng ký kết hôn" })).toBeVisible();
  await expectAccessible(page, "thủ tục kết hôn");
});

test("an unknown address shows the not-found page; an unknown API path keeps its JSON 404", async ({
  page,
  request,
}) => {
  await page.goto("/khong-co-trang-nay");
  await expect(page.getByRole("heading", { level: 1, name: "Không tìm thấy trang" })).toBeVisible();
  await expectAccessible(page, "không tìm thấy");
  const api = await request.get("/api/khong-co", { headers: { accept: "text/html" } });
  expect(api.status()).toBe(404);
  expect(api.headers()["content-type"]).toContain("application/json");
});
