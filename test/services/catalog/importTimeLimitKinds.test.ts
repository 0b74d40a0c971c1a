import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { importProcedures } from "../../../src/services/catalog/importProcedures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/** Issue #12 §3: same-day and immediate procedures through `onestop import-procedures` and the demo data (R-CAL-6). */
let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase({ seeded: true });
});
afterAll(async () => {
  await database?.close();
});

const row = (code: string, time: Record<string, unknown>) => ({
  MaTTHC: code,
  TenTTHC: `Thủ tục thử thời hạn ${code}`,
  MaLinhVuc: "TP.CT",
  ThoiHanGiaiQuyet: [time],
  MucDo: "Không",
});

async function stored(code: string) {
  return database.db
    .selectFrom("procedures")
    .select(["time_limit_amount", "time_limit_unit", "time_limit_kind", "time_limit_text"])
    .where("code", "=", code)
    .executeTakeFirstOrThrow();
}

describe("import-procedures: time-limit kinds (R-CAL-6, R-RECV-4)", () => {
  it("stores a same-day and an immediate procedure with the nominal working day, and the text as published", async () => {
    const report = await importProcedures(database.db, [
      row("9.300001", {
        ThoiGian: 0,
        DonVi: "Trong ngày",
        MoTa: "Trong ngày; sau 15 giờ thì ngày làm việc tiếp theo",
      }),
      row("9.300002", { ThoiGian: 0, DonVi: "Ngay khi nhận đủ hồ sơ", MoTa: null }),
    ]);
    expect(report.rejected).toEqual([]);
    expect(await stored("9.300001")).toMatchObject({
      time_limit_unit: "wd",
      time_limit_kind: "same_day",
      time_limit_text: "Trong ngày; sau 15 giờ thì ngày làm việc tiếp theo",
    });
    expect(Number((await stored("9.300001")).time_limit_amount)).toBe(1);
    expect(await stored("9.300002")).toMatchObject({ time_limit_unit: "wd", time_limit_kind: "immediate" });
  });

  it("a re-import as a plain duration clears the kind", async () => {
    await importProcedures(database.db, [
      row("9.300002", { ThoiGian: 2, DonVi: "Ngày làm việc", MoTa: null }),
    ]);
    expect(await stored("9.300002")).toMatchObject({ time_limit_unit: "wd", time_limit_kind: null });
  });

  it("the demo's certification procedures are same-day; birth registration keeps its published working day", async () => {
    for (const code of ["2.000815", "2.000884", "2.000942"])
      expect((await stored(code)).time_limit_kind).toBe("same_day");
    expect((await stored("1.001193")).time_limit_kind).toBeNull();
  });
});
