import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DvcqgSimulator,
  startDvcqgSimulator,
} from "../../../../src/integrations/dvcqg/simulator/server.ts";
import { pullCatalog } from "../../../../src/services/catalogSync/pullCatalog.ts";
import { receiveNationalDossier } from "../../../../src/services/integration/receiveNationalDossier.ts";
import { type AuthTestApp, createAuthTestApp, type TestSession } from "../../../support/authSession.ts";
import { limits } from "../../../support/dossierFixtures.ts";
import {
  AGENCY_ADMIN,
  agencyId,
  caller,
  expectAdminsOnly,
  expectFieldError,
  loginAll,
  NON_ADMINS,
  OWN_AGENCY,
  SYSTEM_ADMIN,
} from "./adminTestKit.ts";

/** Issue #13: the admin console's catalog pulls and duties (R-SYNC-6, R-CAT-1), and the office's national files. */
let t: AuthTestApp;
let sessions: Record<string, TestSession>;
let call: ReturnType<typeof caller>;
let simulator: DvcqgSimulator;
let own: string;

beforeAll(async () => {
  simulator = await startDvcqgSimulator();
  t = await createAuthTestApp({ start: new Date("2026-11-23T02:00:00Z") });
  sessions = await loginAll(t, [AGENCY_ADMIN, SYSTEM_ADMIN, ...NON_ADMINS]);
  call = caller(t, sessions);
  own = await agencyId(t, OWN_AGENCY);
  await fetch(`${simulator.baseUrl}/control/catalog/procedures/1.001193`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ TenTTHC: "Đăng ký khai sinh (đã sửa)" }),
  });
  const report = await pullCatalog(t.database.db, {
    source: { url: `${simulator.baseUrl}/catalog/procedures`, token: simulator.token, timeoutMs: 5_000 },
    now: t.clock.now(),
  });
  expect(report.changed).toEqual(["1.001193"]);
});
afterAll(async () => {
  await t.close();
  await simulator.close();
});

describe("GET /api/admin/catalog/pulls and /changes", () => {
  it("administrators see the pulls and the changes with their own agencies' duties and a countdown", async () => {
    const pulls = await call("GET", "/api/admin/catalog/pulls", AGENCY_ADMIN);
    expect(pulls.statusCode).toBe(200);
    expect(pulls.json().items[0]).toMatchObject({ outcome: "succeeded", changed: 1 });
    const changes = await call("GET", "/api/admin/catalog/changes?open=true", AGENCY_ADMIN);
    expect(changes.statusCode).toBe(200);
    const change = changes
      .json()
      .items.find((item: { procedureCode: string }) => item.procedureCode === "1.001193");
    expect(change.fields.map((field: { field: string }) => field.field)).toEqual(["name"]);
    expect(change.duties).toHaveLength(1);
    expect(change.duties[0]).toMatchObject({
      agency: { id: own },
      remainingWorkingHours: 40,
      closedAt: null,
    });
    const all = await call("GET", "/api/admin/catalog/changes", SYSTEM_ADMIN);
    const seen = all
      .json()
      .items.find((item: { procedureCode: string }) => item.procedureCode === "1.001193");
    expect(seen.duties.length).toBeGreaterThanOrEqual(1);
  });

  it("401 anonymous, 403 every other role; 400 for a bad query", async () => {
    await expectAdminsOnly(t, call, "GET", "/api/admin/catalog/pulls");
    await expectAdminsOnly(t, call, "GET", "/api/admin/catalog/changes");
    expect(
      (await call("GET", "/api/admin/catalog/changes?pullId=khong-phai-uuid", SYSTEM_ADMIN)).statusCode,
    ).toBe(400);
  });
});

describe("POST /api/admin/catalog/duties/:id/close", () => {
  it("closes the agency's duty once (204, then 409), 404 for another's or an unknown one, 400 bad note", async () => {
    const changes = await call("GET", "/api/admin/catalog/changes", AGENCY_ADMIN);
    const dutyId = changes.json().items[0].duties[0].id as string;
    await expectAdminsOnly(t, call, "POST", `/api/admin/catalog/duties/${dutyId}/close`, {});
    await expectFieldError(
      call,
      "POST",
      `/api/admin/catalog/duties/${dutyId}/close`,
      AGENCY_ADMIN,
      { note: "x".repeat(1001) },
      "note",
    );
    expect(
      (
        await call(
          "POST",
          "/api/admin/catalog/duties/00000000-0000-4000-8000-000000000000/close",
          AGENCY_ADMIN,
          {},
        )
      ).statusCode,
    ).toBe(404);
    const closed = await call("POST", `/api/admin/catalog/duties/${dutyId}/close`, AGENCY_ADMIN, {
      note: "Đã cập nhật",
    });
    expect(closed.statusCode).toBe(204);
    const again = await call("POST", `/api/admin/catalog/duties/${dutyId}/close`, AGENCY_ADMIN, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/hoàn thành/);
    const after = await call("GET", "/api/admin/catalog/changes", AGENCY_ADMIN);
    expect(after.json().items[0].duties[0]).toMatchObject({
      note: "Đã cập nhật",
      remainingWorkingHours: null,
    });
    expect(after.json().items[0].duties[0].closedAt).not.toBeNull();
  });
});

describe("POST /api/admin/catalog/pull", () => {
  it("is the system administrator's (403 for an agency administrator); 409 without a configured source", async () => {
    await expectAdminsOnly(t, call, "POST", "/api/admin/catalog/pull", {});
    const agency = await call("POST", "/api/admin/catalog/pull", AGENCY_ADMIN, {});
    expect(agency.statusCode).toBe(403);
    const unconfigured = await call("POST", "/api/admin/catalog/pull", SYSTEM_ADMIN, {});
    expect(unconfigured.statusCode).toBe(409);
    expect(unconfigured.json().error.code).toBe("CATALOG_SOURCE_NOT_CONFIGURED");
  });
});

describe("GET /api/office/dossiers/:id/national-files, POST …/:fileId/retry", () => {
  it("officers of the dossier's agency see each file's state; a counter officer asks for a failed one again", async () => {
    const { record } = await receiveNationalDossier(t.database.db, {
      payload: {
        MaHoSo: "G22.100.01-261123-000555",
        MaTTHC: "1.001193",
        MaCoQuan: "000.20.01.H99",
        ChuHoSo: "Lê Thị Cúc",
        NgayNopHoSo: "20261123090000",
        TaiLieuNop: [
          { TenTepDinhKem: "to-khai.pdf", DuongDanTaiTepTin: `${simulator.baseUrl}/files/khong-co` },
        ],
      },
      now: t.clock.now(),
      limits,
    });
    const url = `/api/office/dossiers/${record.row.id}/national-files`;
    const seen = await call("GET", url, "motcua.trungtam");
    expect(seen.statusCode).toBe(200);
    const [file] = seen.json().files;
    expect(file).toMatchObject({ fileName: "to-khai.pdf", state: "pending", attempts: 0 });
    expect((await call("GET", url, "chuyenvien.trungtam")).statusCode).toBe(200);
    expect((await call("GET", url)).statusCode).toBe(401);
    expect((await call("GET", url, "congdan.demo")).statusCode).toBe(403);
    expect((await call("GET", url, "quantri.trungtam")).statusCode).toBe(403);
    expect(
      (await call("GET", "/api/office/dossiers/khong-phai/national-files", "motcua.trungtam")).statusCode,
    ).toBe(400);

    const retry = `${url}/${file.id}/retry`;
    // Only a failed file is asked for again.
    expect((await call("POST", retry, "motcua.trungtam", {})).statusCode).toBe(404);
    await t.database.db
      .updateTable("national_file_transfers")
      .set({ state: "failed", attempts: 8 })
      .where("id", "=", file.id)
      .execute();
    expect((await call("POST", retry, "chuyenvien.trungtam", {})).statusCode).toBe(403);
    expect((await call("POST", retry, "motcua.trungtam", {})).statusCode).toBe(204);
    expect((await call("GET", url, "motcua.trungtam")).json().files[0]).toMatchObject({
      state: "pending",
      attempts: 0,
    });
  });
});
