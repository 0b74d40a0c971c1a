import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as fontkit from "fontkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Actor } from "../../../src/services/accounts/actor.ts";
import { assignDossier } from "../../../src/services/dossiers/processing/assignDossier.ts";
import { forwardDossier } from "../../../src/services/dossiers/processing/forwardDossier.ts";
import { availableForms } from "../../../src/services/forms/availableForms.ts";
import { FONT_FILES } from "../../../src/services/forms/pdf/fonts.ts";
import { formTime } from "../../../src/services/forms/pdf/formDocument.ts";
import { listDossierForms, renderDossierForm } from "../../../src/services/forms/renderDossierForm.ts";
import { lookupUrlOf } from "../../../src/services/lookup/lookupDossier.ts";
import { lookupTokenFor } from "../../../src/services/lookup/lookupToken.ts";
import { demoUserIds, submitBirthRegistration, temporaryStorage } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { actAs } from "../dossiers/counter/counterFixtures.ts";
import { actorNamed, at, dossierInProcessing } from "../dossiers/processing/processingFixtures.ts";
import { pdfInfo, pdfQrCodes, pdfText } from "./pdfReading.ts";

const PUBLIC_URL = "http://127.0.0.1:3000";
const storage = temporaryStorage();
let handle: DatabaseHandle;
let users: Record<string, string>;
let counter: Actor;
let head: Actor;
let specialist: Actor;
let otherOfficer: Actor;
let citizen: Actor;
let otherCitizen: Actor;
const monday = at("2026-11-23T09:00");

/** FORMS_DUMP_DIR=/tmp/forms keeps each rendered PDF, to look at them (pdftoppm -png). */
const render = async (
  actor: Actor,
  dossierId: string,
  form: Parameters<typeof renderDossierForm>[2]["form"],
) => {
  const rendered = await renderRenderedForm(actor, dossierId, form);
  if (process.env.FORMS_DUMP_DIR)
    writeFileSync(join(process.env.FORMS_DUMP_DIR, rendered.fileName), rendered.content);
  return rendered;
};
const renderRenderedForm = (
  actor: Actor,
  dossierId: string,
  form: Parameters<typeof renderDossierForm>[2]["form"],
) =>
  renderDossierForm(handle.db, storage, {
    actor,
    dossierId,
    form,
    publicUrl: PUBLIC_URL,
    now: at("2026-11-27T10:00"),
  });
const textOf = async (actor: Actor, dossierId: string, form: Parameters<typeof render>[2]) =>
  pdfText((await render(actor, dossierId, form)).content);
const codeOf = async (dossierId: string) =>
  (
    await handle.db
      .selectFrom("dossiers")
      .select("code")
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow()
  ).code;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  users = await demoUserIds(handle.db);
  counter = await actorNamed(handle.db, users, "motcua.trungtam");
  head = await actorNamed(handle.db, users, "truongphong.trungtam");
  specialist = await actorNamed(handle.db, users, "chuyenvien.trungtam");
  otherOfficer = await actorNamed(handle.db, users, "motcua.sotaichinh");
  citizen = await actorNamed(handle.db, users, "congdan.demo");
  otherCitizen = await actorNamed(handle.db, users, "doanhnghiep.demo");
});

afterAll(async () => {
  await handle?.close();
});

describe("the embedded font", () => {
  const alphabet =
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
  it.each(Object.entries(FONT_FILES))(
    "%s has a glyph for every Vietnamese letter, both cases",
    (_style, path) => {
      const font = fontkit.create(readFileSync(path)) as fontkit.Font;
      const letters = [...alphabet, ...alphabet.toUpperCase()];
      expect(letters.filter((letter) => !font.hasGlyphForCodePoint(letter.codePointAt(0)!))).toEqual([]);
    },
  );
});

describe("a dossier accepted, transferred, assigned, forwarded and extended", () => {
  let dossierId: string;
  let code: string;

  beforeAll(async () => {
    dossierId = await dossierInProcessing(handle.db, users, monday);
    code = await codeOf(dossierId);
    await assignDossier(handle.db, {
      dossierId,
      actor: head,
      now: at("2026-11-23T10:00"),
      assigneeId: specialist.userId,
      note: "Kiểm tra kỹ bản sao",
      expectedVersion: 3,
    });
    await forwardDossier(handle.db, {
      dossierId,
      actor: specialist,
      now: at("2026-11-23T14:00"),
      opinion: "Hồ sơ đủ điều kiện, đề nghị lãnh đạo phê duyệt",
    });
  });

  it("offers the slip and the control sheet to the office, only the slip to the applicant", async () => {
    expect((await listDossierForms(handle.db, { actor: counter, dossierId })).map((f) => f.form)).toEqual([
      "reception-slip",
      "control-sheet",
    ]);
    expect(await listDossierForms(handle.db, { actor: citizen, dossierId })).toEqual([
      {
        form: "reception-slip",
        title: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        fileName: `giay-tiep-nhan-${code}.pdf`,
      },
    ]);
  });

  it("R-FORM-1: the slip carries every field with its diacritics, an A4 page in the embedded font, and the QR", async () => {
    const slip = await render(counter, dossierId, "reception-slip");
    const text = await pdfText(slip.content);
    for (const expected of [
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "ỦY BAN NHÂN DÂN PHƯỜNG TRUNG TÂM",
      "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG TRUNG TÂM",
      "Số: 0001/TTPVHCC",
      "Phường Trung Tâm, ngày 23 tháng 11 năm 2026",
      "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
      `Mã hồ sơ: ${code}`,
      "Ông/Bà: Nguyễn Văn An",
      "Số định danh cá nhân/tổ chức: 099090001234",
      "Số điện thoại: 0912345678",
      "Nội dung yêu cầu giải quyết:",
      "Thành phần hồ sơ nộp gồm:",
      "Số lượng hồ sơ: 01 bộ",
      "Thời gian giải quyết hồ sơ theo quy định: 5 ngày làm việc",
      "Thời gian nhận hồ sơ: 09:00 23/11/2026",
      "Thời gian trả kết quả giải quyết hồ sơ: 09:00 30/11/2026",
      "Nhận kết quả tại:",
      // The register (issue #19): the first dossier entered in the ward's book of the year.
      "Vào Sổ theo dõi hồ sơ: Số vào sổ: 0001, Quyển số: 01/2026",
      "NGƯỜI NỘP HỒ SƠ",
      "NGƯỜI TIẾP NHẬN HỒ SƠ",
    ])
      expect(text).toContain(expected);
    // The slip's QR carries the lookup token (issue #20): the full name for whoever holds the paper.
    expect(await pdfQrCodes(slip.content)).toEqual([
      lookupUrlOf(PUBLIC_URL, code, await lookupTokenFor(handle.db, code)),
    ]);
    const info = await pdfInfo(slip.content);
    expect([Math.round(info.width), Math.round(info.height)]).toEqual([595, 842]);
    expect(info.fontNames.every((name) => name.includes("Tinos"))).toBe(true);
    expect(info.info.CreationDate).toBe("D:20261123020000Z");
  });

  it("stores the PDF once as a notice with its sha256, and returns the same bytes afterwards", async () => {
    const first = await render(counter, dossierId, "reception-slip");
    const again = await render(citizen, dossierId, "reception-slip");
    expect(again.fileId).toBe(first.fileId);
    expect(Buffer.from(again.content).equals(Buffer.from(first.content))).toBe(true);
    const rows = await handle.db
      .selectFrom("dossier_files")
      .selectAll()
      .where("dossier_id", "=", dossierId)
      .where("purpose", "=", "notice")
      .where("file_name", "=", `giay-tiep-nhan-${code}.pdf`)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      sha256: createHash("sha256").update(first.content).digest("hex"),
      media_type: "application/pdf",
      size_bytes: expect.anything(),
    });
    expect(Number(rows[0]!.size_bytes)).toBe(first.content.length);
  });

  it("R-FORM-4: the control sheet has one row per handover with giver, receiver, time and timing", async () => {
    const text = await textOf(counter, dossierId, "control-sheet");
    for (const expected of [
      "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
      "PKS-",
      `Mã hồ sơ: ${code}`,
      "Cơ quan (bộ phận) giải quyết hồ sơ: Ủy ban nhân dân phường Trung Tâm",
      "Cơ quan phối hợp giải quyết hồ sơ",
      "Thời gian nhận hồ sơ: 09:00 23/11/2026",
      "Thời gian hẹn trả kết quả: 09:00 30/11/2026",
      "09:00 23/11/2026",
      "10:00 23/11/2026",
      "14:00 23/11/2026",
      "Phân công xử lý",
      "Trình phê duyệt",
      "Trước hạn",
    ])
      expect(text).toContain(expected);
    expect(text).toMatch(/1 Trung tâm Phục vụ hành chính công phường Trung Tâm/);
  });

  it("R-FORM-5: after an extension, the apology with the original and the new appointment", async () => {
    await actAs(
      handle.db,
      "leader",
      users["lanhdao.trungtam"]!,
      dossierId,
      {
        type: "requestExtension",
        reason: "Cần xác minh thêm thông tin tại địa phương",
        newDueAt: at("2026-12-02T16:30"),
      },
      at("2026-11-24T10:00"),
    );
    const text = await textOf(counter, dossierId, "apology-letter");
    for (const expected of [
      "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
      "Số: …/PXL",
      "Kính gửi: Nguyễn Văn An",
      "Ngày 23/11/2026",
      "Số định danh cá nhân/tổ chức: 099090001234",
      `Mã hồ sơ: ${code}`,
      "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09:00 30/11/2026",
      "Lý do chậm trễ: Cần xác minh thêm thông tin tại địa phương",
      "xin lỗi",
      "Thời gian hẹn trả kết quả mới: 16:30 02/12/2026",
      "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
    ])
      expect(text).toContain(expected);
    // The slip now shows the appointment in force: a new source event, a new stored PDF.
    expect(await textOf(citizen, dossierId, "reception-slip")).toContain(
      "Thời gian trả kết quả giải quyết hồ sơ: 16:30 02/12/2026",
    );
  });

  it("access: the applicant never gets the control sheet, other people never see the dossier", async () => {
    await expect(render(citizen, dossierId, "control-sheet")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(render(otherOfficer, dossierId, "reception-slip")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(render(otherCitizen, dossierId, "reception-slip")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await render(specialist, dossierId, "control-sheet")).content.length).toBeGreaterThan(1000);
  });

  it("a form without data is not offered and not rendered (404)", async () => {
    await expect(render(counter, dossierId, "stop-notice")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(render(citizen, dossierId, "refusal-notice")).rejects.toMatchObject({
      code: "NOT_FOUND",
      text: { vi: "Không tìm thấy hồ sơ", en: "No such dossier" },
    });
  });
});

describe("notices of the counter", () => {
  it("R-FORM-2: the supplement request lists the items and the reason", async () => {
    const { row } = await submitBirthRegistration(handle.db, citizen.userId, monday);
    await actAs(
      handle.db,
      "counterOfficer",
      counter.userId,
      row.id,
      {
        type: "requestSupplementAtReception",
        reason: "Giấy chứng sinh là bản chụp không rõ nét",
        items: ["Bản chính Giấy chứng sinh", "Giấy xác nhận nơi cư trú của người mẹ"],
      },
      at("2026-11-23T10:15"),
    );
    expect(
      availableForms({ receivedAt: null }, [{ sequence: 2, type: "supplementRequested", at: monday }]),
    ).toEqual(["supplement-request"]);
    const text = await textOf(citizen, row.id, "supplement-request");
    for (const expected of [
      "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
      "Số: …/PBS-TTPVHCC",
      "Phường Trung Tâm, ngày 23 tháng 11 năm 2026",
      "Hồ sơ của: Nguyễn Văn An",
      `Mã hồ sơ: ${row.code}`,
      "Nội dung yêu cầu giải quyết:",
      "Địa chỉ:",
      "Số điện thoại: 0912345678",
      "Thư điện tử:",
      "1. Bản chính Giấy chứng sinh",
      "2. Giấy xác nhận nơi cư trú của người mẹ",
      "Lý do: Giấy chứng sinh là bản chụp không rõ nét",
      "Người hướng dẫn:",
      "NGƯỜI HƯỚNG DẪN",
    ])
      expect(text).toContain(expected);
    // Not received: no slip yet.
    await expect(render(counter, row.id, "reception-slip")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("R-FORM-3: the refusal at reception gives the reasons", async () => {
    const { row } = await submitBirthRegistration(handle.db, citizen.userId, monday);
    await actAs(
      handle.db,
      "counterOfficer",
      counter.userId,
      row.id,
      {
        type: "refuse",
        reasons: ["Thủ tục không thuộc thẩm quyền giải quyết của phường", "Người nộp không đủ tư cách"],
      },
      at("2026-11-23T11:00"),
    );
    const text = await textOf(citizen, row.id, "refusal-notice");
    for (const expected of [
      "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
      "Số: …/PTC-TTPVHCC",
      "Cơ quan, đơn vị tiếp nhận: Trung tâm Phục vụ hành chính công phường Trung Tâm",
      "Ông/Bà: Nguyễn Văn An",
      "Số định danh cá nhân/tổ chức: 099090001234",
      "Số điện thoại: 0912345678",
      `Mã hồ sơ: ${row.code}`,
      "Nội dung yêu cầu giải quyết:",
      "1. Thủ tục không thuộc thẩm quyền giải quyết của phường",
      "2. Người nộp không đủ tư cách",
    ])
      expect(text).toContain(expected);
    expect(await listDossierForms(handle.db, { actor: counter, dossierId: row.id })).toMatchObject([
      { form: "refusal-notice" },
    ]);
  });

  it("R-FORM-7: the stop notice after a withdrawal request, with its reason", async () => {
    const dossierId = await dossierInProcessing(handle.db, users, monday);
    const code = await codeOf(dossierId);
    await actAs(
      handle.db,
      "applicant",
      citizen.userId,
      dossierId,
      { type: "requestWithdrawal", reason: "Gia đình đã đăng ký tại nơi cư trú khác" },
      at("2026-11-24T08:30"),
    );
    await actAs(
      handle.db,
      "counterOfficer",
      counter.userId,
      dossierId,
      { type: "confirmStop", noticeRef: "15/TB-TTPVHCC" },
      at("2026-11-24T09:45"),
    );
    const text = await textOf(citizen, dossierId, "stop-notice");
    for (const expected of [
      "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
      "Số: 15/TB-TTPVHCC",
      "Phường Trung Tâm, ngày 24 tháng 11 năm 2026",
      "Kính gửi: Nguyễn Văn An",
      `Mã hồ sơ: ${code}`,
      "Tên thủ tục:",
      "Thời gian đề nghị dừng: 08:30 24/11/2026",
      "Lý do đề nghị dừng: Gia đình đã đăng ký tại nơi cư trú khác",
      `kể từ ${formTime(at("2026-11-24T09:45"))}`,
      "CƠ QUAN TIẾP NHẬN HỒ SƠ",
    ])
      expect(text).toContain(expected);
  });
});
