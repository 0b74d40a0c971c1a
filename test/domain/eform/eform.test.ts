import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FormDefinition } from "../../../src/domain/eform/fields.ts";
import { fieldsToSchema } from "../../../src/domain/eform/fieldsToSchema.ts";
import {
  idKindOfPattern,
  isCccd,
  isTaxCode,
  patternOfIdKind,
} from "../../../src/domain/eform/identifiers.ts";
import { parseFormSchema } from "../../../src/domain/eform/parseFormSchema.ts";
import { validateFields } from "../../../src/domain/eform/validateFields.ts";
import { addressOptions, formDefinition, sampleData } from "./arbitraries.ts";

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);

const address = { province: "Tỉnh Demo", communes: ["Phường Trung Tâm", "Xã Tân Phú"] };

const everyKind: FormDefinition = {
  title: "Tờ khai thử",
  fields: [
    { kind: "text", name: "hoTen", title: "Họ và tên", required: true, minLength: 2, maxLength: 100 },
    { kind: "text", name: "quocTich", title: "Quốc tịch", required: false, defaultValue: "Việt Nam" },
    {
      kind: "number",
      name: "soCon",
      title: "Số con",
      description: "Số con chung",
      required: false,
      integer: true,
      minimum: 0,
      maximum: 20,
      defaultValue: 0,
    },
    { kind: "number", name: "dienTich", title: "Diện tích (m²)", required: true, integer: false },
    { kind: "date", name: "ngaySinh", title: "Ngày sinh", required: true },
    { kind: "select", name: "gioiTinh", title: "Giới tính", required: true, options: ["Nam", "Nữ"] },
    { kind: "idNumber", name: "soDinhDanh", title: "Số định danh cá nhân", required: true, idKind: "cccd" },
    { kind: "idNumber", name: "maSoThue", title: "Mã số thuế", required: false, idKind: "taxCode" },
    { kind: "checkbox", name: "camKet", title: "Tôi cam đoan", required: true, mustBeChecked: true },
    {
      kind: "checkbox",
      name: "nhanQuaBuuDien",
      title: "Nhận qua bưu điện",
      required: false,
      mustBeChecked: false,
    },
    { kind: "address", name: "noiCuTru", title: "Nơi cư trú", required: true },
    { kind: "address", name: "diaChiKhac", title: "Địa chỉ khác", required: false },
    {
      kind: "table",
      name: "thanhVien",
      title: "Thành viên hộ",
      required: true,
      columns: [
        { kind: "text", name: "hoTen", title: "Họ tên", required: true },
        { kind: "date", name: "ngaySinh", title: "Ngày sinh", required: false },
      ],
    },
    {
      kind: "table",
      name: "taiSan",
      title: "Tài sản",
      required: false,
      columns: [{ kind: "number", name: "giaTri", title: "Giá trị", required: true, integer: true }],
    },
    {
      kind: "group",
      name: "benNam",
      title: "Bên nam",
      required: true,
      fields: [
        { kind: "text", name: "hoTen", title: "Họ tên", required: true },
        { kind: "address", name: "noiCuTru", title: "Nơi cư trú", required: true },
      ],
    },
  ],
};

describe("identifiers", () => {
  it("checks CCCD numbers (12 digits starting with the 0 of a province code) and tax codes", () => {
    expect(isCccd("001203004567")).toBe(true);
    expect(isCccd("101203004567")).toBe(false);
    expect(isCccd("00120300456")).toBe(false);
    expect(isTaxCode("0101234567")).toBe(true);
    expect(isTaxCode("0101234567-001")).toBe(true);
    expect(isTaxCode("0101234567001")).toBe(false);
    expect(idKindOfPattern(patternOfIdKind("cccd"))).toBe("cccd");
    expect(idKindOfPattern(patternOfIdKind("taxCode"))).toBe("taxCode");
    expect(idKindOfPattern("^[0-9]{12}$")).toBe("cccd");
    expect(idKindOfPattern("^[a-z]+$")).toBeUndefined();
  });
});

describe("fieldsToSchema", () => {
  const { schema, uiSchema } = fieldsToSchema(everyKind, address);
  const validate = ajv.compile(schema);
  const good = {
    hoTen: "Nguyễn Văn An",
    soCon: 2,
    dienTich: 72.5,
    ngaySinh: "1990-05-01",
    gioiTinh: "Nam",
    soDinhDanh: "001090004567",
    maSoThue: "0101234567",
    camKet: true,
    noiCuTru: { province: "Tỉnh Demo", commune: "Xã Tân Phú", street: "Thôn 3" },
    thanhVien: [{ hoTen: "Nguyễn Thị Bình" }],
    benNam: {
      hoTen: "Nguyễn Văn An",
      noiCuTru: { province: "Tỉnh Demo", commune: "Phường Trung Tâm", street: "1 Lê Lợi" },
    },
  };

  it("produces a draft-07 schema that accepts a complete declaration", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(validate(good)).toBe(true);
  });

  it("refuses what each field kind forbids", () => {
    const cases: [string, Record<string, unknown>][] = [
      ["/soDinhDanh", { soDinhDanh: "12345" }],
      ["/maSoThue", { maSoThue: "01012345" }],
      ["/gioiTinh", { gioiTinh: "Khác" }],
      ["/ngaySinh", { ngaySinh: "01/05/1990" }],
      ["/soCon", { soCon: 2.5 }],
      ["/soCon", { soCon: 21 }],
      ["/camKet", { camKet: false }],
      ["/noiCuTru/commune", { noiCuTru: { province: "Tỉnh Demo", commune: "Nơi khác", street: "x" } }],
      ["/thanhVien", { thanhVien: [] }],
      ["/hoTen", { hoTen: "A" }],
    ];
    for (const [path, change] of cases) {
      expect(validate({ ...good, ...change }), path).toBe(false);
      expect(validate.errors?.map((e) => e.instancePath)).toContain(path);
    }
    const { benNam: _, ...missing } = good;
    expect(validate(missing)).toBe(false);
  });

  it("leaves an optional address empty but asks a required one for every part", () => {
    expect(validate({ ...good, diaChiKhac: {} })).toBe(true);
    expect(validate({ ...good, noiCuTru: { province: "Tỉnh Demo" } })).toBe(false);
  });

  it("types the commune when no list of communes is known", () => {
    const free = fieldsToSchema(everyKind, { province: "Tỉnh Demo", communes: [] }).schema;
    const check = ajv.compile(free);
    expect(check({ ...good, noiCuTru: { province: "Tỉnh Demo", commune: "Bất kỳ", street: "x" } })).toBe(
      true,
    );
  });

  it("orders the fields as listed and marks checkboxes and nested parts", () => {
    expect(uiSchema["ui:order"]).toEqual([...everyKind.fields.map((f) => f.name), "*"]);
    expect(uiSchema.camKet).toEqual({ "ui:widget": "checkbox" });
    expect(uiSchema.noiCuTru).toEqual({ "ui:order": ["province", "commune", "street"] });
    expect((uiSchema.thanhVien as Record<string, unknown>).items).toMatchObject({
      "ui:order": ["hoTen", "ngaySinh", "*"],
    });
    expect(uiSchema.benNam).toMatchObject({ "ui:order": ["hoTen", "noiCuTru", "*"] });
    expect(uiSchema.gioiTinh).toEqual({ "ui:placeholder": "—" });
    expect(uiSchema.hoTen).toEqual({});
  });

  it("property: the schema of any valid field list accepts data built for it, and reads back to the same list", () => {
    fc.assert(
      fc.property(formDefinition, addressOptions, (form, options) => {
        expect(validateFields(form)).toEqual([]);
        const built = fieldsToSchema(form, options);
        const check = ajv.compile(built.schema);
        expect(check(sampleData(form.fields, options)), JSON.stringify(check.errors)).toBe(true);
        const parsed = parseFormSchema(built.schema);
        expect(parsed).toEqual({ ok: true, form });
      }),
      { numRuns: 300 },
    );
  });

  it("property: a required field left out is refused", () => {
    fc.assert(
      fc.property(formDefinition, addressOptions, (form, options) => {
        const required = form.fields.find((field) => field.required);
        fc.pre(required !== undefined);
        const data = sampleData(form.fields, options);
        delete data[required!.name];
        expect(ajv.compile(fieldsToSchema(form, options).schema)(data)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

describe("validateFields", () => {
  const text = (name: string, extra: Record<string, unknown> = {}) =>
    ({ kind: "text", name, title: "Nhãn", required: false, ...extra }) as FormDefinition["fields"][number];
  const codes = (form: FormDefinition) => validateFields(form).map((p) => `${p.path}:${p.code}`);

  it("accepts the list of every kind", () => {
    expect(validateFields(everyKind)).toEqual([]);
  });

  it("names each problem of the list itself", () => {
    expect(codes({ title: " ", fields: [] })).toEqual(["title:FORM_TITLE_EMPTY", "fields:FIELDS_COUNT"]);
    expect(codes({ title: "T", fields: Array.from({ length: 201 }, (_, i) => text(`f${i}`)) })).toEqual([
      "fields:FIELDS_COUNT",
    ]);
  });

  it("names each problem of a field, in both languages", () => {
    const form: FormDefinition = {
      title: "T",
      fields: [
        text("1bad"),
        text("a"),
        text("a"),
        text("b", { title: "  " }),
        text("c", { title: "x".repeat(301) }),
        text("d", { minLength: -1 }),
        text("e", { maxLength: 0 }),
        text("f", { minLength: 5, maxLength: 3 }),
        { kind: "number", name: "g", title: "N", required: false, integer: true, minimum: 5, maximum: 1 },
        { kind: "select", name: "h", title: "S", required: false, options: [] },
        { kind: "select", name: "i", title: "S", required: false, options: ["a", " "] },
        { kind: "select", name: "j", title: "S", required: false, options: ["a", "a "] },
        { kind: "table", name: "k", title: "B", required: false, columns: [] },
        {
          kind: "table",
          name: "l",
          title: "B",
          required: false,
          columns: [
            { kind: "address", name: "m", title: "A", required: false },
            { kind: "date", name: "n", title: "D", required: false },
          ] as never,
        },
        { kind: "group", name: "o", title: "G", required: false, fields: [] },
        { kind: "group", name: "p", title: "G", required: false, fields: [text("q", { title: "" })] },
      ],
    };
    const problems = validateFields(form);
    expect(problems.map((p) => `${p.path}:${p.code}`)).toEqual([
      "fields.0.name:NAME_INVALID",
      "fields.2.name:NAME_DUPLICATE",
      "fields.3.title:TITLE_INVALID",
      "fields.4.title:TITLE_INVALID",
      "fields.5:LENGTH_INVALID",
      "fields.6:LENGTH_INVALID",
      "fields.7:LENGTH_RANGE",
      "fields.8:NUMBER_RANGE",
      "fields.9:OPTIONS_EMPTY",
      "fields.10:OPTIONS_EMPTY",
      "fields.11:OPTIONS_DUPLICATE",
      "fields.12.columns:COLUMNS_EMPTY",
      "fields.13.columns.0.kind:KIND_NOT_ALLOWED",
      "fields.14.fields:GROUP_EMPTY",
      "fields.15.fields.0.title:TITLE_INVALID",
    ]);
    for (const p of problems) {
      expect(p.message.vi).not.toBe("");
      expect(p.message.en).not.toBe("");
    }
  });
});

describe("parseFormSchema", () => {
  const root = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    type: "object",
    properties,
    ...extra,
  });
  const codes = (schema: unknown) => {
    const result = parseFormSchema(schema);
    return result.ok ? [] : result.problems.map((p) => `${p.path}:${p.code}`);
  };

  it("names, rather than drops, what the seeded marriage declaration carries beyond the field editor (issue #19)", async () => {
    const { default: marriage } = await import("../../../data/forms/1.000894.json", {
      with: { type: "json" },
    });
    // The published declaration brings its paper-form settings (x-declaration) and layout (x-ui): the editor
    // reports them instead of silently losing them on a save.
    const result = parseFormSchema(marriage);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.path}:${p.code}`)).toEqual(
      expect.arrayContaining([":UNSUPPORTED_KEYWORD"]),
    );
    expect(result.problems.map((p) => p.message.vi).join(" ")).toContain("x-declaration");
  });

  it("uses the name when a field has no title; an untitled form is refused", () => {
    const result = parseFormSchema(root({ a: { type: "string" } }, { required: [], title: "F" }));
    expect(result).toEqual({
      ok: true,
      form: { title: "F", fields: [{ kind: "text", name: "a", title: "a", required: false }] },
    });
    expect(codes(root({ a: { type: "string" } }))).toEqual(["title:FORM_TITLE_EMPTY"]);
  });

  it("refuses what is not a form object", () => {
    expect(codes(null)).toEqual([":ROOT_NOT_OBJECT"]);
    expect(codes([])).toEqual([":ROOT_NOT_OBJECT"]);
    expect(codes({ type: "string" })).toEqual([":ROOT_NOT_OBJECT"]);
    expect(codes({ type: "object" })).toEqual([".properties:PROPERTIES_MISSING"]);
    expect(codes(root({}, { required: "a" }))).toEqual([".required:REQUIRED_INVALID"]);
    expect(codes(root({}, { required: [1] }))).toEqual([".required:REQUIRED_INVALID"]);
    expect(codes(root({ a: { type: "string" } }, { required: ["b"] }))).toEqual([
      ".required:REQUIRED_UNKNOWN",
    ]);
    expect(codes(root({ a: { type: "string" } }, { allOf: [] }))).toEqual([":UNSUPPORTED_KEYWORD"]);
  });

  it("refuses field shapes the editor cannot show", () => {
    const cases: [unknown, string[]][] = [
      ["text", [".a:NOT_AN_OBJECT"]],
      [{ type: "null" }, [".a.type:UNSUPPORTED_TYPE"]],
      [{ type: "string", format: "email" }, [".a.format:UNSUPPORTED_FORMAT"]],
      [{ type: "string", format: "date", minLength: 1 }, [".a:UNSUPPORTED_KEYWORD"]],
      [{ type: "string", enum: [1, 2] }, [".a.enum:ENUM_NOT_STRINGS"]],
      [{ type: "string", enum: "a" }, [".a.enum:ENUM_NOT_STRINGS"]],
      [{ type: "string", pattern: "^x$" }, [".a.pattern:UNSUPPORTED_PATTERN"]],
      [{ type: "string", pattern: 12 }, [".a.pattern:UNSUPPORTED_PATTERN"]],
      [{ type: "string", default: 3 }, [".a.default:DEFAULT_NOT_STRING"]],
      [{ type: "string", maxLength: "9" }, [".a.maxLength:NOT_A_NUMBER"]],
      [{ type: "integer", minimum: "0" }, [".a.minimum:NOT_A_NUMBER"]],
      [{ type: "number", multipleOf: 2 }, [".a:UNSUPPORTED_KEYWORD"]],
      [{ type: "boolean", const: false }, [".a.const:CONST_NOT_TRUE"]],
      [{ type: "array", items: { type: "string" } }, [".a.items:ITEMS_NOT_OBJECT"]],
      [{ type: "array" }, [".a.items:ITEMS_NOT_OBJECT"]],
      [{ type: "array", items: { type: "object" } }, [".a.items.properties:PROPERTIES_MISSING"]],
      [
        { type: "array", items: { type: "object", properties: { b: { type: "object", properties: {} } } } },
        [".a.items.b:KIND_NOT_ALLOWED"],
      ],
      [
        { type: "array", items: { type: "object", properties: { b: { type: "array", items: {} } } } },
        [".a.items.b:KIND_NOT_ALLOWED"],
      ],
      [
        { type: "object", properties: { b: { type: "string" } }, required: ["c"] },
        [".a.required:REQUIRED_UNKNOWN"],
      ],
      [{ type: "object" }, [".a.properties:PROPERTIES_MISSING"]],
    ];
    for (const [field, expected] of cases)
      expect(codes(root({ a: field })), JSON.stringify(field)).toEqual(expected);
  });

  it("reads numbers, an address and a table", () => {
    const result = parseFormSchema(
      root(
        {
          n: { type: "number", minimum: 1, default: 2, description: "Ghi chú" },
          dc: { type: "object", properties: { street: {}, province: {}, commune: {} } },
          t: {
            type: "array",
            minItems: 1,
            items: { type: "object", properties: { x: { type: "boolean" } } },
          },
        },
        { required: ["dc", "t"], title: "F" },
      ),
    );
    expect(result).toEqual({
      ok: true,
      form: {
        title: "F",
        fields: [
          {
            kind: "number",
            name: "n",
            title: "n",
            description: "Ghi chú",
            required: false,
            integer: false,
            minimum: 1,
            defaultValue: 2,
          },
          { kind: "address", name: "dc", title: "dc", required: true },
          {
            kind: "table",
            name: "t",
            title: "t",
            required: true,
            columns: [{ kind: "checkbox", name: "x", title: "x", required: false, mustBeChecked: false }],
          },
        ],
      },
    });
  });

  it("checks the read field list too (an empty select, a bad name)", () => {
    expect(codes(root({ a: { type: "string", enum: [] } }, { title: "F" }))).toEqual([
      "fields.0:OPTIONS_EMPTY",
    ]);
    expect(codes(root({ "b c": { type: "string" } }, { title: "F" }))).toEqual([
      "fields.0.name:NAME_INVALID",
    ]);
  });
});
