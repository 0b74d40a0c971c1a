import type { Page } from "@playwright/test";
import { expect, login, test } from "./fixtures.ts";

/**
 * Issue #19 "Where people land" and "no developer language in front of users": each role lands on its own home after
 * login, and no page a person opens shows a rule ID, a table or field name, or an internal code.
 */
const DEVELOPER_WORDS: [string, RegExp][] = [
  ["a rule ID", /\bR-[A-Z]{2,6}-\d+\b/],
  ["a snake_case name", /\b[a-z]+(?:_[a-z0-9]+)+\b/],
  ["a camelCase code", /\b[a-z]+(?:[A-Z][a-z]+)+\b/],
  ["raw JSON", /[{[]\s*"[a-zA-Z]+"\s*:/],
  ["undefined or NaN", /\b(?:undefined|NaN|null)\b/],
];

async function expectPlainWords(page: Page, where: string): Promise<void> {
  // Wait for the page's data: no spinner left.
  await expect(page.locator(".ant-spin-spinning")).toHaveCount(0, { timeout: 20_000 });
  const text = await page.locator("main").innerText();
  for (const [what, pattern] of DEVELOPER_WORDS) {
    const found = pattern.exec(text);
    expect(found?.[0], `${where} shows ${what}`).toBeUndefined();
  }
}

const landings = [
  { who: "a citizen", username: "congdan.demo", password: "Demo@2026!CongDan", home: /^\/$/ },
  {
    who: "a counter officer",
    username: "motcua.trungtam",
    password: "Demo@2026!MotCuaTT",
    home: /^\/van-phong/,
  },
  { who: "a leader", username: "lanhdao.trungtam", password: "Demo@2026!LanhDaoTT", home: /^\/van-phong/ },
  {
    who: "the service center's monitor",
    username: "giamsat.ttpvhcc",
    password: "Demo@2026!GiamSatHCC",
    home: /^\/giam-sat/,
  },
  // Issue #18: public postal staff on the dossiers they filed for citizens.
  {
    who: "a postal worker",
    username: "buudien.trungtam",
    password: "Demo@2026!BuuDienTT",
    home: /^\/buu-dien/,
  },
];

for (const landing of landings) {
  test(`${landing.who} lands on their own home after login, in plain words`, async ({ page }) => {
    await page.goto("/dang-nhap");
    await login(page, landing.username, landing.password);
    await page.waitForURL((url) => landing.home.test(url.pathname));
    await expect(page.getByText(/Bạn không có quyền|không có quyền truy cập/)).toHaveCount(0);
    await expectPlainWords(page, `${landing.who}'s home`);
  });
}

test("the public pages speak plainly", async ({ page }) => {
  for (const path of ["/", "/thu-tuc", "/thu-tuc/1.001193", "/tra-cuu", "/thong-ke", "/danh-gia"]) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    await expectPlainWords(page, path);
  }
});

test("the monitor's dashboard and 766 pages speak plainly", async ({ page }) => {
  await page.goto("/dang-nhap?next=%2Fgiam-sat");
  await login(page, "giamsat.ttpvhcc", "Demo@2026!GiamSatHCC");
  await page.waitForURL((url) => url.pathname.startsWith("/giam-sat/tong-quan"));
  await expectPlainWords(page, "the dashboard");
  const kpi = page.getByRole("link", { name: /766/ }).first();
  if ((await kpi.count()) > 0) {
    await kpi.click();
    await expectPlainWords(page, "the 766 page");
  }
});
