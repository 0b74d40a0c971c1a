import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { findProcedure } from "../../../src/services/catalog/findProcedure.ts";
import {
  ImportFileError,
  importProcedures,
  parseImportFile,
} from "../../../src/services/catalog/importProcedures.ts";
import { searchProcedures } from "../../../src/services/catalog/searchProcedures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase({ seeded: true });
});
afterAll(async () => {
  await database?.close();
});

/** A complete, valid row of a national export (CSDL quốc gia về TTHC), in the known field Hộ tịch. */
function nationalRow(code: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    MaTTHC: code,
    TenTTHC: `Thủ tục thử nghiệm ${code}`,
    MaLinhVuc: "TP.HT",
    CapThucHien: ["Cấp Xã"],
    CoQuanThucHien: "Ủy ban nhân dân cấp xã",
    ThoiHanGiaiQuyet: [{ ThoiGian: 5, DonVi: "Ngày làm việc", MoTa: null }],
    PhiLePhi: [
      { MaPhiLePhi: "PLP01", TenPhiLePhi: "Lệ phí", MucPhi: 10000, MoTa: "" },
      { MaPhiLePhi: "PLP02", TenPhiLePhi: "Phí sao y", MucPhi: 2000.4, MoTa: null },
    ],
    ThanhPhanHoSo: [
      { MaGiayTo: "GT01", TenGiayTo: "Tờ khai", SoBanChinh: 1, SoBanSao: 0, BatBuoc: true, MauDon: "Mẫu 01" },
      { MaGiayTo: "GT02", TenGiayTo: "Giấy tờ tùy thân", SoBanChinh: 0, SoBanSao: 1 },
      { TenGiayTo: "Giấy ủy quyền (nếu có)", BatBuoc: false },
    ],
    TrinhTuThucHien: ["Bước 1: Nộp hồ sơ.", "Bước 2: Trả kết quả."],
    CachThucThucHien: [
      { Kenh: "Trực tiếp", MoTa: "Tại Trung tâm Phục vụ hành chính công" },
      { Kenh: "Trực tuyến", MoTa: "Trên Cổng Dịch vụ công quốc gia" },
    ],
    DoiTuongThucHien: ["Công dân Việt Nam"],
    KetQuaThucHien: "Giấy xác nhận",
    YeuCauDieuKien: "",
    CanCuPhapLy: [{ SoKyHieu: "60/2014/QH13", TrichYeu: "Luật Hộ tịch", NgayBanHanh: "2014-11-20" }],
    MucDo: "Toàn trình",
    ...overrides,
  };
}

const countedTables = ["procedures", "procedure_components", "procedure_fees", "sectors", "fields"] as const;

async function countRows(): Promise<Record<(typeof countedTables)[number], number>> {
  const counts = { procedures: 0, procedure_components: 0, procedure_fees: 0, sectors: 0, fields: 0 };
  for (const table of countedTables) {
    const { rows } = await sql<{
      count: number;
    }>`select count(*)::int as count from ${sql.table(table)}`.execute(database.db);
    counts[table] = Number(rows[0]?.count);
  }
  return counts;
}

describe("importProcedures — upsert by national code (R-CODE-4, R-SYNC-6)", () => {
  it("creates new procedures, then updates them on re-import; the new name is what findProcedure shows", async () => {
    const first = await importProcedures(database.db, [nationalRow("9.100001"), nationalRow("9.100002")]);
    expect(first).toEqual({ created: ["9.100001", "9.100002"], updated: [], rejected: [] });
    const created = await findProcedure(database.db, "9.100001");
    expect(created?.name).toBe("Thủ tục thử nghiệm 9.100001");

    const second = await importProcedures(database.db, [
      nationalRow("9.100001", { TenTTHC: "  Thủ tục đã đổi tên  " }),
      nationalRow("9.100003"),
    ]);
    expect(second).toEqual({ created: ["9.100003"], updated: ["9.100001"], rejected: [] });
    const updated = await findProcedure(database.db, "9.100001");
    expect(updated?.name).toBe("Thủ tục đã đổi tên");
    expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(created!.updatedAt.getTime());
    // The untouched one keeps its name; nothing was duplicated.
    expect((await findProcedure(database.db, "9.100002"))?.name).toBe("Thủ tục thử nghiệm 9.100002");
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from procedures where code = '9.100001'`.execute(database.db);
    expect(Number(rows[0]?.count)).toBe(1);
  });

  it("re-indexes the search text on update: the new name is found without diacritics, the old one is not", async () => {
    await importProcedures(database.db, [nationalRow("9.100010", { TenTTHC: "Cấp phép khai thác cát sỏi" })]);
    await importProcedures(database.db, [nationalRow("9.100010", { TenTTHC: "Thẩm định đề án nuôi ong" })]);
    const found = await searchProcedures(database.db, {
      q: "tham dinh de an nuoi ong",
      page: 1,
      pageSize: 5,
    });
    expect(found.items[0]?.code).toBe("9.100010");
    const old = await searchProcedures(database.db, { q: "khai thac cat soi", page: 1, pageSize: 50 });
    expect(old.items.map((item) => item.code)).not.toContain("9.100010");
  });

  it("stores every R-CAT-1 field of the row: components with quantities, fees, steps, methods, legal basis", async () => {
    await importProcedures(database.db, [nationalRow("9.100020")]);
    const procedure = await findProcedure(database.db, "9.100020");
    expect(procedure).toMatchObject({
      code: "9.100020",
      field: { code: "TP.HT", name: "Hộ tịch" },
      sector: { code: "TP", name: "Tư pháp" },
      levels: ["commune"],
      decidingAgency: "Ủy ban nhân dân cấp xã",
      steps: ["Bước 1: Nộp hồ sơ.", "Bước 2: Trả kết quả."],
      methods: [
        { channel: "counter", description: "Tại Trung tâm Phục vụ hành chính công" },
        { channel: "online", description: "Trên Cổng Dịch vụ công quốc gia" },
      ],
      receptionChannels: ["counter", "online"],
      timeLimit: { amount: 5, unit: "wd" },
      timeLimitText: "5 ngày làm việc",
      subjects: ["Công dân Việt Nam"],
      subjectKinds: ["citizen"],
      result: "Giấy xác nhận",
      conditions: "",
      legalBasis: [{ number: "60/2014/QH13", title: "Luật Hộ tịch", issuedOn: "2014-11-20" }],
      onlineLevel: "full",
      offerings: [],
    });
    expect(procedure?.components).toEqual([
      {
        position: 0,
        code: "GT01",
        name: "Tờ khai",
        originalCount: 1,
        copyCount: 0,
        required: true,
        formTemplate: "Mẫu 01",
      },
      {
        position: 1,
        code: "GT02",
        name: "Giấy tờ tùy thân",
        originalCount: 0,
        copyCount: 1,
        required: true,
        formTemplate: null,
      },
      {
        position: 2,
        code: null,
        name: "Giấy ủy quyền (nếu có)",
        originalCount: 0,
        copyCount: 0,
        required: false,
        formTemplate: null,
      },
    ]);
    expect(procedure?.fees).toEqual([
      { code: "PLP01", name: "Lệ phí", amountVnd: 10000, description: "" },
      { code: "PLP02", name: "Phí sao y", amountVnd: 2000, description: "" },
    ]);
  });

  it("replaces components and fees on update: fewer components after update → the extra ones are removed", async () => {
    await importProcedures(database.db, [nationalRow("9.100030")]);
    const report = await importProcedures(database.db, [
      nationalRow("9.100030", {
        ThanhPhanHoSo: [{ TenGiayTo: "Đơn đề nghị (mẫu mới)", SoBanChinh: 2, SoBanSao: 1, BatBuoc: true }],
        PhiLePhi: [],
      }),
    ]);
    expect(report.updated).toEqual(["9.100030"]);
    const procedure = await findProcedure(database.db, "9.100030");
    expect(procedure?.components).toEqual([
      {
        position: 0,
        code: null,
        name: "Đơn đề nghị (mẫu mới)",
        originalCount: 2,
        copyCount: 1,
        required: true,
        formTemplate: null,
      },
    ]);
    expect(procedure?.fees).toEqual([]);
    const { rows } = await sql<{ components: number; fees: number }>`
      select (select count(*)::int from procedure_components c where c.procedure_id = p.id) as components,
             (select count(*)::int from procedure_fees f where f.procedure_id = p.id) as fees
      from procedures p where p.code = '9.100030'`.execute(database.db);
    expect(rows[0]).toEqual({ components: 1, fees: 0 });
  });

  it("creates a new sector and field from MaNganh/TenNganh/MaLinhVuc/TenLinhVuc (R-CODE-5)", async () => {
    const report = await importProcedures(database.db, [
      nationalRow("9.100040", {
        MaLinhVuc: "QP.NVQS",
        TenLinhVuc: "Nghĩa vụ quân sự",
        MaNganh: "QP",
        TenNganh: "Quốc phòng",
      }),
      // The same new field again in the same file: it must not be created twice.
      nationalRow("9.100041", { MaLinhVuc: "QP.NVQS", TenLinhVuc: "Nghĩa vụ quân sự", MaNganh: "QP" }),
    ]);
    expect(report).toEqual({ created: ["9.100040", "9.100041"], updated: [], rejected: [] });
    const procedure = await findProcedure(database.db, "9.100040");
    expect(procedure?.sector).toEqual({ code: "QP", name: "Quốc phòng" });
    expect(procedure?.field).toEqual({ code: "QP.NVQS", name: "Nghĩa vụ quân sự" });
    const fields = await database.db
      .selectFrom("fields")
      .select("code")
      .where("code", "=", "QP.NVQS")
      .execute();
    expect(fields).toHaveLength(1);
    // The new names are searchable without diacritics.
    const found = await searchProcedures(database.db, { q: "nghia vu quan su", page: 1, pageSize: 10 });
    expect(found.items.map((item) => item.code).sort()).toEqual(["9.100040", "9.100041"]);
  });

  it("creates a new field under an existing sector given MaNganh alone", async () => {
    const report = await importProcedures(database.db, [
      nationalRow("9.100050", { MaLinhVuc: "TP.QT", TenLinhVuc: "Quốc tịch", MaNganh: "TP" }),
    ]);
    expect(report.created).toEqual(["9.100050"]);
    expect((await findProcedure(database.db, "9.100050"))?.sector).toEqual({ code: "TP", name: "Tư pháp" });
  });

  it("maps legacy numeric online levels: MucDo 4 → full, 3 → partial, 2 → none (R-CAT-2, R-FEE-5)", async () => {
    await importProcedures(database.db, [
      nationalRow("9.100061", { MucDo: 4 }),
      nationalRow("9.100062", { MucDo: 3 }),
      nationalRow("9.100063", { MucDo: 2 }),
      nationalRow("9.100064", { MucDo: "Một phần" }),
    ]);
    const levels = await Promise.all(
      ["9.100061", "9.100062", "9.100063", "9.100064"].map(
        async (code) => (await findProcedure(database.db, code))?.onlineLevel,
      ),
    );
    expect(levels).toEqual(["full", "partial", "none", "partial"]);
  });
});

describe("importProcedures — rejected rows: bad rows never stop good ones", () => {
  it("lists each rejected row with its number, code and reasons, and imports the good rows of the same file", async () => {
    const rows: unknown[] = [
      nationalRow("9.200001"),
      nationalRow("9.2", {}),
      (() => {
        const { TenTTHC: _name, ...rest } = nationalRow("9.200003");
        return rest;
      })(),
      nationalRow("9.200004", { ThoiHanGiaiQuyet: [{ ThoiGian: 2, DonVi: "Tuần", MoTa: null }] }),
      nationalRow("9.200005", { CachThucThucHien: [{ Kenh: "Fax", MoTa: null }] }),
      nationalRow("9.200006", { MaLinhVuc: "ZZ.MOI" }),
      nationalRow("9.200001", { TenTTHC: "Bản trùng mã" }),
      nationalRow("9.200008"),
      "không phải một đối tượng",
    ];
    const before = await countRows();
    const report = await importProcedures(database.db, rows);

    expect(report.created).toEqual(["9.200001", "9.200008"]);
    expect(report.updated).toEqual([]);
    expect(report.rejected.map((r) => [r.row, r.code])).toEqual([
      [2, "9.2"],
      [3, "9.200003"],
      [4, "9.200004"],
      [5, "9.200005"],
      [6, "9.200006"],
      [7, "9.200001"],
      [9, null],
    ]);
    const reasonsOf = (row: number) => report.rejected.find((r) => r.row === row)!.reasons;
    expect(
      reasonsOf(2)
        .map((r) => r.vi)
        .join(" "),
    ).toMatch(/^MaTTHC: Không đúng định dạng/);
    expect(reasonsOf(3).map((r) => r.vi)).toEqual(["TenTTHC: Thiếu trường bắt buộc"]);
    expect(reasonsOf(3).map((r) => r.en)).toEqual(["TenTTHC: This field is required"]);
    expect(reasonsOf(4)[0]?.vi).toContain('"Tuần"');
    expect(reasonsOf(5)[0]?.vi).toContain('"Fax"');
    expect(reasonsOf(6)[0]?.vi).toContain("ZZ.MOI");
    expect(reasonsOf(7)[0]?.vi).toBe("Mã thủ tục 9.200001 lặp lại trong tệp");
    expect(reasonsOf(9).length).toBeGreaterThan(0);
    for (const rejected of report.rejected) {
      for (const reason of rejected.reasons) {
        expect(reason.vi.length).toBeGreaterThan(0);
        expect(reason.en.length).toBeGreaterThan(0);
        expect(reason.en).not.toBe(reason.vi);
      }
    }

    // The good rows are in; the duplicate did not overwrite the first; no bad row left a trace.
    expect((await findProcedure(database.db, "9.200001"))?.name).toBe("Thủ tục thử nghiệm 9.200001");
    expect(await findProcedure(database.db, "9.200008")).toBeDefined();
    for (const code of ["9.200003", "9.200004", "9.200005", "9.200006"])
      expect(await findProcedure(database.db, code)).toBeUndefined();
    const after = await countRows();
    expect(after.procedures).toBe(before.procedures + 2);
    expect(after.fields).toBe(before.fields);
    expect(after.sectors).toBe(before.sectors);
  });

  it("gathers every reason of one row at once", async () => {
    const report = await importProcedures(database.db, [
      nationalRow("9.200101", {
        ThoiHanGiaiQuyet: [{ ThoiGian: 1, DonVi: "Tháng", MoTa: null }],
        CachThucThucHien: [{ Kenh: "Bồ câu đưa thư", MoTa: null }],
        MucDo: "Mức độ 9",
        CanCuPhapLy: [{ SoKyHieu: "1/2020/NĐ-CP", NgayBanHanh: "01/02/2020" }],
      }),
    ]);
    expect(report.created).toEqual([]);
    expect(report.rejected[0]?.reasons).toHaveLength(4);
  });

  it("rejects a row whose schema is broken in several fields with one reason per field", async () => {
    const report = await importProcedures(database.db, [
      nationalRow("9.200201", { TenTTHC: "", PhiLePhi: [{ TenPhiLePhi: "Lệ phí", MucPhi: -1 }] }),
    ]);
    const reasons = report.rejected[0]!.reasons.map((r) => r.vi);
    expect(reasons).toEqual(
      expect.arrayContaining(["TenTTHC: Không được để trống", "PhiLePhi.0.MucPhi: Phải lớn hơn hoặc bằng 0"]),
    );
  });

  it("an empty list changes nothing and reports nothing", async () => {
    const before = await countRows();
    expect(await importProcedures(database.db, [])).toEqual({ created: [], updated: [], rejected: [] });
    expect(await countRows()).toEqual(before);
  });

  it("a database failure while writing changes nothing: the good rows before it are rolled back", async () => {
    const before = await countRows();
    // Passes every check but overflows the bigint column: the write fails after 9.200301 was written.
    const rows = [
      nationalRow("9.200301"),
      nationalRow("9.200302", { PhiLePhi: [{ TenPhiLePhi: "Phí", MucPhi: 1e20 }] }),
    ];
    await expect(importProcedures(database.db, rows)).rejects.toThrow();
    expect(await countRows()).toEqual(before);
    expect(await findProcedure(database.db, "9.200301")).toBeUndefined();
  });
});

describe("parseImportFile — a malformed file changes nothing", () => {
  it("reads a JSON array, or an object wrapping one in data, items or result", () => {
    const row = nationalRow("9.300001");
    expect(parseImportFile(JSON.stringify([row]))).toEqual([row]);
    for (const key of ["data", "items", "result"])
      expect(parseImportFile(JSON.stringify({ [key]: [row] }))).toEqual([row]);
    expect(parseImportFile("[]")).toEqual([]);
  });

  for (const [title, content] of [
    ["not JSON", "MaTTHC;TenTTHC\n1.001193;Đăng ký khai sinh"],
    ["truncated JSON", '[{"MaTTHC": "1.001193"'],
    ["a JSON object without an array", '{"data": {"MaTTHC": "1.001193"}}'],
    ["a JSON string", '"1.001193"'],
    ["JSON null", "null"],
  ] as const) {
    it(`${title} → ImportFileError in Vietnamese and English, and the database is unchanged`, async () => {
      const before = await countRows();
      let caught: unknown;
      try {
        await importProcedures(database.db, parseImportFile(content));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ImportFileError);
      const error = caught as ImportFileError;
      expect(error.text.vi).toMatch(/^Tệp /);
      expect(error.text.en).toMatch(/^The file /);
      expect(error.message).toBe(error.text.vi);
      expect(await countRows()).toEqual(before);
    });
  }
});
