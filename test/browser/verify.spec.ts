import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { expect, expectAccessible, expectFitsNarrow, login, test } from "./fixtures.ts";
import { ACCOUNTS, CitizenApi, pagePdf, type Who } from "./office-helpers.ts";

/**
 * Verifiable results (issue #7, R-RES-1, R-RES-2), as a citizen meets them: a dossier approved with a result through
 * the API, then in the browser the applicant's dossier page shows the verification code and QR, the verify page shows
 * the facts with the holder masked, checks the signature in the browser, and compares a file; a changed token is
 * refused. The office's dossier page shows the same code.
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

const result = pagePdf("trich-luc-khai-sinh.pdf", "Trich luc khai sinh");

test("a citizen verifies the result of their approved dossier: code, QR, facts, signature and file", async ({
  page,
  baseURL,
  consoleErrors,
}) => {
  // The dossier goes from submission to an approved result through the API (the office journeys test the pages).
  const citizenApi = await playwrightRequest.newContext({ baseURL });
  const citizen = new CitizenApi(citizenApi);
  await citizen.login();
  const dossier = await citizen.submitBirthRegistration();
  const counter = await officer(baseURL!, "counter");
  await post(counter, `/api/office/dossiers/${dossier.id}/accept`, {});
  await post(counter, `/api/office/dossiers/${dossier.id}/transfer`, {});
  const head = await officer(baseURL!, "head");
  const assignees = await head.api.get(`/api/office/dossiers/${dossier.id}/assignees`);
  const specialistId = ((await assignees.json()) as { officers: { id: string; name: string }[] }).officers[0]!
    .id;
  await post(head, `/api/office/dossiers/${dossier.id}/assign`, { assigneeId: specialistId });
  const specialist = await officer(baseURL!, "specialist");
  await post(specialist, `/api/office/dossiers/${dossier.id}/forward`, { opinion: "Đủ điều kiện" });
  const leader = await officer(baseURL!, "leader");
  const upload = await leader.api.post("/api/uploads", {
    headers: { "x-csrf-token": leader.csrf },
    multipart: { file: result },
  });
  expect(upload.status()).toBe(201);
  await post(leader, `/api/office/dossiers/${dossier.id}/approve`, {
    uploadId: ((await upload.json()) as { id: string }).id,
  });

  // The applicant's dossier page: the verification code, its QR, and the forms they may download.
  await page.goto(`/dang-nhap?next=${encodeURIComponent(`/ho-so-cua-toi/${dossier.id}`)}`);
  await login(page, ...ACCOUNTS.citizen);
  await page.waitForURL(`**/ho-so-cua-toi/${dossier.id}`);
  const results = page.getByRole("region", { name: "Kết quả điện tử và mã xác thực" });
  await expect(results).toBeVisible();
  const codeText = await results.getByText(/^Mã xác thực: /).textContent();
  const code = codeText!.replace("Mã xác thực: ", "");
  expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  await expect(results.getByRole("img", { name: `Mã QR xác thực kết quả ${code}` })).toBeVisible();
  const slipHref = await results
    .getByRole("link", { name: "Phiếu xác thực kết quả (PDF)" })
    .getAttribute("href");
  const slip = await page.request.get(slipHref!);
  expect(slip.status()).toBe(200);
  expect(slip.headers()["content-type"]).toBe("application/pdf");
  const forms = page.getByRole("region", { name: "Biểu mẫu" });
  await expect(
    forms.getByRole("link", { name: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)" }),
  ).toBeVisible();
  await expect(forms.getByRole("link", { name: /Phiếu kiểm soát/ })).toHaveCount(0);
  await expectAccessible(page, "portal dossier page with its result");

  // The verify page the QR code opens: the facts, the holder masked, the signature checked in the browser.
  await results.getByRole("link", { name: "Mở trang xác thực" }).click();
  await page.waitForURL(/\/xac-minh\/[0-9A-Z-]+\?t=/);
  await expect(page.getByRole("heading", { level: 1, name: "Xác thực kết quả giải quyết" })).toBeVisible();
  const facts = page.getByRole("region", { name: "Thông tin kết quả" });
  await expect(facts.getByText(code)).toBeVisible();
  await expect(facts.getByText(dossier.code)).toBeVisible();
  await expect(facts.getByText("Nguyễn V** A*")).toBeVisible();
  await expect(facts.getByText(/Ủy ban nhân dân phường Trung Tâm/i)).toBeVisible();
  await expect(page.getByText(/Con dấu điện tử hợp lệ/)).toBeVisible();
  await expect(page.getByRole("img", { name: `Mã QR xác thực kết quả ${code}` })).toBeVisible();

  // The file the citizen holds matches; another file does not.
  const fileInput = page.getByLabel("Tệp kết quả", { exact: true });
  await fileInput.setInputFiles(result);
  await expect(page.getByText("Tệp khớp với kết quả đã ban hành.")).toBeVisible();
  await fileInput.setInputFiles(pagePdf("khac.pdf", "Tep khac"));
  await expect(page.getByText(/Tệp KHÔNG khớp/)).toBeVisible();
  await expectAccessible(page, "verify page");
  await expectFitsNarrow(page, "verify page");

  // Offline: the server cannot be reached, yet the QR address alone is checked with the keys the page saved.
  const verifyAddress = page.url();
  await page.route(/\/api\/public\/results\/|\/\.well-known\/jwks\.json/, (route) => route.abort());
  const before = consoleErrors.length;
  await page.goto(verifyAddress);
  await expect(
    page.getByText(/Không kết nối được máy chủ: thông tin dưới đây được đọc từ mã QR/),
  ).toBeVisible();
  await expect(page.getByText(/Con dấu điện tử hợp lệ/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Thông tin kết quả" }).getByText(dossier.code)).toBeVisible();
  await page.unroute(/\/api\/public\/results\/|\/\.well-known\/jwks\.json/);
  // The aborted requests are logged by the browser: exactly those this step cut, nothing else.
  const cut = consoleErrors.splice(before);
  expect(
    cut.every((error) => /ERR_FAILED|net::/.test(error)),
    cut.join("\n"),
  ).toBe(true);

  // A token whose payload was changed is refused by the browser's check.
  const token = new URL(page.url()).searchParams.get("t")!;
  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"));
  claims.hld = "Trần T** B*";
  const forged = [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
  await page.goto(`/xac-minh/${code}?t=${forged}`);
  await expect(
    page.getByText("Con dấu điện tử không khớp: nội dung đã bị thay đổi hoặc giả mạo."),
  ).toBeVisible();

  // A code typed by hand in lower case finds the same result; an unknown one is told so.
  await page.goto("/xac-minh");
  await page.getByLabel("Mã xác thực").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Xác thực" }).click();
  await expect(page.getByRole("region", { name: "Thông tin kết quả" }).getByText(dossier.code)).toBeVisible();
  await expect(page.getByText(/Con dấu điện tử hợp lệ/)).toBeVisible();
  await page.goto("/xac-minh/00000-00000-00000");
  await expect(page.getByRole("alert")).toContainText(
    "Không tìm thấy kết quả có mã xác thực 00000-00000-00000",
  );
  // The browser logs that 404 answer: it is the one this step asked for, nothing else is forgiven.
  const expected = consoleErrors.findIndex(
    (error) => error.includes("404") && error.includes("00000-00000-00000"),
  );
  expect(expected).toBeGreaterThanOrEqual(0);
  consoleErrors.splice(expected, 1);

  // English.
  await page.goto(`/xac-minh/${code}`);
  await page
    .getByRole("button", { name: /English|EN/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Verify a result" })).toBeVisible();
  await expect(page.getByText(/Valid electronic seal/)).toBeVisible();

  for (const context of [citizenApi, counter.api, head.api, specialist.api, leader.api])
    await context.dispose();
});

test("the office's dossier page shows the result's code and the register page offers PDF and Excel", async ({
  page,
}) => {
  await page.goto("/dang-nhap?next=%2Fvan-phong%2Fso-theo-doi");
  await login(page, ...ACCOUNTS.counter);
  await page.waitForURL("**/van-phong/so-theo-doi");
  await expect(page.getByRole("heading", { level: 1, name: "Sổ theo dõi hồ sơ" })).toBeVisible();
  const pdf = page.getByRole("link", { name: "In sổ (PDF)" });
  const excel = page.getByRole("link", { name: "Tải sổ (Excel)" });
  await expect(pdf).toHaveAttribute(
    "href",
    /\/api\/office\/register\.pdf\?agencyCode=000\.20\.01\.H99&sectorCode=/,
  );
  await expect(excel).toHaveAttribute("href", /\/api\/office\/register\.xlsx\?/);
  const download = await page.request.get((await excel.getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  );
  const printed = await page.request.get((await pdf.getAttribute("href"))!);
  expect(printed.status()).toBe(200);
  await expectAccessible(page, "office register page");

  // The dossier approved in the first test is in the counter's box to return: its page shows the code and the forms.
  await page.goto("/van-phong");
  await page
    .getByRole("navigation", { name: "Trình đơn Văn phòng" })
    .getByRole("link", { name: /Chờ trả kết quả/ })
    .click();
  await page
    .getByRole("link", { name: /000\.20\.01\.H99-/ })
    .first()
    .click();
  const results = page.getByRole("region", { name: "Kết quả điện tử và mã xác thực" });
  await expect(results.getByText(/^Mã xác thực: [0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/)).toBeVisible();
  const forms = page.getByRole("region", { name: "Biểu mẫu" });
  await expect(
    forms.getByRole("link", { name: "Phiếu kiểm soát quá trình giải quyết hồ sơ (PDF)" }),
  ).toBeVisible();
  await expectAccessible(page, "office dossier page with its result");
});
