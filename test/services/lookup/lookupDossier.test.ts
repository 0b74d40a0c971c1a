import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { receiveNationalDossier } from "../../../src/services/integration/receiveNationalDossier.ts";
import { lookupDossier, lookupUrlOf } from "../../../src/services/lookup/lookupDossier.ts";
import { isLookupToken, lookupTokenFor } from "../../../src/services/lookup/lookupToken.ts";
import { limits } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

const options = { publicUrl: "https://dichvucong.demo.gov.vn/", maskNames: false };

describe("lookupDossier (R-LOOK-1, R-LOOK-2, R-CODE-6)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
  });
  afterAll(async () => handle.close());

  it("the QR URL is the portal's /tra-cuu/ page with the code encoded, and the slip's token when given", () => {
    expect(lookupUrlOf("https://dichvucong.demo.gov.vn/", "000.20.01.H99-261123-0001")).toBe(
      "https://dichvucong.demo.gov.vn/tra-cuu/000.20.01.H99-261123-0001",
    );
    expect(lookupUrlOf("http://x/", "A-1", "tok_-en")).toBe("http://x/tra-cuu/A-1?t=tok_-en");
    expect(lookupUrlOf("http://x", "a b/c")).toBe("http://x/tra-cuu/a%20b%2Fc");
  });

  it("finds a national-portal dossier by its national code (R-CODE-2) as well as by ours", async () => {
    // Components stay on the national portal (see receiveNationalDossier): made optional for this procedure here.
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
    const { record } = await receiveNationalDossier(handle.db, {
      payload: {
        MaHoSo: "G22.100.01-261123-010009",
        MaTTHC: "1.001193",
        MaCoQuan: "000.20.01.H99",
        ChuHoSo: "Đặng Thị Thu",
        NgayNopHoSo: "20261123090000",
      },
      now: new Date("2026-11-23T09:05:00+07:00"),
      limits,
    });
    const byNational = await lookupDossier(handle.db, "G22.100.01-261123-010009", options);
    const byOurs = await lookupDossier(handle.db, record.row.code, options);
    expect(byNational).toEqual(byOurs);
    expect(byNational).toEqual({
      code: record.row.code,
      lookupUrl: `https://dichvucong.demo.gov.vn/tra-cuu/${record.row.code}`,
      status: { code: 1, name: "Mới đăng ký" },
      receivingAgency: "Ủy ban nhân dân phường Trung Tâm",
      assistedAgency: "Ủy ban nhân dân phường Trung Tâm",
      decidingAgency: "Ủy ban nhân dân phường Trung Tâm",
      departments: ["Ủy ban nhân dân phường Trung Tâm"],
      currentDepartment: null,
      steps: [],
      applicantName: "Đặng Thị Thu",
      applicantNameMasked: false,
      submittedAt: new Date("2026-11-23T09:00:00+07:00").toISOString(),
    });
    // In any case, with spaces around (issue #12 §1).
    expect(await lookupDossier(handle.db, " g22.100.01-261123-010009 ", options)).toEqual(byOurs);
    expect(await lookupDossier(handle.db, `\u00a0${record.row.code.toLowerCase()}\u200b`, options)).toEqual(
      byOurs,
    );
    expect(await lookupDossier(handle.db, "G22.100.01-261123-010008", options)).toBeUndefined();
  });

  it("the lookup token is the dossier's own: stable, 22 characters, refused for another code (issue #20)", async () => {
    const token = await lookupTokenFor(handle.db, "A-1");
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await lookupTokenFor(handle.db, "A-1")).toBe(token);
    expect(await isLookupToken(handle.db, "A-1", token)).toBe(true);
    expect(await isLookupToken(handle.db, "A-2", token)).toBe(false);
    expect(await isLookupToken(handle.db, "A-1", "")).toBe(false);
    expect(await isLookupToken(handle.db, "A-1", `${token}x`)).toBe(false);
  });
});
