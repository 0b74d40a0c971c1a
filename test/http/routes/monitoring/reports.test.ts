import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfText } from "../../../services/forms/pdfReading.ts";
import {
  insertFixtureDossier,
  insertFixtureTask,
  TAI_CHINH,
  TRUNG_TAM,
} from "../../../services/statistics/statisticsFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";

const PASSWORDS: Record<string, string> = {
  "giamsat.ttpvhcc": "Demo@2026!GiamSatHCC",
  "lanhdao.trungtam": "Demo@2026!LanhDaoTT",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
  "congdan.demo": "Demo@2026!CongDan",
};
const at = (text: string) => new Date(text);

let t: AuthTestApp;
const sessions: Record<string, TestSession> = {};
let taiChinhId: string;
const get = (url: string, username?: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: "GET",
    url,
    headers: { ...(username ? sessions[username]!.headers : {}), ...headers },
  });

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-11-03T03:00:00Z") });
  const db = t.database.db;
  for (const username of Object.keys(PASSWORDS))
    sessions[username] = await loginAs(t.app, username, PASSWORDS[username]!);
  taiChinhId = (
    await db.selectFrom("agencies").select("id").where("code", "=", TAI_CHINH).executeTakeFirstOrThrow()
  ).id;
  const late = await insertFixtureDossier(db, {
    code: "OCT-LATE",
    agencyCode: TRUNG_TAM,
    receivedAt: at("2026-10-01T02:00:00Z"),
    dueAt: at("2026-10-08T10:00:00Z"),
    processedAt: at("2026-10-14T03:00:00Z"),
  });
  await insertFixtureTask(db, {
    dossierId: late,
    agencyCode: TRUNG_TAM,
    username: "chuyenvien.trungtam",
    dueAt: at("2026-10-08T10:00:00Z"),
    completedAt: at("2026-10-09T03:00:00Z"),
  });
});
afterAll(async () => {
  await t?.close();
});

describe("monthly report downloads and per-officer workload", () => {
  it("Excel and PDF for the province (monitor) with a file name of the month", async () => {
    const excel = await get("/api/monitoring/reports/monthly.xlsx?month=2026-10", "giamsat.ttpvhcc");
    expect(excel.statusCode).toBe(200);
    expect(excel.headers["content-type"]).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(excel.headers["content-disposition"]).toBe('attachment; filename="bao-cao-thang-2026-10.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(excel.rawPayload.buffer.slice(excel.rawPayload.byteOffset) as ArrayBuffer);
    const values: unknown[] = [];
    workbook.worksheets[0]!.eachRow((row) => values.push((row.values as unknown[])[2]));
    expect(values).toContain("Ủy ban nhân dân phường Trung Tâm");
    const pdf = await get("/api/monitoring/reports/monthly.pdf?month=2026-10", "lanhdao.trungtam");
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const text = await pdfText(new Uint8Array(pdf.rawPayload));
    expect(text).toContain("Phạm vi: Ủy ban nhân dân phường Trung Tâm");
    expect(text).toContain("Ủy ban nhân dân phường Trung Tâm 1 1 1 0 0 1 0.00%");
  });

  it("per-officer workload: steps done and done late", async () => {
    const response = await get("/api/monitoring/reports/officers?month=2026-10", "lanhdao.trungtam");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([
      expect.objectContaining({
        agencyName: "Ủy ban nhân dân phường Trung Tâm",
        done: 1,
        doneLate: 1,
        open: 0,
      }),
    ]);
  });

  it("400 for a malformed month (vi and en), 401, 403 by role and outside the agency", async () => {
    const vi = await get("/api/monitoring/reports/monthly.pdf?month=2026-13", "giamsat.ttpvhcc");
    expect(vi.statusCode).toBe(400);
    expect(vi.json().error.fields.map((f: { field: string }) => f.field)).toEqual(["month"]);
    const en = await get("/api/monitoring/reports/monthly.xlsx", "giamsat.ttpvhcc", {
      "accept-language": "en",
    });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toBe("The input is not valid");
    expect((await get("/api/monitoring/reports/monthly.xlsx?month=2026-10")).statusCode).toBe(401);
    for (const username of ["congdan.demo", "chuyenvien.trungtam"])
      expect((await get("/api/monitoring/reports/officers?month=2026-10", username)).statusCode).toBe(403);
    expect(
      (
        await get(
          `/api/monitoring/reports/monthly.pdf?month=2026-10&agencyId=${taiChinhId}`,
          "lanhdao.trungtam",
        )
      ).statusCode,
    ).toBe(403);
  });
});
