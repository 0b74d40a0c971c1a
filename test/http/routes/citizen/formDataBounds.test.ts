import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { samplePdf } from "../../../support/dossierFixtures.ts";
import { uploadId } from "../../../support/uploadFile.ts";

// Issue #20 "Stored form data" (R-SUB-1): what a dossier stores is bounded by its procedure's e-form.
describe("form data bounded by the procedure's form (issue #20)", () => {
  let t: AuthTestApp;
  let citizen: TestSession;

  beforeAll(async () => {
    t = await createAuthTestApp({ start: new Date("2026-11-23T09:00:00+07:00") });
    citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
  });
  afterAll(async () => t.close());

  const spouse = (lanKetHon: unknown) => ({
    hoTen: "Trần Văn Bình",
    ngaySinh: "1990-01-01",
    soDinhDanh: "123456789012",
    noiCuTru: "Xã Tân Phong, tỉnh Demo",
    lanKetHon,
  });
  const marriage = (extra: Record<string, unknown> = {}, lanKetHon: unknown = 2) => ({
    benNam: spouse(lanKetHon),
    benNu: { ...spouse(1), hoTen: "Lê Thị Cúc" },
    noiDangKy: "UBND xã Tân Phong",
    camKet: true,
    ...extra,
  });
  const submit = (procedureCode: string, formData: unknown, files: unknown[] = [], lang = "vi") =>
    t.app.inject({
      method: "POST",
      url: "/api/citizen/dossiers",
      headers: { ...citizen.headers, "accept-language": lang },
      payload: { procedureCode, agencyCode: "000.20.01.H99", formData, files },
    });
  const dossierCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom("dossiers")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const files = async (positions: number[]) => {
    const list = [];
    for (const position of positions)
      list.push({
        componentPosition: position,
        uploadId: await uploadId(t.app, citizen, `tp-${position}.pdf`, samplePdf(randomUUID())),
      });
    return list;
  };

  it("an unknown field is refused in Vietnamese, named by the labels the applicant read; nothing is stored", async () => {
    const before = await dossierCount();
    const response = await submit("1.000894", marriage({ ghiChuAn: "x", benNam: { ...spouse(2), la: 1 } }));
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.fields as { field: string; message: string }[];
    expect(fields).toEqual(
      expect.arrayContaining([
        { field: "formData.ghiChuAn", message: "«ghiChuAn»: tờ khai không có trường này" },
        { field: "formData.benNam.la", message: "Bên nam › «la»: tờ khai không có trường này" },
      ]),
    );
    expect(await dossierCount()).toBe(before);
  });

  it("a number typed as text is refused with the field's label (English on request), never converted", async () => {
    const response = await submit("1.000894", marriage({}, "2"), [], "en");
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual(
      expect.arrayContaining([
        { field: "formData.benNam.lanKetHon", message: "Bên nam › Kết hôn lần thứ mấy: Must be an integer" },
      ]),
    );
  });

  it("a text longer than the form allows, and a long text in a field the form left open, are refused", async () => {
    const long = await submit("1.000894", marriage({ noiDangKy: "a".repeat(201) }));
    expect(long.json().error.fields).toEqual(
      expect.arrayContaining([
        { field: "formData.noiDangKy", message: "Nơi đăng ký kết hôn: Không được dài quá 200 ký tự" },
      ]),
    );
    const open = await submit("1.004884", { tenTre: "a".repeat(2_001) });
    expect(open.statusCode).toBe(400);
    expect(open.json().error.fields).toEqual(
      expect.arrayContaining([
        { field: "formData.tenTre", message: "«tenTre»: Không được dài quá 2000 ký tự" },
      ]),
    );
  });

  it("nesting under a procedure without a form is refused", async () => {
    const response = await submit("1.004884", { tenTre: { a: { b: { c: "x" } } } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.map((f: { field: string }) => f.field)).toContain("formData.tenTre");
  });

  it("numbers stay numbers and booleans booleans, stored and read back as sent", async () => {
    const response = await submit("1.000894", marriage(), await files([0, 2]));
    expect(response.statusCode).toBe(201);
    const stored = await t.database.db
      .selectFrom("dossiers")
      .select("form_data")
      .where("id", "=", response.json().id)
      .executeTakeFirstOrThrow();
    const data = stored.form_data as { benNam: { lanKetHon: unknown }; camKet: unknown };
    expect(data.benNam.lanKetHon).toBe(2);
    expect(data.camKet).toBe(true);
    const detail = await t.app.inject({
      url: `/api/citizen/dossiers/${response.json().id}`,
      headers: citizen.headers,
    });
    expect(detail.json().formData.benNam.lanKetHon).toBe(2);

    const free = await submit("1.004884", { tenTre: "Nguyễn Minh Khang", soCon: 2 }, await files([0, 1, 2]));
    expect(free.statusCode).toBe(201);
    const freeDetail = await t.app.inject({
      url: `/api/citizen/dossiers/${free.json().id}`,
      headers: citizen.headers,
    });
    expect(freeDetail.json().formData).toEqual({ tenTre: "Nguyễn Minh Khang", soCon: 2 });
  });

  it("an edit is held to the same form: an unknown field is refused and the stored data is unchanged", async () => {
    const created = await submit("1.004884", { tenTre: "Nguyễn Minh Khang" }, await files([0, 1, 2]));
    expect(created.statusCode).toBe(201);
    const { id, version } = created.json();
    const edit = await t.app.inject({
      method: "POST",
      url: `/api/citizen/dossiers/${id}/edit`,
      headers: citizen.headers,
      payload: { expectedVersion: version, formData: { tenTre: { sau: "x" } } },
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().error.fields.map((f: { field: string }) => f.field)).toContain("formData.tenTre");
    const detail = await t.app.inject({ url: `/api/citizen/dossiers/${id}`, headers: citizen.headers });
    expect(detail.json().formData).toEqual({ tenTre: "Nguyễn Minh Khang" });
  });
});
