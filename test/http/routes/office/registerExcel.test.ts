import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { returnResult } from "../../../../src/services/dossiers/counter/returnResult.ts";
import { REGISTER_COLUMNS } from "../../../../src/services/forms/documents/trackingRegister.ts";
import { formTime } from "../../../../src/services/forms/pdf/formDocument.ts";
import {
  actorNamed,
  at,
  dossierInProcessing,
} from "../../../services/dossiers/processing/processingFixtures.ts";
import { pdfText } from "../../../services/forms/pdfReading.ts";
import { approvedDossier } from "../../../services/results/resultFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds } from "../../../support/dossierFixtures.ts";

let t: AuthTestApp;
let returned: { code: string; due_at: Date | null; procedure: string };
let pending: { code: string; due_at: Date | null };
const sessions: Record<"officer" | "other" | "citizen", TestSession> = {} as never;

const dossierRow = (id: string) =>
  t.database.db
    .selectFrom("dossiers as d")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .select(["d.code", "d.due_at", "p.name as procedure"])
    .where("d.id", "=", id)
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-11-24T10:00") });
  const users = await demoUserIds(t.database.db);
  const { dossierId } = await approvedDossier(t.database.db, users, "2026-11-23");
  await returnResult(t.database.db, {
    dossierId,
    actor: await actorNamed(t.database.db, users, "motcua.trungtam"),
    now: at("2026-11-23T15:00"),
    channel: "counter",
  });
  returned = await dossierRow(dossierId);
  pending = await dossierRow(await dossierInProcessing(t.database.db, users, at("2026-11-23T11:00")));
  sessions.officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
  sessions.other = await loginAs(t.app, "motcua.sotaichinh", "Demo@2026!MotCuaSTC");
  sessions.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
}, 120_000);
afterAll(async () => t?.close());

const url = (query: string, sector = "TP") =>
  `/api/office/register.xlsx?agencyCode=000.20.01.H99&sectorCode=${sector}&${query}`;
const get = (path: string, session?: TestSession, language?: string) =>
  t.app.inject({
    url: path,
    headers: { ...(session?.headers ?? {}), ...(language ? { "accept-language": language } : {}) },
  });

async function readSheet(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Sổ theo dõi")!;
  const text = (row: number) =>
    Array.from({ length: REGISTER_COLUMNS.length }, (_, index) => {
      const value = sheet.getRow(row).getCell(index + 1).value;
      return value === null || value === undefined ? "" : value;
    });
  return { sheet, text };
}

describe("GET /api/office/register.xlsx (R-FORM-6)", () => {
  it("the same columns and rows as the register PDF, read back with every value and its diacritics", async () => {
    const response = await get(url("from=2026-11-23&to=2026-11-23"), sessions.officer);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(response.headers["content-disposition"]).toMatch(
      /^attachment; filename="so-theo-doi-TP-2026-11-23-2026-11-23\.xlsx"/,
    );
    const { sheet, text } = await readSheet(response.rawPayload);
    expect(sheet.getCell("A2").value).toBe("SỔ THEO DÕI HỒ SƠ");
    expect(sheet.getCell("A3").value).toBe("Lĩnh vực: Tư pháp (TP) — từ ngày 23/11/2026 đến ngày 23/11/2026");
    expect(String(sheet.getCell("A1").value)).toContain("Ủy ban nhân dân phường Trung Tâm");
    expect(text(5)).toEqual([
      "STT",
      "Mã hồ sơ",
      "Tên thủ tục",
      "Tên cá nhân, tổ chức",
      "Địa chỉ, số điện thoại",
      "Cơ quan chủ trì giải quyết",
      "Nhận hồ sơ",
      "Hẹn trả kết quả",
      "Ngày trả kết quả",
      "Phương thức nhận kết quả",
      "Ký nhận",
    ]);
    expect(text(5)).toEqual(REGISTER_COLUMNS.map((column) => column.header));
    expect(text(6)).toEqual([
      1,
      returned.code,
      returned.procedure,
      "Nguyễn Văn An",
      "0912345678",
      "Ủy ban nhân dân phường Trung Tâm",
      "09:00 23/11/2026",
      formTime(returned.due_at!),
      "15:00 23/11/2026",
      "Trực tiếp",
      "",
    ]);
    expect(returned.procedure).toMatch(/khai sinh/);
    expect(text(7)).toEqual([
      2,
      pending.code,
      returned.procedure,
      "Nguyễn Văn An",
      "0912345678",
      "Ủy ban nhân dân phường Trung Tâm",
      "11:00 23/11/2026",
      formTime(pending.due_at!),
      "",
      "",
      "",
    ]);
    expect(sheet.getCell("A9").value).toBe("Tổng số hồ sơ: 2");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 5 });
  });

  it("an empty period gives the header and a zero total; the PDF lists the same dossiers", async () => {
    const empty = await readSheet(
      (await get(url("from=2026-11-24&to=2026-11-30"), sessions.officer)).rawPayload,
    );
    expect(empty.text(6)).toEqual(Array(REGISTER_COLUMNS.length).fill(""));
    expect(empty.sheet.getCell("A7").value).toBe("Tổng số hồ sơ: 0");
    const pdf = await get(url("from=2026-11-23&to=2026-11-23").replace(".xlsx", ".pdf"), sessions.officer);
    expect(pdf.statusCode).toBe(200);
    const printed = (await pdfText(new Uint8Array(pdf.rawPayload))).replace(/\s/g, "");
    for (const code of [returned.code, pending.code]) expect(printed).toContain(code);
    expect(printed).toContain("Tổngsốhồsơ:2");
  });

  it("401 anonymous, 403 outside the agency or for an applicant, 400 bad period (vi, en), 404 unknown sector", async () => {
    const period = "from=2026-11-23&to=2026-11-23";
    expect((await get(url(period))).statusCode).toBe(401);
    expect((await get(url(period), sessions.other)).statusCode).toBe(403);
    expect((await get(url(period), sessions.citizen)).statusCode).toBe(403);
    const reversed = await get(url("from=2026-11-24&to=2026-11-23"), sessions.officer);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.fields).toEqual([
      { field: "to", message: "Khoảng thời gian không hợp lệ (từ ngày trước đến ngày, tối đa 366 ngày)" },
    ]);
    const english = await get(url("from=2026-11-24&to=2026-11-23"), sessions.officer, "en");
    expect(english.json().error.fields).toEqual([
      { field: "to", message: "Invalid period (from before to, 366 days at most)" },
    ]);
    expect((await get(url("from=2026-11-23"), sessions.officer)).statusCode).toBe(400);
    expect((await get(url(period, "XX"), sessions.officer)).statusCode).toBe(404);
  });
});
