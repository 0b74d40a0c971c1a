import type { APIRequestContext, Browser, BrowserContext, Page, TestInfo } from "@playwright/test";
import { BIRTH_FORM } from "../support/birthForm.ts";
import { expect, expectAccessible, login, saveScreenshot } from "./fixtures.ts";

/** A one-page PDF that a viewer shows (the title on an A4 page), for the office's inline preview. */
export function pagePdf(name: string, title = name): { name: string; mimeType: string; buffer: Buffer } {
  const text = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .replace(/[()\\]/g, "");
  const stream = `BT /F1 20 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name, mimeType: "application/pdf", buffer: Buffer.from(body, "latin1") };
}

/** The demo accounts of Phường Trung Tâm (README). */
export const ACCOUNTS = {
  citizen: ["congdan.demo", "Demo@2026!CongDan"],
  counter: ["motcua.trungtam", "Demo@2026!MotCuaTT"],
  head: ["truongphong.trungtam", "Demo@2026!TruongPhongTT"],
  specialist: ["chuyenvien.trungtam", "Demo@2026!ChuyenVienTT"],
  leader: ["lanhdao.trungtam", "Demo@2026!LanhDaoTT"],
} as const;
export type Who = keyof typeof ACCOUNTS;

/**
 * Console errors of every page the office tests open in their own browser contexts (the `page` fixture has its own
 * check). An expected refusal the test provokes is allowed by its status text.
 */
const logs = new WeakMap<Page, ErrorLog>();

export class ErrorLog {
  readonly errors: string[] = [];
  private allowed: RegExp[] = [];
  allow(pattern: RegExp) {
    this.allowed.push(pattern);
  }
  /** Forgets the last 409 answer logged for the page (a stale version the officer was asked to confirm again). */
  static forgiveConflict(page: Page) {
    const log = logs.get(page);
    if (!log) return;
    const index = log.errors.findLastIndex((error) => error.includes("409"));
    if (index >= 0) log.errors.splice(index, 1);
  }
  watch(page: Page) {
    logs.set(page, this);
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const text = `${message.text()} @ ${message.location().url}`;
      if (!this.allowed.some((pattern) => pattern.test(text))) this.errors.push(text);
    });
    page.on("pageerror", (error) => this.errors.push(`pageerror: ${error.message}`));
  }
  expectNone() {
    expect(this.errors, "console errors in the office pages").toEqual([]);
  }
}

/** One officer (or the citizen) in their own browser context, logged in through the login page, landing in `next`. */
export async function signIn(
  browser: Browser,
  testInfo: TestInfo,
  who: Who,
  log: ErrorLog,
  next = "/van-phong",
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    viewport: { width: 1366, height: 900 },
  });
  const page = await context.newPage();
  log.watch(page);
  await page.goto(`/dang-nhap?next=${encodeURIComponent(next)}`);
  const [username, password] = ACCOUNTS[who];
  await login(page, username, password);
  await page.waitForURL((url) => url.pathname.startsWith(next.split("?")[0]!));
  return { context, page };
}

async function csrf(request: APIRequestContext): Promise<string> {
  const session = await request.get("/api/auth/session");
  expect(session.status()).toBe(200);
  return ((await session.json()) as { csrfToken: string }).csrfToken;
}

/** The citizen's side through the API (the portal's own tests drive its pages): log in, upload, submit. */
export class CitizenApi {
  constructor(private readonly request: APIRequestContext) {}

  async login() {
    const [username, password] = ACCOUNTS.citizen;
    const response = await this.request.post("/api/auth/login", { data: { username, password } });
    expect(response.status()).toBe(200);
  }

  async upload(name: string): Promise<string> {
    const response = await this.request.post("/api/uploads", {
      headers: { "x-csrf-token": await csrf(this.request) },
      multipart: { file: pagePdf(name) },
    });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  /** A birth registration (1.001193) at Phường Trung Tâm with a PDF for each required component. */
  async submitBirthRegistration(): Promise<{ id: string; code: string }> {
    const files = [];
    for (const position of [0, 1, 2])
      files.push({
        componentPosition: position,
        uploadId: await this.upload(`thanh-phan-${position + 1}.pdf`),
      });
    const response = await this.request.post("/api/citizen/dossiers", {
      headers: { "x-csrf-token": await csrf(this.request), "idempotency-key": crypto.randomUUID() },
      data: {
        procedureCode: "1.001193",
        agencyCode: "000.20.01.H99",
        // Issue #19: the real birth-registration declaration (TT 04/2020/TT-BTP).
        formData: BIRTH_FORM,
        files,
      },
    });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as { id: string; code: string };
  }

  async post(path: string, data: Record<string, unknown>) {
    const response = await this.request.post(path, {
      headers: { "x-csrf-token": await csrf(this.request) },
      data,
    });
    expect(response.status(), await response.text()).toBe(200);
    return response.json();
  }
}

/** Opens a dossier from an inbox by its code (the officer's way in), checking the page is accessible. */
export async function openFromInbox(page: Page, box: string, code: string): Promise<void> {
  await page.goto("/van-phong");
  await page
    .getByRole("navigation", { name: "Trình đơn Văn phòng" })
    .getByRole("link", { name: box })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: box })).toBeVisible();
  await page.getByRole("link", { name: code }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Hồ sơ ${code}` })).toBeVisible();
}

/** The actions offered on the dossier page, as their button names. */
export async function actionNames(page: Page): Promise<string[]> {
  const bar = page.getByRole("region", { name: "Thao tác" });
  await expect(bar).toBeVisible();
  await page.waitForLoadState("networkidle");
  return (await bar.getByRole("button").allInnerTexts()).map((text) => text.trim());
}

/** Waits for AntD's entrance animations (a message fading in is not yet at its final contrast). */
export async function settle(page: Page) {
  await expect(page.locator("[class*='-appear'], [class*='-enter']")).toHaveCount(0);
}

/** Opens an action's dialog, checks it (axe), and returns it. */
export async function openDialog(page: Page, action: string, label: string) {
  await page
    .getByRole("region", { name: "Thao tác" })
    .getByRole("button", { name: action, exact: true })
    .click();
  const dialog = page.getByRole("dialog", { name: action });
  await expect(dialog).toBeVisible();
  await settle(page);
  await expectAccessible(page, label);
  return dialog;
}

/**
 * Confirms an action. The deadline watch may mark the dossier "due soon" between opening and confirming (a new
 * version): the dialog then says so, the page has reloaded the dossier, and the officer confirms again — once.
 */
export async function confirm(page: Page, action: string) {
  const dialog = page.getByRole("dialog", { name: action });
  const button = dialog.getByRole("button", { name: action, exact: true });
  await button.click();
  const stale = dialog.getByText("Hồ sơ vừa được người khác cập nhật", { exact: false });
  await expect(async () => {
    expect((await dialog.isHidden()) || (await stale.isVisible())).toBe(true);
  }).toPass();
  if (await stale.isVisible()) {
    ErrorLog.forgiveConflict(page);
    await expect(dialog.getByText("Hồ sơ đã được tải lại")).toBeVisible();
    await button.click();
  }
  await expect(dialog).toBeHidden();
}

export async function expectStatus(page: Page, status: string) {
  await expect(page.locator(".dossier__head .status")).toHaveText(status);
}

export { expectAccessible, saveScreenshot };
