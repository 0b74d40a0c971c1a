import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FORM_ROWS_MAX,
  FORM_TEXT_MAX,
  FREE_FORM_FIELDS_MAX,
} from "../../../src/domain/eform/strictFormSchema.ts";
import { checkFormData } from "../../../src/services/validation/formData.ts";

// Issue #20 "Stored form data" (R-SUB-1): the form data is bounded by the procedure's published form.
const form = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Tờ khai đăng ký kết hôn",
  type: "object",
  required: ["benNam"],
  properties: {
    benNam: {
      title: "Bên nam",
      type: "object",
      required: ["hoTen"],
      properties: {
        hoTen: { title: "Họ, chữ đệm và tên", type: "string", minLength: 2, maxLength: 100 },
        ghiChu: { title: "Ghi chú", type: "string" },
        lanKetHon: { title: "Kết hôn lần thứ mấy", type: "integer", minimum: 1, maximum: 10 },
      },
    },
    thanhVien: {
      title: "Thành viên",
      type: "array",
      items: { type: "object", properties: { ten: { title: "Tên", type: "string", maxLength: 50 } } },
    },
    camKet: { title: "Cam đoan", type: "boolean", const: true },
  },
};

const valid = { benNam: { hoTen: "Trần Văn Bình", lanKetHon: 2 }, camKet: true };

describe("checkFormData against a published form", () => {
  it("accepts data that fits the form and leaves numbers numbers", () => {
    const data = structuredClone(valid);
    expect(checkFormData(form, data)).toEqual([]);
    expect(data.benNam.lanKetHon).toBe(2);
  });

  it("refuses a field the form does not have, at any depth, naming it by the labels around it", () => {
    const errors = checkFormData(form, { ...valid, benNam: { ...valid.benNam, la: 1 }, thua: "x" });
    expect(errors).toEqual(
      expect.arrayContaining([
        {
          field: "formData.benNam.la",
          message: {
            vi: "Bên nam › «la»: tờ khai không có trường này",
            en: "Bên nam › «la»: the form has no such field",
          },
        },
        {
          field: "formData.thua",
          message: { vi: "«thua»: tờ khai không có trường này", en: "«thua»: the form has no such field" },
        },
      ]),
    );
    expect(errors).toHaveLength(2);
  });

  it("refuses a number sent as text and text sent as a number, never converting either", () => {
    const data = { benNam: { hoTen: 12345, lanKetHon: "2" }, camKet: true };
    const errors = checkFormData(form, data);
    expect(errors).toEqual([
      {
        field: "formData.benNam.hoTen",
        message: {
          vi: "Bên nam › Họ, chữ đệm và tên: Phải là chuỗi ký tự",
          en: "Bên nam › Họ, chữ đệm và tên: Must be a string",
        },
      },
      {
        field: "formData.benNam.lanKetHon",
        message: {
          vi: "Bên nam › Kết hôn lần thứ mấy: Phải là số nguyên",
          en: "Bên nam › Kết hôn lần thứ mấy: Must be an integer",
        },
      },
    ]);
    expect(data.benNam.lanKetHon).toBe("2");
  });

  it("names a missing required field and a table row by their labels", () => {
    const errors = checkFormData(form, { benNam: {}, thanhVien: [{ ten: "a" }, { ten: 5 }], camKet: true });
    expect(errors.map((e) => e.message.vi)).toEqual([
      "Bên nam › Họ, chữ đệm và tên: Thiếu trường bắt buộc",
      "Thành viên › dòng 2 › Tên: Phải là chuỗi ký tự",
    ]);
    expect(errors.map((e) => e.field)).toEqual(["formData.benNam.hoTen", "formData.thanhVien.1.ten"]);
  });

  it("a paper dossier's answers are optional (the declaration is scanned) but still checked for their shape", () => {
    // Issue #19, R-RECV-2: the counter enters a paper dossier with no e-form answers.
    expect(checkFormData(form, {}, "formData", { answersOptional: true })).toEqual([]);
    expect(checkFormData(form, { benNam: {} }, "formData", { answersOptional: true })).toEqual([]);
    const errors = checkFormData(form, { benNam: { lanKetHon: "2" }, khac: 1 }, "formData", {
      answersOptional: true,
    });
    expect(errors.map((e) => e.field)).toEqual(["formData.khac", "formData.benNam.lanKetHon"]);
    // Online, the same empty answers are refused.
    expect(checkFormData(form, {}).map((e) => e.field)).toEqual(["formData.benNam"]);
  });

  it("bounds a text the form left open and a table's rows", () => {
    const long = checkFormData(form, {
      ...valid,
      benNam: { ...valid.benNam, ghiChu: "a".repeat(FORM_TEXT_MAX + 1) },
    });
    expect(long).toEqual([
      {
        field: "formData.benNam.ghiChu",
        message: {
          vi: `Bên nam › Ghi chú: Không được dài quá ${FORM_TEXT_MAX} ký tự`,
          en: `Bên nam › Ghi chú: Must have at most ${FORM_TEXT_MAX} characters`,
        },
      },
    ]);
    const rows = checkFormData(form, {
      ...valid,
      thanhVien: Array.from({ length: FORM_ROWS_MAX + 1 }, () => ({})),
    });
    expect(rows.map((e) => e.message.vi)).toEqual([`Thành viên: Không được quá ${FORM_ROWS_MAX} phần tử`]);
    expect(
      checkFormData(form, { ...valid, thanhVien: Array.from({ length: FORM_ROWS_MAX }, () => ({})) }),
    ).toEqual([]);
  });

  it("refuses deep nesting under any field (property: no tree deeper than the form is ever accepted)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom("benNam", "thua", "camKet"),
        (depth, key) => {
          let tree: unknown = "x";
          for (let level = 0; level < depth; level++) tree = { n: tree };
          expect(checkFormData(form, { ...valid, [key]: tree }).length).toBeGreaterThan(0);
        },
      ),
      { seed: 20, numRuns: 100 },
    );
  });

  it("the same schema text is compiled once, whatever object it arrives in", () => {
    for (let i = 0; i < 50; i++) expect(checkFormData(structuredClone(form), valid)).toEqual([]);
  });
});

describe("checkFormData for a procedure without a published form", () => {
  it("takes the common declaration and short single values, numbers kept", () => {
    const data = { fullName: "Nguyễn Văn A", tenTre: "Nguyễn Minh Khang", soCon: 2, dongY: true };
    expect(checkFormData(null, data)).toEqual([]);
    expect(data.soCon).toBe(2);
  });

  it("refuses nesting, long texts, strange names, wrong types and too many fields", () => {
    expect(checkFormData(null, { tenTre: { x: 1 } }).map((e) => e.field)).toEqual(["formData.tenTre"]);
    expect(checkFormData(null, { tenTre: "a".repeat(FORM_TEXT_MAX + 1) })[0]?.message.vi).toBe(
      `«tenTre»: Không được dài quá ${FORM_TEXT_MAX} ký tự`,
    );
    expect(checkFormData(null, { fullName: 5 })[0]?.message.vi).toBe(
      "Họ, chữ đệm và tên người yêu cầu: Phải là chuỗi ký tự",
    );
    expect(checkFormData(null, { "a b": "x" })).toEqual([
      {
        field: "formData.a b",
        message: {
          vi: "Tên trường của tờ khai chỉ gồm chữ cái không dấu, chữ số và dấu _",
          en: "A form field's name has only ASCII letters, digits and _",
        },
      },
    ]);
    const many = Object.fromEntries(Array.from({ length: FREE_FORM_FIELDS_MAX + 1 }, (_, i) => [`f${i}`, i]));
    expect(checkFormData(null, many).map((e) => e.message.vi)).toEqual([
      `Tờ khai có quá nhiều trường (tối đa ${FREE_FORM_FIELDS_MAX})`,
    ]);
  });
});
