import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import {
  type DvcqgSimulator,
  startDvcqgSimulator,
} from "../../../src/integrations/dvcqg/simulator/server.ts";
import { importProcedures } from "../../../src/services/catalog/importProcedures.ts";
import { closeCatalogDuty, listCatalogChanges } from "../../../src/services/catalogSync/catalogDuties.ts";
import {
  type CatalogSource,
  pullCatalog,
  pullCatalogIfDue,
} from "../../../src/services/catalogSync/pullCatalog.ts";
import { createDossier } from "../../../src/services/dossiers/createDossier.ts";
import { NotFoundError } from "../../../src/services/errors.ts";
import { demoUserIds, limits } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/** Issue #13, R-SYNC-6, R-CAT-1: the catalog kept in step with the national procedure database. */
describe("pullCatalog from the national procedure database (simulator over HTTP)", () => {
  let handle: DatabaseHandle;
  let simulator: DvcqgSimulator;
  let source: CatalogSource;
  // Monday 23 Nov 2026, 09:00 in the province.
  let now = new Date("2026-11-23T09:00:00+07:00");
  const control = (path: string, method: string, body?: unknown) =>
    fetch(`${simulator.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const servedRows = async () =>
    (
      (await (
        await fetch(source.url, { headers: { authorization: `Bearer ${simulator.token}` } })
      ).json()) as {
        data: Record<string, unknown>[];
      }
    ).data;

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    simulator = await startDvcqgSimulator();
    source = { url: `${simulator.baseUrl}/catalog/procedures`, token: simulator.token, timeoutMs: 2_000 };
  });
  beforeEach(async () => {
    await control("/control/catalog/reset", "POST");
    await control("/control/faults", "DELETE");
    now = new Date(now.getTime() + 24 * 3_600_000);
  });
  afterAll(async () => {
    await simulator.close();
    await handle.close();
  });

  it("the demo catalog as served matches the seeded one: a pull records no change", async () => {
    const report = await pullCatalog(handle.db, { source, now });
    expect(report).toMatchObject({
      outcome: "succeeded",
      added: [],
      changed: [],
      withdrawn: [],
      restored: [],
    });
    expect(report.received).toBeGreaterThan(30);
  });

  it("a changed fee and name are recorded field by field and start a 5-working-day duty per offering agency", async () => {
    await control("/control/catalog/procedures/1.001193", "POST", {
      TenTTHC: "Đăng ký khai sinh (sửa đổi)",
      PhiLePhi: [{ MaPhiLePhi: "PLP01", TenPhiLePhi: "Lệ phí đăng ký khai sinh", MucPhi: 8000, MoTa: null }],
    });
    const report = await pullCatalog(handle.db, { source, now });
    expect(report.changed).toEqual(["1.001193"]);
    const procedure = await handle.db
      .selectFrom("procedures")
      .select(["id", "name"])
      .where("code", "=", "1.001193")
      .executeTakeFirstOrThrow();
    expect(procedure.name).toBe("Đăng ký khai sinh (sửa đổi)");
    const changes = await listCatalogChanges(handle.db, { all: true }, { now, pullId: report.pullId });
    expect(changes).toHaveLength(1);
    expect(changes[0]!.kind).toBe("changed");
    expect(changes[0]!.fields.map((field) => field.field)).toEqual(["name", "fees"]);
    expect(changes[0]!.fields[0]).toEqual({
      field: "name",
      before: "Thủ tục đăng ký khai sinh",
      after: "Đăng ký khai sinh (sửa đổi)",
    });
    const offeringAgencies = await handle.db
      .selectFrom("procedure_offerings")
      .select("agency_id")
      .distinct()
      .where("procedure_id", "=", procedure.id)
      .execute();
    expect(changes[0]!.duties).toHaveLength(offeringAgencies.length);
    // R-CAT-1: 5 working days on the province's calendar: Wednesday 25 Nov 09:00 → Wednesday 2 Dec 09:00 (40 h).
    for (const duty of changes[0]!.duties) {
      expect(duty.dueAt).toBe(new Date("2026-12-02T09:00:00+07:00").toISOString());
      expect(duty.remainingWorkingHours).toBe(40);
    }

    // An agency administrator sees the change with the duties of their agency only, and closes theirs once.
    const agencyId = changes[0]!.duties[0]!.agency!.id;
    const scoped = await listCatalogChanges(
      handle.db,
      { all: false, agencyIds: [agencyId] },
      { now, open: true },
    );
    expect(scoped.map((change) => change.procedureCode)).toContain("1.001193");
    const mine = scoped.find((change) => change.id === changes[0]!.id)!;
    expect(mine.duties.map((duty) => duty.agency?.id)).toEqual([agencyId]);
    const admin = (await demoUserIds(handle.db))["quantri.trungtam"]!;
    const actor = { userId: admin, username: "quantri.trungtam", kind: "officer", grants: [] } as never;
    await expect(
      closeCatalogDuty(handle.db, {
        actor,
        scope: { all: false, agencyIds: ["00000000-0000-0000-0000-000000000001"] },
        dutyId: mine.duties[0]!.id,
        now,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await closeCatalogDuty(handle.db, {
      actor,
      scope: { all: false, agencyIds: [agencyId] },
      dutyId: mine.duties[0]!.id,
      note: "Đã cập nhật lệ phí trên quy trình",
      now,
    });
    await expect(
      closeCatalogDuty(handle.db, { actor, scope: { all: true }, dutyId: mine.duties[0]!.id, now }),
    ).rejects.toMatchObject({ code: "DUTY_ALREADY_CLOSED" });
    const after = await listCatalogChanges(
      handle.db,
      { all: false, agencyIds: [agencyId] },
      { now, open: true },
    );
    expect(after.find((change) => change.id === changes[0]!.id)).toBeUndefined();
  });

  it("a withdrawn procedure is flagged, not deleted, takes no new dossier, and is restored when served again", async () => {
    expect((await control("/control/catalog/procedures/1.001193", "DELETE")).status).toBe(200);
    const report = await pullCatalog(handle.db, { source, now });
    expect(report.withdrawn).toEqual(["1.001193"]);
    const row = await handle.db
      .selectFrom("procedures")
      .select(["withdrawn_at"])
      .where("code", "=", "1.001193")
      .executeTakeFirstOrThrow();
    expect(row.withdrawn_at?.toISOString()).toBe(now.toISOString());
    const citizen = (await demoUserIds(handle.db))["congdan.demo"]!;
    await expect(
      createDossier(handle.db, {
        procedureCode: "1.001193",
        agencyCode: "000.20.01.H99",
        channel: "counter",
        applicant: { kind: "person", name: "Nguyễn Văn An" },
        formData: {},
        files: [],
        ownerUserId: null,
        uploaderUserId: citizen,
        actor: { role: "counterOfficer", id: citizen },
        author: { userId: citizen, role: "counter_officer" },
        now,
        limits,
      }),
    ).rejects.toMatchObject({ code: "PROCEDURE_WITHDRAWN" });

    await control("/control/catalog/reset", "POST");
    now = new Date(now.getTime() + 3_600_000);
    const back = await pullCatalog(handle.db, { source, now });
    expect(back.restored).toEqual(["1.001193"]);
    expect(back.changed).not.toContain("1.001193");
  });

  it("a new procedure is added with the province's duty (no agency offers it yet)", async () => {
    const [demo] = await servedRows();
    await control("/control/catalog/procedures/2.000999", "POST", {
      ...demo,
      TenTTHC: "Thủ tục mới ban hành",
    });
    const report = await pullCatalog(handle.db, { source, now });
    expect(report.added).toEqual(["2.000999"]);
    const [change] = await listCatalogChanges(handle.db, { all: true }, { now, pullId: report.pullId });
    expect(change!.duties.map((duty) => duty.agency)).toEqual([null]);
    // Outside the system administrator's view.
    const scoped = await listCatalogChanges(
      handle.db,
      { all: false, agencyIds: [] },
      { now, pullId: report.pullId },
    );
    expect(scoped).toEqual([]);
  });

  it("under faults (500, timeout, bad token) the pull fails, is recorded, and changes nothing", async () => {
    await control("/control/catalog/procedures/1.001193", "DELETE");
    await control("/control/faults", "POST", { mode: "error", count: 1 });
    const error = await pullCatalog(handle.db, { source, now });
    expect(error).toMatchObject({ outcome: "failed", withdrawn: [] });
    expect(error.error).toContain("HTTP 500");
    await control("/control/faults", "POST", { mode: "timeout", count: 1 });
    const timeout = await pullCatalog(handle.db, { source: { ...source, timeoutMs: 300 }, now });
    expect(timeout.error).toContain("300 ms");
    const unauthorised = await pullCatalog(handle.db, { source: { ...source, token: "sai" }, now });
    expect(unauthorised.error).toContain("HTTP 401");
    const procedure = await handle.db
      .selectFrom("procedures")
      .select("withdrawn_at")
      .where("code", "=", "1.001193")
      .executeTakeFirstOrThrow();
    expect(procedure.withdrawn_at).toBeNull();
    // Slow but within the timeout: the pull goes through.
    await control("/control/faults", "POST", { mode: "slow", count: 1, delayMs: 200 });
    // (The procedure added by the previous test is no longer served either: withdrawn too.)
    expect((await pullCatalog(handle.db, { source, now })).withdrawn).toContain("1.001193");
  });

  it("an answer without one valid procedure changes nothing; invalid rows are reported, never withdrawn", async () => {
    const empty = await pullCatalog(handle.db, { source, now, rows: [] });
    expect(empty.outcome).toBe("failed");
    const rows = await servedRows();
    const broken = rows.map((row) => (row.MaTTHC === "1.001193" ? { ...row, TenTTHC: "" } : row));
    const report = await pullCatalog(handle.db, { source, now, rows: broken });
    expect(report.outcome).toBe("succeeded");
    expect(report.rejected.map((row) => row.code)).toEqual(["1.001193"]);
    expect(report.withdrawn).not.toContain("1.001193");
  });

  it("the scheduled pull runs when due only; import-procedures still works beside it", async () => {
    const first = await pullCatalogIfDue(handle.db, { source, now, intervalHours: 24 });
    expect(first?.outcome).toBe("succeeded");
    const soon = await pullCatalogIfDue(handle.db, {
      source,
      now: new Date(now.getTime() + 3_600_000),
      intervalHours: 24,
    });
    expect(soon).toBeUndefined();
    const later = await pullCatalogIfDue(handle.db, {
      source,
      now: new Date(now.getTime() + 25 * 3_600_000),
      intervalHours: 24,
    });
    expect(later?.outcome).toBe("succeeded");
    const rows = await servedRows();
    const imported = await importProcedures(handle.db, rows.slice(0, 2));
    expect(imported.rejected).toEqual([]);
    expect(imported.updated).toHaveLength(2);
  });
});
