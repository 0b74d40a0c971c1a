import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pdfText } from "../../../services/forms/pdfReading.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { BIRTH_FORM } from "../../../support/birthForm.ts";
import { samplePdf } from "../../../support/dossierFixtures.ts";
import { uploadId } from "../../../support/uploadFile.ts";

// Monday 23 November 2026, 09:00 in the province.
const start = new Date("2026-11-23T09:00:00+07:00");

interface FileView {
  id: string;
  purpose: string;
  componentPosition: number | null;
  fileName: string;
  mediaType: string;
}

/**
 * Issue #19 (R-SUB-1): a citizen files a birth registration with the real declaration typed in the e-form and never
 * uploads it; the declaration component is provided by the generated PDF, which the officer downloads.
 */
describe("the declaration typed in the e-form is the dossier's component (issue #19, R-SUB-1)", () => {
  let t: AuthTestApp;
  let citizen: TestSession;
  let officer: TestSession;

  beforeAll(async () => {
    t = await createAuthTestApp({ start });
    citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
    officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
  }, 300_000);
  afterAll(async () => t.close());
  beforeEach(() => {
    t.clock.current = start;
  });

  /** Uploads for the birth registration's other required components (positions 1 and 2), never the declaration. */
  const otherComponents = async () => [
    {
      componentPosition: 1,
      uploadId: await uploadId(t.app, citizen, "giay-chung-sinh.pdf", samplePdf(randomUUID())),
    },
    {
      componentPosition: 2,
      uploadId: await uploadId(t.app, citizen, "can-cuoc.pdf", samplePdf(randomUUID())),
    },
  ];
  const submit = async (formData: unknown, files: unknown[]) =>
    t.app.inject({
      method: "POST",
      url: "/api/citizen/dossiers",
      headers: citizen.headers,
      payload: { procedureCode: "1.001193", agencyCode: "000.20.01.H99", formData, files },
    });

  it("201 without an upload for the declaration: its file is the filled official form, downloadable by the officer", async () => {
    const response = await submit(BIRTH_FORM, await otherComponents());
    expect(response.statusCode).toBe(201);
    const dossier = response.json() as { id: string; code: string; files: FileView[] };
    const declaration = dossier.files.find((file) => file.componentPosition === 0);
    expect(declaration).toMatchObject({
      purpose: "component",
      fileName: `to-khai-gt01-${dossier.code}.pdf`,
      mediaType: "application/pdf",
    });
    expect(dossier.files.filter((file) => file.componentPosition !== null)).toHaveLength(3);

    // The officer of the receiving agency downloads it and reads the answers in the paper form's words.
    const download = await t.app.inject({
      url: `/api/dossiers/${dossier.id}/files/${declaration!.id}`,
      headers: officer.headers,
    });
    expect(download.statusCode).toBe(200);
    const text = await pdfText(new Uint8Array(download.rawPayload));
    for (const expected of [
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "TỜ KHAI ĐĂNG KÝ KHAI SINH",
      "Kính gửi:",
      "Nguyễn Minh Khang",
      "20/11/2026",
      "Trần Thị Bích Ngọc",
      "Bệnh viện Đa khoa tỉnh, Phường Trung Tâm, Tỉnh Demo",
      "Quan hệ với người được khai sinh: Cha",
      "NGƯỜI YÊU CẦU",
      "ngày 23 tháng 11 năm 2026",
    ])
      expect(text).toContain(expected);
    // The event that created the dossier and its file are one transaction: the file belongs to event 1.
    const row = await t.database.db
      .selectFrom("dossier_files")
      .select(["event_sequence", "uploaded_by"])
      .where("id", "=", declaration!.id)
      .executeTakeFirstOrThrow();
    expect(row.event_sequence).toBe(1);
  });

  it("400 when the e-form is incomplete: the declaration is not provided, nothing is stored", async () => {
    const before = await t.database.db
      .selectFrom("dossiers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const { me: _mother, ...withoutMother } = BIRTH_FORM;
    const response = await submit(withoutMother, await otherComponents());
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.fields as { field: string; message: string }[];
    expect(fields.map((f) => f.field)).toEqual(["formData.me"]);
    expect(fields[0]!.message).toContain("Thông tin người mẹ");
    const after = await t.database.db
      .selectFrom("dossiers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("400 when the account holder as requester gives another ID number (one person, one ID number)", async () => {
    const response = await submit(
      { ...BIRTH_FORM, nguoiYeuCau: { ...BIRTH_FORM.nguoiYeuCau, soDinhDanh: "099090009999" } },
      await otherComponents(),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual([
      {
        field: "formData.nguoiYeuCau.soDinhDanh",
        message: expect.stringContaining("số đã xác thực của tài khoản"),
      },
    ]);
  });

  it("400 when another requester carries the account holder's ID number; 201 with their own", async () => {
    const other = {
      ...BIRTH_FORM,
      nguoiYeuCau: {
        laNguoiNop: false,
        hoTen: "Trần Thị Lan",
        ngaySinh: "1965-01-02",
        soDinhDanh: "099090001234",
        noiCuTru: "Xã Hòa Bình, Tỉnh Demo",
        quanHe: "Bà",
      },
    };
    const refused = await submit(other, await otherComponents());
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields.map((f: { field: string }) => f.field)).toEqual([
      "formData.nguoiYeuCau.soDinhDanh",
    ]);
    const accepted = await submit(
      { ...other, nguoiYeuCau: { ...other.nguoiYeuCau, soDinhDanh: "099165004321" } },
      await otherComponents(),
    );
    expect(accepted.statusCode).toBe(201);
    const file = (accepted.json().files as FileView[]).find((f) => f.componentPosition === 0)!;
    const download = await t.app.inject({
      url: `/api/dossiers/${accepted.json().id}/files/${file.id}`,
      headers: citizen.headers,
    });
    // The requester signs the declaration; the account holder is the one who submitted it.
    expect(await pdfText(new Uint8Array(download.rawPayload))).toContain("Trần Thị Lan");
  });

  it("editing the e-form before acceptance renders the declaration again: one file, the new answers (R-SUB-3)", async () => {
    const created = await submit(BIRTH_FORM, await otherComponents());
    expect(created.statusCode).toBe(201);
    const dossier = created.json() as { id: string; code: string; version: number; files: FileView[] };
    const before = dossier.files.find((file) => file.componentPosition === 0)!;
    const renamed = { ...BIRTH_FORM, treEm: { ...BIRTH_FORM.treEm, hoTen: "Nguyễn Minh Khôi" } };
    const edited = await t.app.inject({
      method: "POST",
      url: `/api/citizen/dossiers/${dossier.id}/edit`,
      headers: citizen.headers,
      payload: { expectedVersion: dossier.version, formData: renamed },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const declarations = (edited.json().files as FileView[]).filter((file) => file.componentPosition === 0);
    expect(declarations).toHaveLength(1);
    expect(declarations[0]!.id).not.toBe(before.id);
    expect(declarations[0]!.fileName).toBe(`to-khai-gt01-${dossier.code}.pdf`);
    const download = await t.app.inject({
      url: `/api/dossiers/${dossier.id}/files/${declarations[0]!.id}`,
      headers: officer.headers,
    });
    const text = await pdfText(new Uint8Array(download.rawPayload));
    expect(text).toContain("Nguyễn Minh Khôi");
    expect(text).not.toContain("Nguyễn Minh Khang");
    // The file belongs to the `edited` event, written in its transaction.
    const row = await t.database.db
      .selectFrom("dossier_files")
      .select("event_sequence")
      .where("id", "=", declarations[0]!.id)
      .executeTakeFirstOrThrow();
    expect(row.event_sequence).toBe(edited.json().version);
  });

  it("an edit that gives the declaration another requester's ID number is refused and changes nothing", async () => {
    const created = await submit(BIRTH_FORM, await otherComponents());
    const dossier = created.json() as { id: string; version: number; files: FileView[] };
    const edited = await t.app.inject({
      method: "POST",
      url: `/api/citizen/dossiers/${dossier.id}/edit`,
      headers: citizen.headers,
      payload: {
        expectedVersion: dossier.version,
        formData: { ...BIRTH_FORM, nguoiYeuCau: { ...BIRTH_FORM.nguoiYeuCau, soDinhDanh: "099090009999" } },
      },
    });
    expect(edited.statusCode).toBe(400);
    expect(edited.json().error.fields.map((f: { field: string }) => f.field)).toEqual([
      "formData.nguoiYeuCau.soDinhDanh",
    ]);
    const after = await t.app.inject({
      url: `/api/citizen/dossiers/${dossier.id}`,
      headers: citizen.headers,
    });
    expect(after.json().version).toBe(dossier.version);
    expect((after.json().files as FileView[]).map((file) => file.id).sort()).toEqual(
      dossier.files.map((file) => file.id).sort(),
    );
  });

  it("English on request names the field by its label", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/citizen/dossiers",
      headers: { ...citizen.headers, "accept-language": "en" },
      payload: {
        procedureCode: "1.001193",
        agencyCode: "000.20.01.H99",
        formData: { ...BIRTH_FORM, nguoiYeuCau: { ...BIRTH_FORM.nguoiYeuCau, hoTen: "Lê Văn Bình" } },
        files: await otherComponents(),
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields[0].message).toContain("the name must be the account's");
  });

  it("403 for an officer submitting as an applicant; 401 without a session", async () => {
    const asOfficer = await t.app.inject({
      method: "POST",
      url: "/api/citizen/dossiers",
      headers: officer.headers,
      payload: { procedureCode: "1.001193", agencyCode: "000.20.01.H99", formData: BIRTH_FORM, files: [] },
    });
    expect(asOfficer.statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: "POST",
      url: "/api/citizen/dossiers",
      payload: { procedureCode: "1.001193", agencyCode: "000.20.01.H99", formData: BIRTH_FORM, files: [] },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
