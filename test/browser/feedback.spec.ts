import {
  type APIRequestContext,
  type Browser,
  type Page,
  request as playwrightRequest,
} from "@playwright/test";
import { expect, expectAccessible, expectFitsNarrow, login, test } from "./fixtures.ts";
import { CitizenApi } from "./office-helpers.ts";

/**
 * Feedback and questions (issue #17, R-PAKN-1…3, R-QA-1): a citizen sends feedback about a dossier on the portal, the
 * service center routes it from its console, the ward's specialist answers from the office inbox, and the public page
 * shows the answer without the citizen's name or phone. A question answered by the agency becomes an FAQ entry that
 * a search without diacritics finds. Every page is axe-checked and fits 360 px.
 */

const MONITOR = ["giamsat.ttpvhcc", "Demo@2026!GiamSatHCC"] as const;
const SPECIALIST = ["chuyenvien.trungtam", "Demo@2026!ChuyenVienTT"] as const;

async function pageAs(browser: Browser, baseURL: string, path: string, who: readonly [string, string]) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto(`/dang-nhap?next=${encodeURIComponent(path)}`);
  await login(page, who[0], who[1]);
  await page.waitForURL((url) => url.pathname === path);
  return { page, close: () => context.close() };
}

async function apiAs(baseURL: string, who: readonly [string, string]) {
  const api = await playwrightRequest.newContext({ baseURL });
  expect((await api.post("/api/auth/login", { data: { username: who[0], password: who[1] } })).status()).toBe(
    200,
  );
  const session = (await (await api.get("/api/auth/session")).json()) as { csrfToken: string };
  const post = async (path: string, data: object, status = 200) => {
    const response = await api.post(path, { headers: { "x-csrf-token": session.csrfToken }, data });
    expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
    return response.json();
  };
  return { api, post };
}

async function fill(page: Page, label: string, value: string) {
  await page.getByLabel(label, { exact: true }).fill(value);
}

test("feedback about a dossier is routed, answered and published anonymised", async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  // Three sessions and a dozen axe runs; 120 s leaves room on a loaded CI machine.
  test.setTimeout(120_000);
  const base = baseURL as string;
  const citizen = new CitizenApi(request as APIRequestContext);
  await citizen.login();
  const dossier = await citizen.submitBirthRegistration();
  // No dossier code in the title: long digit runs are masked on publication like phone and ID numbers.
  const title = "Hồ sơ khai sinh nộp trực tuyến chậm tiếp nhận";

  await page.goto(`/dang-nhap?next=${encodeURIComponent(`/phan-anh?ho-so=${dossier.code}`)}`);
  await login(page, "congdan.demo", "Demo@2026!CongDan");
  await page.waitForURL((url) => url.pathname === "/phan-anh");
  await expect(page.getByRole("heading", { name: "Gửi phản ánh, kiến nghị", level: 1 })).toBeVisible();
  await expectAccessible(page, "send feedback");
  await expectFitsNarrow(page, "send feedback");
  await expect(page.getByLabel("Mã số hồ sơ", { exact: true })).toHaveValue(dossier.code);
  await fill(page, "Tiêu đề", title);
  await fill(
    page,
    "Nội dung",
    "Tôi là Nguyễn Văn An, điện thoại 0912 345 678. Hồ sơ nộp trực tuyến đã lâu mà chưa được tiếp nhận.",
  );
  await fill(page, "Họ và tên", "Nguyễn Văn An");
  await fill(page, "Số điện thoại", "0912345678");
  await page.getByRole("button", { name: "Gửi phản ánh" }).click();
  await expect(page.getByText(/Đã nhận phản ánh số PA-/)).toBeVisible();

  // The service center routes it to the ward from its console.
  const monitor = await pageAs(browser, base, "/giam-sat/phan-anh", MONITOR);
  await expect(monitor.page.getByRole("heading", { name: "Điều phối phản ánh, câu hỏi" })).toBeVisible();
  await expectAccessible(monitor.page, "routing console");
  const row = monitor.page.getByRole("row").filter({ hasText: title });
  await row.getByRole("button").first().click();
  await monitor.page
    .getByLabel("Cơ quan", { exact: true })
    .selectOption({ label: "Ủy ban nhân dân phường Trung Tâm" });
  await monitor.page.getByLabel("Phân loại", { exact: true }).selectOption("procedureHandling");
  await monitor.page.getByRole("button", { name: "Chuyển xử lý" }).click();
  await expect(monitor.page.getByText(/Đã chuyển\. Hạn trả lời/)).toBeVisible();
  await monitor.close();

  // The ward's specialist answers from the office inbox, the countdown shown.
  const office = await pageAs(browser, base, "/van-phong/phan-anh", SPECIALIST);
  const inboxRow = office.page.getByRole("row").filter({ hasText: title });
  await expect(inboxRow.getByText(/giờ làm việc/)).toBeVisible();
  await expectAccessible(office.page, "office inbox");
  await inboxRow.getByRole("button").first().click();
  await fill(
    office.page,
    "Nội dung trả lời",
    "Kính gửi ông Nguyễn Văn An: hồ sơ đã được tiếp nhận, mời ông theo dõi.",
  );
  await fill(office.page, "Người trả lời", "Lê Văn Cường");
  await fill(office.page, "Chức danh", "Chuyên viên");
  await fill(office.page, "Điện thoại", "02253800100");
  await fill(office.page, "Thư điện tử", "tuphap@trungtam.gov.vn");
  await fill(office.page, "Văn bản pháp luật viện dẫn", "Nghị định 61/2018/NĐ-CP");
  await office.page.getByRole("button", { name: "Gửi trả lời" }).click();
  await expect(office.page.getByText("Đã gửi trả lời.")).toBeVisible();
  await expectFitsNarrow(office.page, "office inbox");
  await office.close();

  // Published without the citizen's name or phone; the citizen sees the answer in "my feedback".
  await page.goto("/phan-anh/cong-khai");
  const published = page.getByRole("listitem").filter({ hasText: title });
  await expect(
    published.getByText("Kính gửi ông ***: hồ sơ đã được tiếp nhận, mời ông theo dõi."),
  ).toBeVisible();
  await expect(published.getByText(/Nguyễn Văn An|0912/)).toHaveCount(0);
  await expectAccessible(page, "published feedback");
  await expectFitsNarrow(page, "published feedback");
  await page.goto("/phan-anh-cua-toi");
  await page.getByRole("listitem").filter({ hasText: title }).getByRole("button", { name: /^Xem/ }).click();
  await expect(page.getByText("Người trả lời: Lê Văn Cường, Chuyên viên")).toBeVisible();
  await expectAccessible(page, "my feedback");
});

test("an answered question becomes an FAQ entry found without diacritics", async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  const base = baseURL as string;
  const citizen = await apiAs(base, ["congdan.demo", "Demo@2026!CongDan"]);
  const monitor = await apiAs(base, MONITOR);
  const specialist = await apiAs(base, SPECIALIST);
  const asked = await citizen.post(
    "/api/public/questions",
    {
      procedureCode: "1.001193",
      identity: "CCCD 001203004567, 12 Lê Lợi",
      title: "Đăng ký khai sinh quá hạn có bị phạt không?",
      content:
        "Con tôi sinh đã hơn 60 ngày, nay đăng ký khai sinh quá hạn thì có bị xử phạt hành chính không?",
      name: "Nguyễn Văn An",
      phone: "0912345678",
      consentPublish: true,
    },
    201,
  );
  await monitor.post(`/api/monitoring/feedback/${asked.id}/route`, {
    agencyCode: "000.20.01.H99",
    category: "procedureHandling",
    complexity: "simple",
  });
  await specialist.post(`/api/office/feedback/${asked.id}/answer`, {
    answer: "Đăng ký khai sinh quá hạn không bị xử phạt; người đi đăng ký nộp tờ khai như đăng ký đúng hạn.",
    signature: {
      name: "Lê Văn Cường",
      title: "Chuyên viên",
      phone: "02253800100",
      email: "tuphap@trungtam.gov.vn",
      legalReferences: "Luật Hộ tịch 2014",
    },
  });
  await monitor.post(`/api/monitoring/feedback/${asked.id}/faq`, {}, 201);
  for (const who of [citizen, monitor, specialist]) await who.api.dispose();

  await page.goto("/hoi-dap");
  await expectAccessible(page, "FAQ");
  await page.getByLabel("Tìm trong hỏi đáp").fill("dang ky khai sinh qua han bi phat");
  await page.getByRole("button", { name: "Tìm", exact: true }).click();
  await expect(
    page.getByRole("heading", { name: /Đăng ký khai sinh quá hạn có bị phạt không\?/ }),
  ).toBeVisible();
  await expect(page.getByText(/Nguyễn Văn An|0912345678/)).toHaveCount(0);
  await expectFitsNarrow(page, "FAQ search");
  // The procedure page shows its FAQ and links to it.
  await page.goto("/thu-tuc/1.001193");
  await expect(page.getByRole("heading", { name: "Câu hỏi thường gặp" })).toBeVisible();
  await expect(
    page.getByRole("heading", { name: /Đăng ký khai sinh quá hạn có bị phạt không\?/ }),
  ).toBeVisible();
  await page.getByRole("link", { name: "Xem hỏi đáp về thủ tục này" }).click();
  await expect(page.getByRole("heading", { name: "Hỏi đáp về thủ tục 1.001193", level: 1 })).toBeVisible();
  await expectAccessible(page, "FAQ of a procedure");
});
