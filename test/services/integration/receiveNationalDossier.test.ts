import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Database } from "../../../src/db/schema.ts";
import { ValidationError } from "../../../src/services/errors.ts";
import {
  parseDvcqgDate,
  receiveNationalDossier,
} from "../../../src/services/integration/receiveNationalDossier.ts";
import { limits } from "../../support/dossierFixtures.ts";
import { statementLog } from "../../support/statementLog.ts";
import { holdTableLock, untilBlocked, within10s } from "../../support/tableLock.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/**
 * createDossier still requires an upload for each required component, and the files of a national-portal dossier stay
 * on the portal (only their references arrive). Until createDossier accepts components held there, these tests make
 * the birth registration's components optional so the rest of the path is exercised.
 */
async function componentsHeldOnNationalPortal(db: Kysely<Database>): Promise<void> {
  const procedure = await db
    .selectFrom("procedures")
    .select("id")
    .where("code", "=", "1.001193")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("procedure_components")
    .set({ required: false })
    .where("procedure_id", "=", procedure.id)
    .execute();
}

const nationalPayload = (overrides: Record<string, unknown> = {}) => ({
  MaHoSo: "G22.100.01-261123-010001",
  MaTTHC: "1.001193",
  MaCoQuan: "000.20.01.H99",
  ChuHoSo: "Lê Thị Cúc",
  SoGiayToChuHoSo: "099190007777",
  Email: "cuc.le@example.com",
  SoDienThoai: "0912000077",
  DiaChi: "Số 7 đường Demo, phường Trung Tâm",
  DuLieuBieuMau: { tenTre: "Lê Minh Châu" },
  NgayNopHoSo: "20261123090000",
  TaiLieuNop: [
    {
      TepDinhKemId: "f-1",
      TenTepDinhKem: "To khai.pdf",
      MaThanhPhanHoSo: "GT01",
      DuongDanTaiTepTin: "https://dichvucong.gov.vn/files/f-1",
    },
  ],
  ...overrides,
});

describe("receiveNationalDossier (R-LAW-4, R-CODE-2, R-SYNC-5)", () => {
  let handle: DatabaseHandle;
  const now = new Date("2026-11-23T09:05:00+07:00");
  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    await componentsHeldOnNationalPortal(handle.db);
  });
  afterAll(async () => handle.close());

  it("reads DVCQG dates (yyyyMMddHHmmss, +07:00) and refuses impossible ones", () => {
    expect(parseDvcqgDate("20261123090000")?.toISOString()).toBe("2026-11-23T02:00:00.000Z");
    expect(parseDvcqgDate("20260431090000")).toBeUndefined();
    expect(parseDvcqgDate("20261123250000")).toBeUndefined();
  });

  it("creates an online dossier without a local owner that keeps the national code, once", async () => {
    const first = await receiveNationalDossier(handle.db, { payload: nationalPayload(), now, limits });
    expect(first.created).toBe(true);
    const row = first.record.row;
    expect(row).toMatchObject({
      status: 1,
      channel: "online",
      from_national_portal: true,
      national_code: "G22.100.01-261123-010001",
      owner_user_id: null,
      applicant_name: "Lê Thị Cúc",
      applicant_id_number: "099190007777",
    });
    expect(row.code).toMatch(/^000\.20\.01\.H99-261123-\d{4}$/);
    // R-RECV-1: 8 working hours from the national portal's receipt (Monday 09:00 → Tuesday 09:00).
    expect(row.reception_due_at?.toISOString()).toBe(new Date("2026-11-24T09:00:00+07:00").toISOString());
    expect(row.form_data).toEqual({ tenTre: "Lê Minh Châu" });
    // Issue #13: the files are queued for the attachment job in the same transaction (chờ tải).
    const transfers = await handle.db
      .selectFrom("national_file_transfers")
      .select(["national_file_id", "url", "state", "purpose", "component_code"])
      .where("dossier_id", "=", row.id)
      .execute();
    expect(transfers).toEqual([
      {
        national_file_id: "f-1",
        url: "https://dichvucong.gov.vn/files/f-1",
        state: "pending",
        purpose: "component",
        component_code: "GT01",
      },
    ]);
    const events = await handle.db
      .selectFrom("dossier_events")
      .select(["type", "actor_role", "actor_user_id"])
      .where("dossier_id", "=", row.id)
      .execute();
    expect(events).toEqual([{ type: "submitted", actor_role: "system", actor_user_id: null }]);

    const again = await receiveNationalDossier(handle.db, { payload: nationalPayload(), now, limits });
    expect(again.created).toBe(false);
    expect(again.record.row.id).toBe(row.id);
    const counted = await handle.db
      .selectFrom("dossiers")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("national_code", "=", "G22.100.01-261123-010001")
      .execute();
    expect(Number(counted[0]!.count)).toBe(1);
  });

  it("R-CODE-1, issue #21: the agency's per-day counter is the last write, after the files are queued; codes stay consecutive and real", async () => {
    const files = (id: string) =>
      ["a", "b"].map((name) => ({
        TepDinhKemId: `${id}-${name}`,
        TenTepDinhKem: `${name}.pdf`,
        DuongDanTaiTepTin: `https://dichvucong.gov.vn/files/${id}-${name}`,
      }));
    const { db, statements } = statementLog(handle.db);
    const first = await receiveNationalDossier(db, {
      payload: nationalPayload({ MaHoSo: "000.00.00.H99-261123-0100", TaiLieuNop: files("c100") }),
      now,
      limits,
    });
    // The counter, then one statement writing the code into the dossier and its outbox message, then the commit:
    // the row is held for those two round trips, not while the files are queued.
    const counter = statements.findIndex((text) => text.includes('"dossier_code_counters"'));
    expect(counter, statements.join("\n")).toBe(statements.length - 2);
    expect(statements.at(-1)).toMatch(/update "dossiers" set "code"/);
    const transfers = statements.findIndex((text) => text.includes('insert into "national_file_transfers"'));
    expect(transfers).toBeGreaterThan(-1);
    expect(transfers).toBeLessThan(counter);

    // Several at once: consecutive numbers after the first, each dossier and its outbox message with its real code.
    const agencyId = first.record.row.agency_id;
    const received = await Promise.all(
      [101, 102, 103].map((number) =>
        receiveNationalDossier(handle.db, {
          payload: nationalPayload({
            MaHoSo: `000.00.00.H99-261123-0${number}`,
            TaiLieuNop: files(`c${number}`),
          }),
          now,
          limits,
        }),
      ),
    );
    const sequenceOf = (code: string) => Number(code.split("-").at(-1));
    const firstSequence = sequenceOf(first.record.row.code);
    expect(received.map((result) => sequenceOf(result.record.row.code)).sort((a, b) => a - b)).toEqual([
      firstSequence + 1,
      firstSequence + 2,
      firstSequence + 3,
    ]);
    const counterRow = await handle.db
      .selectFrom("dossier_code_counters")
      .select("last_sequence")
      .where("agency_id", "=", agencyId)
      .where("day", "=", "2026-11-23")
      .executeTakeFirstOrThrow();
    expect(counterRow.last_sequence).toBe(firstSequence + 3);
    for (const { record } of [first, ...received]) {
      const stored = await handle.db
        .selectFrom("dossiers")
        .leftJoin("outbox", "outbox.dossier_id", "dossiers.id")
        .select(["dossiers.code", "outbox.payload"])
        .where("dossiers.id", "=", record.row.id)
        .execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]!.code).toBe(record.row.code);
      expect((stored[0]!.payload as unknown as { code: string }).code).toBe(record.row.code);
      const queued = await handle.db
        .selectFrom("national_file_transfers")
        .select("dossier_id")
        .where("dossier_id", "=", record.row.id)
        .execute();
      expect(queued).toHaveLength(2);
    }
    expect(
      await handle.db.selectFrom("dossiers").select("id").where("code", "like", "~pending~%").execute(),
    ).toEqual([]);
  });

  it.skipIf(!inject("templateDatabaseUrl"))(
    "R-CODE-1, issue #21 (PostgreSQL): a delivery stuck queuing its files does not hold the agency's counter",
    async () => {
      const counterOf = async (agencyId: string) =>
        (
          await handle.db
            .selectFrom("dossier_code_counters")
            .select("last_sequence")
            .where("agency_id", "=", agencyId)
            .where("day", "=", "2026-11-23")
            .executeTakeFirst()
        )?.last_sequence ?? 0;
      // Another transaction keeps the file transfers from being written, so delivery A waits there…
      const holder = await holdTableLock(handle.db, "national_file_transfers");
      try {
        const withFiles = nationalPayload({ MaHoSo: "000.00.00.H99-261123-0200" });
        const a = receiveNationalDossier(handle.db, { payload: withFiles, now, limits });
        await untilBlocked(handle.db, 'insert into "national_file_transfers"', "delivery A");
        // …while delivery B, same agency and day, without files, takes its number and commits.
        const withoutFiles = nationalPayload({ MaHoSo: "000.00.00.H99-261123-0201", TaiLieuNop: [] });
        const b = await within10s(
          receiveNationalDossier(handle.db, { payload: withoutFiles, now, limits }),
          "delivery B queued behind A's counter",
        );
        const agencyId = b.record.row.agency_id;
        const afterB = await counterOf(agencyId);
        expect(b.record.row.code.endsWith(`-${String(afterB).padStart(4, "0")}`)).toBe(true);
        holder.release();
        const first = await a;
        // A takes the next number once it can write: consecutive, no gap (R-CODE-1).
        expect(first.record.row.code.endsWith(`-${String(afterB + 1).padStart(4, "0")}`)).toBe(true);
        expect(await counterOf(agencyId)).toBe(afterB + 1);
      } finally {
        holder.release();
        await holder.done;
      }
    },
  );

  it("two deliveries of the same MaHoSo at once make one dossier", async () => {
    const payload = nationalPayload({ MaHoSo: "000.00.00.H99-261123-0042" });
    const results = await Promise.all([
      receiveNationalDossier(handle.db, { payload, now, limits }),
      receiveNationalDossier(handle.db, { payload, now, limits }),
    ]);
    expect(results.map((result) => result.created).sort()).toEqual([false, true]);
    expect(results[0]!.record.row.id).toBe(results[1]!.record.row.id);
  });

  it("refuses a bad packet field by field and writes nothing", async () => {
    const before = await handle.db.selectFrom("dossiers").select("id").execute();
    const attempt = receiveNationalDossier(handle.db, {
      payload: nationalPayload({ MaHoSo: "khong-phai-ma", NgayNopHoSo: "20261131090000", Email: "x" }),
      now,
      limits,
    });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    const error = (await attempt.catch((caught) => caught)) as ValidationError;
    expect(error.fields.map((fieldError) => fieldError.field).sort()).toEqual(["Email"]);
    const second = (await receiveNationalDossier(handle.db, {
      payload: nationalPayload({ MaHoSo: "khong-phai-ma", NgayNopHoSo: "20261131090000" }),
      now,
      limits,
    }).catch((caught) => caught)) as ValidationError;
    expect(second.fields.map((fieldError) => fieldError.field).sort()).toEqual(["MaHoSo", "NgayNopHoSo"]);
    const future = (await receiveNationalDossier(handle.db, {
      payload: nationalPayload({ MaHoSo: "000.00.00.H99-261123-0043", NgayNopHoSo: "20261124090000" }),
      now,
      limits,
    }).catch((caught) => caught)) as ValidationError;
    expect(future.fields.map((fieldError) => fieldError.field)).toEqual(["NgayNopHoSo"]);
    expect(await handle.db.selectFrom("dossiers").select("id").execute()).toHaveLength(before.length);
  });
});
