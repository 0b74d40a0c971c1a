import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { expect, expectAccessible, login, test } from "./fixtures.ts";
import {
  ACCOUNTS,
  CitizenApi,
  confirm,
  ErrorLog,
  expectStatus,
  openDialog,
  pagePdf,
  settle,
  signIn,
  type Who,
} from "./office-helpers.ts";

/**
 * Officers' digital signatures (issue #16): the counter officer digitises and signs a paper component at reception
 * and records an exemption with its reason (R-RECV-7); the leader signs the result in the approval dialog before
 * approving it (R-RES-1); the applicant sees the result as signed in the portal. The server signs through its
 * remote-signing simulator (the officer "confirms on the app" at once) and verifies on display.
 */
test.describe.configure({ timeout: 300_000 });

const PROCEDURE = "2.000635";

async function officer(baseURL: string, who: Who): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await playwrightRequest.newContext({ baseURL });
  const [username, password] = ACCOUNTS[who];
  const response = await api.post("/api/auth/login", { data: { username, password } });
  expect(response.status(), await response.text()).toBe(200);
  return { api, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

async function post(
  actor: { api: APIRequestContext; csrf: string },
  path: string,
  data: object,
  status = 200,
) {
  const response = await actor.api.post(path, { headers: { "x-csrf-token": actor.csrf }, data });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
  return response.json();
}

test("the counter officer signs a component at reception, the leader signs the result at approval, the citizen sees it signed", async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  const log = new ErrorLog();

  // A paper dossier received at the counter of Phường Trung Tâm with three scans (through the API).
  const counterApi = await officer(baseURL!, "counter");
  const uploads: string[] = [];
  for (const position of [1, 2, 3]) {
    const upload = await counterApi.api.post("/api/uploads", {
      headers: { "x-csrf-token": counterApi.csrf },
      multipart: { file: pagePdf(`ban-quet-${position}.pdf`, `Ban quet thanh phan ${position}`) },
    });
    expect(upload.status()).toBe(201);
    uploads.push(((await upload.json()) as { id: string }).id);
  }
  const paper = (await post(
    counterApi,
    "/api/office/dossiers/intake",
    {
      // Cấp bản sao Trích lục hộ tịch: a procedure of the ward whose application has no e-form to fill.
      procedureCode: PROCEDURE,
      agencyCode: "000.20.01.H99",
      channel: "counter",
      applicant: {
        kind: "person",
        name: "Trần Thị Mai",
        idNumber: "099190004567",
        address: "Số 5 đường Hòa Bình, phường Trung Tâm",
        phone: "0912345679",
      },
      formData: {},
      files: uploads.map((uploadId, componentPosition) => ({ componentPosition, uploadId })),
    },
    201,
  )) as { id: string; code: string };

  // The counter officer opens it: the "Ký số" panel lists the three scans, not yet digitised.
  const counter = await signIn(browser, testInfo, "counter", log, `/van-phong/ho-so/${paper.id}`);
  const c = counter.page;
  await expect(c.getByRole("heading", { level: 1, name: `Hồ sơ ${paper.code}` })).toBeVisible({
    timeout: 60_000,
  });
  const panel = c.getByRole("region", { name: "Ký số" });
  await expect(panel.getByTestId("digitisation-state")).toHaveText([
    "Chưa số hóa",
    "Chưa số hóa",
    "Chưa số hóa",
  ]);
  await expect(panel.getByTestId("signature-state").first()).toHaveText("Chưa ký số");
  await expectAccessible(c, "bảng ký số tại tiếp nhận");

  // Digitise and sign the first scan: metadata, and nothing is signed before the officer confirms.
  await panel.getByRole("button", { name: "Số hóa và ký số ban-quet-1.pdf" }).click();
  const dialog = c.getByRole("dialog", { name: "Số hóa và ký số thành phần hồ sơ" });
  await expect(dialog).toBeVisible();
  await settle(c);
  await expectAccessible(c, "hộp thoại số hóa và ký số");
  await dialog.getByLabel("Cơ quan cấp").fill("Bệnh viện Đa khoa tỉnh Demo");
  await dialog.getByLabel("Số, ký hiệu").fill("GCS-123/2026");
  await dialog.getByRole("button", { name: "Ký số", exact: true }).click();
  await expect(dialog.getByText("Vui lòng xác nhận trước khi ký số")).toBeVisible();
  await dialog.getByLabel(/Tôi xác nhận bản quét đầy đủ/).check();
  await dialog.getByRole("button", { name: "Ký số", exact: true }).click();
  // Signing waits for the officer's confirmation on the signing service (the simulator confirms at once, but a
  // busy machine has needed more than 15 s for the round trip).
  await expect(dialog).toBeHidden({ timeout: 90_000 });
  const first = panel.getByRole("row", { name: /ban-quet-1\.pdf/ });
  await expect(first.getByTestId("digitisation-state")).toHaveText("Đã số hóa");
  await expect(first.getByTestId("signature-state")).toHaveText("Chữ ký hợp lệ");
  await expect(first.getByTestId("signature-signer")).toContainText("Lê Thị Hồng");

  // The second paper was only shown: an exemption with its reason.
  await panel.getByRole("button", { name: "Miễn số hóa ban-quet-2.pdf" }).click();
  const exempt = c.getByRole("dialog", { name: "Ghi nhận miễn số hóa" });
  await expect(exempt).toBeVisible();
  await settle(c);
  await exempt.getByLabel("Giấy tờ chỉ xuất trình, không nộp").check();
  await exempt.getByRole("button", { name: "Ghi nhận" }).click();
  await expect(exempt).toBeHidden();
  const second = panel.getByRole("row", { name: /ban-quet-2\.pdf/ });
  await expect(second.getByTestId("digitisation-state")).toHaveText("Miễn số hóa");
  await expect(second).toContainText("Lý do: Giấy tờ chỉ xuất trình, không nộp");
  await settle(c);
  await expectAccessible(c, "bảng ký số sau khi ký");

  // An online dossier brought to the leader's approval (through the API).
  const citizenApi = await playwrightRequest.newContext({ baseURL });
  const citizen = new CitizenApi(citizenApi);
  await citizen.login();
  const files = [];
  for (const position of [0, 1, 2])
    files.push({
      componentPosition: position,
      uploadId: await citizen.upload(`thanh-phan-${position + 1}.pdf`),
    });
  const session = await citizenApi.get("/api/auth/session");
  const submitted = await citizenApi.post("/api/citizen/dossiers", {
    headers: {
      "x-csrf-token": ((await session.json()) as { csrfToken: string }).csrfToken,
      "idempotency-key": crypto.randomUUID(),
    },
    data: { procedureCode: PROCEDURE, agencyCode: "000.20.01.H99", formData: {}, files },
  });
  expect(submitted.status(), await submitted.text()).toBe(201);
  const online = (await submitted.json()) as { id: string; code: string };
  await post(counterApi, `/api/office/dossiers/${online.id}/accept`, {});
  await post(counterApi, `/api/office/dossiers/${online.id}/transfer`, {});
  const head = await officer(baseURL!, "head");
  const assignees = await head.api.get(`/api/office/dossiers/${online.id}/assignees`);
  const specialistId = ((await assignees.json()) as { officers: { id: string }[] }).officers[0]!.id;
  await post(head, `/api/office/dossiers/${online.id}/assign`, { assigneeId: specialistId });
  const specialist = await officer(baseURL!, "specialist");
  await post(specialist, `/api/office/dossiers/${online.id}/forward`, { opinion: "Đủ điều kiện" });

  // The leader uploads the result in the approval dialog, confirms and signs it, then approves the signed file.
  const leader = await signIn(browser, testInfo, "leader", log, `/van-phong/ho-so/${online.id}`);
  const l = leader.page;
  // A busy machine has needed more than the default 15 s for the first office page after signing in.
  await expect(l.getByRole("heading", { level: 1, name: `Hồ sơ ${online.code}` })).toBeVisible({
    timeout: 60_000,
  });
  const approve = await openDialog(l, "Phê duyệt kết quả", "hộp thoại phê duyệt có bước ký số");
  const signing = approve.getByTestId("result-signing");
  await expect(signing).toContainText("Tải lên tệp kết quả để ký số.");
  await approve
    .getByLabel(/Tệp kết quả giải quyết/)
    .setInputFiles(pagePdf("trich-luc-khai-sinh.pdf", "Trich luc khai sinh"));
  await expect(approve.getByText(/Đã tải lên: trich-luc-khai-sinh\.pdf/)).toBeVisible();
  await signing.getByRole("button", { name: "Ký số kết quả" }).click();
  await expect(signing.getByText("Vui lòng xác nhận trước khi ký số")).toBeVisible();
  await signing.getByLabel("Tôi xác nhận ký số kết quả giải quyết bằng chữ ký số cá nhân của tôi.").check();
  await signing.getByRole("button", { name: "Ký số kết quả" }).click();
  await expect(signing.getByText("Đã ký số: trich-luc-khai-sinh-da-ky-so.pdf")).toBeVisible({
    timeout: 90_000,
  });
  await expect(signing.getByTestId("signature-state")).toHaveText("Chữ ký hợp lệ");
  await expect(signing.getByTestId("signature-signer")).toContainText("Đỗ Quang Huy");
  await settle(l);
  await expectAccessible(l, "kết quả đã ký số trong hộp thoại phê duyệt");
  await confirm(l, "Phê duyệt kết quả");
  await expectStatus(l, "Đã xử lý xong");
  const result = l.getByRole("region", { name: "Ký số" }).getByRole("row", { name: /da-ky-so\.pdf/ });
  await expect(result.getByTestId("digitisation-state")).toHaveText("Đã số hóa");
  await expect(result.getByTestId("signature-state")).toHaveText("Chữ ký hợp lệ");

  // The applicant sees the result as signed in the portal, with the leader's name.
  await page.goto(`/dang-nhap?next=${encodeURIComponent(`/ho-so-cua-toi/${online.id}`)}`);
  await login(page, ...ACCOUNTS.citizen);
  await page.waitForURL(`**/ho-so-cua-toi/${online.id}`);
  const item = page.getByRole("listitem").filter({ hasText: "trich-luc-khai-sinh-da-ky-so.pdf" });
  await expect(item.getByTestId("signature-state")).toHaveText("Chữ ký hợp lệ");
  await expect(item.getByTestId("signature-signer")).toContainText("Đỗ Quang Huy");
  await expectAccessible(page, "công dân xem kết quả đã ký số");

  for (const context of [counter.context, leader.context]) await context.close();
  for (const api of [counterApi.api, head.api, specialist.api, citizenApi]) await api.dispose();
  log.expectNone();
});
