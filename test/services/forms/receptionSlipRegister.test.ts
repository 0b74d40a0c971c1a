import { getDocument, OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { renderDossierForm } from "../../../src/services/forms/renderDossierForm.ts";
import { setProvinceImage } from "../../../src/services/provinceIdentity/provinceImages.ts";
import { findRegisterEntry } from "../../../src/services/register/enterInRegister.ts";
import { temporaryStorage } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import {
  at,
  type CounterWorld,
  counterWorld,
  intakeBirthRegistration,
} from "../dossiers/counter/counterFixtures.ts";
import { actorNamed } from "../dossiers/processing/processingFixtures.ts";
import { tinyPng } from "../provinceIdentity/images.ts";
import { pdfText } from "./pdfReading.ts";

// Two shared cores under several engineers' suites: a reception and a PDF may take a while.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

/**
 * The reception slip as printed (R-FORM-1, R-RECV-4): the register's book and number (R-FORM-6), the heading laid out
 * as Nghị định 30/2020/NĐ-CP has it (governing body above the issuing body, in capitals), the province's logo.
 */
const storage = temporaryStorage();
let handle: DatabaseHandle;
let world: CounterWorld;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  world = await counterWorld(handle.db);
});

afterAll(async () => {
  await handle?.close();
});

const intake = (now: Date) =>
  intakeBirthRegistration(handle.db, world.officer, now, { procedureCode: "2.000635", formData: {} });

const slipOf = async (dossierId: string) =>
  (
    await renderDossierForm(handle.db, storage, {
      actor: world.officer,
      dossierId,
      form: "reception-slip",
      publicUrl: "http://127.0.0.1:3000",
      now: at("2026-11-27T10:00"),
    })
  ).content;

/** How many raster images the pages paint (QR code, a PNG logo). */
async function imageCount(bytes: Uint8Array): Promise<number> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  let count = 0;
  for (let n = 1; n <= pdf.numPages; n++) {
    const ops = await (await pdf.getPage(n)).getOperatorList();
    count += ops.fnArray.filter((fn) => fn === OPS.paintImageXObject).length;
  }
  await pdf.destroy();
  return count;
}

describe("the reception slip", () => {
  it("prints the register's number and book the reception entered, and the heading in capitals", async () => {
    const first = await intake(at("2026-11-23T09:00"));
    const second = await intake(at("2026-11-23T09:20"));
    expect(await findRegisterEntry(handle.db, second.row.id)).toEqual({ book: 1, number: 2, year: 2026 });
    const text = await pdfText(await slipOf(second.row.id));
    expect(text).toContain("Vào Sổ theo dõi hồ sơ: Số vào sổ: 0002, Quyển số: 01/2026");
    // The slip's own number is its register number, with the counter's suffix.
    expect(text).toContain("Số: 0002/TTPVHCC");
    // Governing body (the commune's committee) above the issuing counter, both in capitals; then the national motto.
    expect(text).toMatch(
      /ỦY BAN NHÂN DÂN PHƯỜNG TRUNG TÂM.*TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG TRUNG TÂM.*CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/,
    );
    expect(text).toContain("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
    expect(text).toContain(`Mã hồ sơ: ${second.row.code}`);
    expect(text).not.toContain("Quyển số …");
    const firstText = await pdfText(await slipOf(first.row.id));
    expect(firstText).toContain("Số vào sổ: 0001, Quyển số: 01/2026");
  });

  it("draws the province's logo on the heading: the default emblem as vector, an uploaded PNG as an image", async () => {
    const before = await intake(at("2026-11-24T09:00"));
    // The default logo is an SVG drawn as paths: the only raster image is the QR code.
    expect(await imageCount(await slipOf(before.row.id))).toBe(1);
    const admin = await actorNamed(handle.db, world.users, "quantri.hethong");
    await setProvinceImage(handle.db, storage, {
      actor: admin,
      kind: "logo",
      fileName: "logo.png",
      content: tinyPng(),
      now: at("2026-11-24T10:00"),
    });
    const after = await intake(at("2026-11-24T10:30"));
    expect(await imageCount(await slipOf(after.row.id))).toBe(2);
    expect(await pdfText(await slipOf(after.row.id))).toContain("Số vào sổ: 0004, Quyển số: 01/2026");
  });
});
