import {
  civilStatusScenario,
  createSectorSimulator,
  sectorDossierCode,
} from "../../src/integrations/sector/simulator/sectorSimulator.ts";
import { expect, expectAccessible, login, saveScreenshot, test } from "./fixtures.ts";

/**
 * Issue #18 (R-STATUS-4) as people meet it: the system administrator registers a civil-status system in the admin
 * console and gets its keys once; the system (the simulator, over real HTTP) reports a birth registration through
 * its life; a person finds the dossier with the public lookup, with the status the system reported; the console
 * lists the system's calls. The spec registers its own system code and uses Phường Trung Tâm's birth registration.
 */
test("a civil-status system's dossier is registered, reported and found by the public lookup", async ({
  page,
  baseURL,
}) => {
  await page.goto("/dang-nhap?next=/quan-tri/he-thong-chuyen-nganh");
  await login(page, "quantri.hethong", "Demo@2026!QuanTriHT");
  // The console's page is a chunk of its own, loaded after the login: slow on a busy machine.
  await expect(page.getByRole("heading", { name: "Hệ thống chuyên ngành kết nối", level: 1 })).toBeVisible({
    timeout: 60_000,
  });
  await page.getByRole("button", { name: "Đăng ký hệ thống" }).click();
  const dialog = page.getByRole("dialog", { name: "Đăng ký hệ thống chuyên ngành" });
  await dialog.getByLabel("Mã hệ thống (chữ thường, số, - hoặc _)").fill("hotich-e2e");
  await dialog.getByLabel("Tên hệ thống").fill("Phần mềm đăng ký hộ tịch (kiểm thử)");
  await dialog.getByLabel("Mã thủ tục được báo cáo (cách nhau bởi dấu phẩy)").fill("1.001193");
  const agencies = dialog.getByLabel("Cơ quan được báo cáo");
  await agencies.click();
  await agencies.fill("000.20.01.H99");
  // The filtered list holds only Phường Trung Tâm, active: Enter picks it (the role=option nodes are the hidden a11y list).
  await expect(page.locator(".ant-select-item-option-active")).toContainText("000.20.01.H99");
  await agencies.press("Enter");
  await dialog.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.getByText("Khóa của hệ thống chỉ hiển thị một lần")).toBeVisible();
  const apiKey = ((await page.getByTestId("sector-api-key").locator("code").textContent()) ?? "").trim();
  const hmacSecret = (
    (await page.getByTestId("sector-hmac-secret").locator("code").textContent()) ?? ""
  ).trim();
  expect(apiKey).toMatch(/^sk_hotich-e2e_/);
  const row = page.getByRole("row").filter({ hasText: "hotich-e2e" });
  await expect(row.getByText("Đang kết nối")).toBeVisible();
  await expectAccessible(page, "sector systems");
  await saveScreenshot(page, "he-thong-chuyen-nganh");

  // The civil-status system reports a birth registration: received, processing, processed, returned.
  const code = sectorDossierCode("000.20.01.H99", new Date());
  const simulator = createSectorSimulator({
    baseUrl: baseURL!,
    apiKey,
    hmacSecret,
    agencyCode: "000.20.01.H99",
    procedureCode: "1.001193",
  });
  const reports = civilStatusScenario({
    code,
    agencyCode: "000.20.01.H99",
    procedureCode: "1.001193",
    start: new Date(Date.now() - 20 * 60_000),
    applicantName: "Trần Thị Mai",
  });
  const sent = await simulator.run(reports.slice(0, 3), ["duplicate"]);
  expect(sent.map((call) => call.status)).toEqual([201, 200, 200, 200, 200, 200]);

  // A person, not signed in, looks the dossier up by its code.
  await page.context().clearCookies();
  await page.goto("/tra-cuu");
  await page.getByLabel("Mã hồ sơ").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Tra cứu", exact: true }).click();
  await page.waitForURL(/\/tra-cuu\/.+/);
  const result = page.getByRole("region", { name: /Kết quả tra cứu hồ sơ/ });
  await expect(page.getByTestId("lookup-status")).toHaveText("Đã xử lý xong");
  await expect(result.getByText(code, { exact: true })).toBeVisible();
  await expect(
    result.getByRole("listitem").filter({ hasText: "Ủy ban nhân dân phường Trung Tâm" }),
  ).not.toHaveCount(0);
  await expectAccessible(page, "lookup of a sector system's dossier");

  // The system reports the result returned; the lookup follows at once (R-STATUS-4).
  expect((await simulator.send(reports[3]!)).status).toBe(200);
  await page.reload();
  await expect(page.getByTestId("lookup-status")).toHaveText("Đã trả kết quả");
  await saveScreenshot(page, "tra-cuu-ho-so-chuyen-nganh");

  // The console lists the calls, replays included.
  await page.goto("/dang-nhap?next=/quan-tri/he-thong-chuyen-nganh");
  await login(page, "quantri.hethong", "Demo@2026!QuanTriHT");
  const system = page.getByRole("row").filter({ hasText: "hotich-e2e" });
  await system.getByRole("button", { name: "Các lần gọi" }).click();
  const calls = page.getByRole("dialog", { name: /Các lần gọi gần nhất/ });
  await expect(calls.getByText("201 created")).toBeVisible();
  await expect(calls.getByRole("cell", { name: code }).first()).toBeVisible();
  await expectAccessible(page, "sector system calls");
});
