import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "../../src/db/connection.ts";
import { runCli } from "../support/runCli.ts";

const goodRow = (code: string, name: string) => ({
  MaTTHC: code,
  TenTTHC: name,
  MaLinhVuc: "TEST.LV",
  TenLinhVuc: "Lĩnh vực thử nghiệm",
  MaNganh: "TEST",
  TenNganh: "Ngành thử nghiệm",
  CapThucHien: ["Cấp Xã"],
  ThoiHanGiaiQuyet: [{ ThoiGian: 3, DonVi: "Ngày làm việc", MoTa: "03 ngày làm việc" }],
  MucDo: "Một phần",
});

// Each test starts the real CLI in a child process (several seconds each on a busy two-core machine).
describe("onestop import-procedures FILE (issue #2 §6)", { timeout: 120_000 }, () => {
  let folder: string;
  let dataDir: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "onestop-import-"));
    dataDir = join(folder, "db");
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  async function procedureCount(): Promise<number> {
    const handle = await connectDatabase({ pgliteDataDir: dataDir });
    try {
      const row = await handle.db
        .selectFrom("procedures")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    } finally {
      await handle.close();
    }
  }

  it("imports the good rows, lists the rejected ones with reasons, and exits 3", async () => {
    const file = join(folder, "mixed.json");
    writeFileSync(
      file,
      JSON.stringify({
        data: [
          goodRow("9.000001", "Thủ tục thử nghiệm một"),
          { MaTTHC: "12345", TenTTHC: "" },
          goodRow("9.000002", "Hai"),
        ],
      }),
    );
    const result = runCli(["import-procedures", file], dataDir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(3);
    expect(result.stdout).toContain("Tạo mới: 2 (9.000001, 9.000002)");
    expect(result.stdout).toContain("Cập nhật: 0");
    expect(result.stdout).toContain("Bị từ chối: 1");
    expect(result.stdout).toMatch(/Dòng 2 \(12345\):/);
    expect(result.stdout).toContain("MaTTHC: Không đúng định dạng");
  });

  it("updates by national code on a second run and exits 0", () => {
    const file = join(folder, "update.json");
    writeFileSync(file, JSON.stringify([goodRow("9.000001", "Thủ tục thử nghiệm một (sửa đổi)")]));
    const result = runCli(["import-procedures", file], dataDir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Tạo mới: 0");
    expect(result.stdout).toContain("Cập nhật: 1 (9.000001)");
  });

  it("a malformed file changes nothing and exits 2 with a Vietnamese message", async () => {
    const before = await procedureCount();
    const notJson = join(folder, "broken.json");
    writeFileSync(notJson, '[{"MaTTHC": "9.000003",');
    const broken = runCli(["import-procedures", notJson], dataDir);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain("Tệp không phải JSON hợp lệ");

    const notList = join(folder, "object.json");
    writeFileSync(notList, JSON.stringify({ MaTTHC: "9.000003" }));
    const wrongShape = runCli(["import-procedures", notList], dataDir);
    expect(wrongShape.status).toBe(2);
    expect(wrongShape.stderr).toContain("Tệp phải chứa một danh sách thủ tục");

    const missing = runCli(["import-procedures", join(folder, "khong-co.json")], dataDir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Không đọc được tệp");

    expect(await procedureCount()).toBe(before);
  });
});
