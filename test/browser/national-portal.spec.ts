import { createHmac } from "node:crypto";
import { type DvcqgSimulator, startDvcqgSimulator } from "../../src/integrations/dvcqg/simulator/server.ts";
import { expect, expectAccessible, login, pdf, saveScreenshot, test } from "./fixtures.ts";

/**
 * Issue #13, the national portal's inbound half, as people see it: a system administrator pulls the national
 * catalog and sees what changed with each agency's 5-working-day duty (R-SYNC-6, R-CAT-1); a counter officer opens a
 * dossier received from the national portal and finds its files fetched (R-LAW-4). The spec's own DVCQG simulator
 * (playwright.config.ts: DVCQG_CATALOG_URL, the port after the server's) serves the catalog and the files. It changes
 * only the conditions text of a procedure no other spec uses, and submits at Sở Tài chính, which no other spec uses.
 */
const port = Number(process.env.BROWSER_TEST_PORT ?? 38200);
let simulator: DvcqgSimulator;

test.beforeAll(async () => {
  simulator = await startDvcqgSimulator({ port: port + 1, token: "ma-xac-thuc-danh-muc-kiem-thu" });
});
test.afterAll(async () => {
  await simulator.close();
});

test("the system administrator pulls the national catalog and sees the change with its duties", async ({
  page,
}) => {
  const changed = await fetch(`${simulator.baseUrl}/control/catalog/procedures/2.000942`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ YeuCauDieuKien: "Điều kiện mới theo quyết định công bố (kiểm thử)" }),
  });
  expect(changed.status).toBe(200);
  await page.goto("/dang-nhap?next=/quan-tri/danh-muc");
  await login(page, "quantri.hethong", "Demo@2026!QuanTriHT");
  await expect(
    page.getByRole("heading", { name: "Danh mục thủ tục theo CSDL quốc gia", level: 1 }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Lấy danh mục ngay" }).click();
  await expect(page.getByText(/Đã lấy danh mục: 0 thêm, 1 thay đổi/)).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "2.000942" });
  await expect(row.getByText("Yêu cầu, điều kiện")).toBeVisible();
  await expect(row.getByText("Điều kiện mới theo quyết định công bố (kiểm thử)")).toBeVisible();
  await expect(row.getByTestId("catalog-duty").first()).toContainText(/còn [\d.]+ giờ làm việc/);
  await expectAccessible(page, "catalog sync");
  await saveScreenshot(page, "dong-bo-danh-muc");
  await row.getByRole("button", { name: "Đánh dấu đã cập nhật" }).first().click();
  await expect(page.getByText("Đã đánh dấu hoàn thành")).toBeVisible();
  await expect(row.getByTestId("catalog-duty").first()).toContainText("Đã xong");
});

test("a counter officer sees the files of a dossier from the national portal fetched", async ({
  page,
  request,
}) => {
  const file = (await (
    await fetch(`${simulator.baseUrl}/control/files`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "to-khai.pdf", contentBase64: pdf("to khai").buffer.toString("base64") }),
    })
  ).json()) as { url: string; sha256: string };
  const stamp = new Date(Date.now() + 7 * 3_600_000).toISOString().replace(/\D/g, "").slice(0, 14);
  const body = JSON.stringify({
    MaHoSo: `G22.100.01-${stamp.slice(2, 8)}-${stamp.slice(8, 14)}`,
    MaTTHC: "1.000956",
    MaCoQuan: "000.00.13.H99",
    ChuHoSo: "Lê Thị Cúc",
    NgayNopHoSo: stamp,
    TaiLieuNop: [{ TenTepDinhKem: "to-khai.pdf", DuongDanTaiTepTin: file.url, MaBamSHA256: file.sha256 }],
  });
  const received = await request.post("/api/integration/national-portal/dossiers", {
    data: body,
    headers: {
      "content-type": "application/json",
      "x-api-key": "khoa-api-cong-dvcqg-kiem-thu",
      "x-signature": createHmac("sha256", "bi-mat-hmac-cong-dvcqg-kiem-thu").update(body).digest("hex"),
    },
  });
  expect(received.status(), await received.text()).toBe(201);
  const { id } = (await received.json()) as { id: string };

  await page.goto(`/dang-nhap?next=/van-phong/ho-so/${id}`);
  await login(page, "motcua.sotaichinh", "Demo@2026!MotCuaSTC");
  const panel = page.getByRole("region", { name: "Tệp từ Cổng Dịch vụ công quốc gia" });
  await expect(panel.getByTestId("national-file-state")).toHaveText("Đã tải", { timeout: 30_000 });
  await expect(panel.getByRole("link", { name: "to-khai.pdf" })).toBeVisible();
  await expectAccessible(page, "office dossier with national files");
  await saveScreenshot(page, "ho-so-tu-cong-dvcqg");
});
