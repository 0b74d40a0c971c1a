import { Type } from "typebox";
import { describe, expect, it } from "vitest";
import { createAjv } from "../../../src/services/validation/ajv.ts";
import { describeErrors, type FieldError } from "../../../src/services/validation/messages.ts";

const ajv = createAjv();

/** Validates `value` against `schema` and describes the errors, as routes, imports and the seed do. */
function errorsOf(schema: object, value: unknown, prefix?: string): FieldError[] {
  const validate = ajv.compile(schema);
  expect(validate(value)).toBe(false);
  return describeErrors(validate.errors, prefix);
}
function only(schema: object, value: unknown): FieldError {
  const errors = errorsOf(schema, value);
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

describe("describeError — one message per rule, in Vietnamese and English, naming the field", () => {
  const cases: [string, object, unknown, FieldError][] = [
    [
      "required",
      Type.Object({ name: Type.String() }),
      {},
      { field: "name", message: { vi: "Thiếu trường bắt buộc", en: "This field is required" } },
    ],
    [
      "type integer",
      Type.Object({ page: Type.Integer() }),
      { page: "abc" },
      { field: "page", message: { vi: "Phải là số nguyên", en: "Must be an integer" } },
    ],
    [
      "type with several types",
      { type: "object", properties: { note: { type: ["string", "null"] } } },
      { note: 1 },
      { field: "note", message: { vi: "Phải là chuỗi ký tự hoặc rỗng", en: "Must be a string or null" } },
    ],
    [
      "minimum",
      Type.Object({ page: Type.Integer({ minimum: 1 }) }),
      { page: 0 },
      { field: "page", message: { vi: "Phải lớn hơn hoặc bằng 1", en: "Must be at least 1" } },
    ],
    [
      "exclusiveMinimum",
      Type.Object({ amount: Type.Number({ exclusiveMinimum: 0 }) }),
      { amount: 0 },
      { field: "amount", message: { vi: "Phải lớn hơn 0", en: "Must be greater than 0" } },
    ],
    [
      "exclusiveMaximum",
      Type.Object({ ratio: Type.Number({ exclusiveMaximum: 1 }) }),
      { ratio: 1 },
      { field: "ratio", message: { vi: "Phải nhỏ hơn 1", en: "Must be less than 1" } },
    ],
    [
      "maximum",
      Type.Object({ pageSize: Type.Integer({ maximum: 100 }) }),
      { pageSize: 101 },
      { field: "pageSize", message: { vi: "Phải nhỏ hơn hoặc bằng 100", en: "Must be at most 100" } },
    ],
    [
      "minLength 1",
      Type.Object({ name: Type.String({ minLength: 1 }) }),
      { name: "" },
      { field: "name", message: { vi: "Không được để trống", en: "Must not be empty" } },
    ],
    [
      "minLength 12",
      Type.Object({ password: Type.String({ minLength: 12 }) }),
      { password: "short" },
      {
        field: "password",
        message: { vi: "Phải có ít nhất 12 ký tự", en: "Must have at least 12 characters" },
      },
    ],
    [
      "maxLength",
      Type.Object({ q: Type.String({ maxLength: 200 }) }),
      { q: "a".repeat(201) },
      { field: "q", message: { vi: "Không được dài quá 200 ký tự", en: "Must have at most 200 characters" } },
    ],
    [
      "minItems",
      Type.Object({ channels: Type.Array(Type.String(), { minItems: 1 }) }),
      { channels: [] },
      { field: "channels", message: { vi: "Phải có ít nhất 1 phần tử", en: "Must have at least 1 items" } },
    ],
    [
      "maxItems",
      Type.Object({ tags: Type.Array(Type.String(), { maxItems: 1 }) }),
      { tags: ["a", "b"] },
      { field: "tags", message: { vi: "Không được quá 1 phần tử", en: "Must have at most 1 items" } },
    ],
    [
      "pattern",
      Type.Object({ code: Type.String({ pattern: "^[0-9]\\.[0-9]{6}$" }) }),
      { code: "abc" },
      { field: "code", message: { vi: "Không đúng định dạng", en: "Has the wrong format" } },
    ],
    [
      "format",
      Type.Object({ email: Type.String({ format: "email" }) }),
      { email: "không phải email" },
      { field: "email", message: { vi: "Không đúng định dạng email", en: "Must be a valid email" } },
    ],
    [
      "enum",
      { type: "object", properties: { kind: { enum: ["counter", "online"] } } },
      { kind: "fax" },
      {
        field: "kind",
        message: { vi: "Phải là một trong: counter, online", en: "Must be one of: counter, online" },
      },
    ],
    [
      "const",
      Type.Object({ version: Type.Literal(1) }),
      { version: 2 },
      { field: "version", message: { vi: "Phải bằng 1", en: "Must equal 1" } },
    ],
    [
      "additionalProperties",
      Type.Object({ a: Type.String() }, { additionalProperties: false }),
      { a: "x", extra: 1 },
      { field: "extra", message: { vi: "Trường không được phép", en: "This field is not allowed" } },
    ],
    [
      "uniqueItems",
      Type.Object({ codes: Type.Array(Type.String(), { uniqueItems: true }) }),
      { codes: ["a", "a"] },
      { field: "codes", message: { vi: "Các phần tử không được trùng nhau", en: "Items must be unique" } },
    ],
    [
      "another keyword (multipleOf)",
      Type.Object({ amount: Type.Integer({ multipleOf: 1000 }) }),
      { amount: 1500 },
      {
        field: "amount",
        message: { vi: "Giá trị không hợp lệ (multipleOf)", en: "Invalid value (multipleOf)" },
      },
    ],
  ];
  for (const [rule, schema, value, expected] of cases) {
    it(`${rule} → ${JSON.stringify(expected.message.vi)}`, () => {
      expect(only(schema, value)).toEqual(expected);
    });
  }

  it("every Vietnamese message carries Vietnamese diacritics and differs from the English one", () => {
    for (const [, schema, value] of cases) {
      for (const error of errorsOf(schema, value)) {
        expect(error.message.vi).toMatch(/[ảảạáàãâấầẩậẫăắằặêếềểệịíìỉĩôốồổộơớờởợưứừửựýỳỹđ]/i);
        expect(error.message.en).not.toBe(error.message.vi);
      }
    }
  });
});

describe("describeErrors — paths, prefixes and grouping", () => {
  const Component = Type.Object({ name: Type.String({ minLength: 1 }) });
  const Procedure = Type.Object({ components: Type.Array(Component) });

  it("names nested fields with a dotted path", () => {
    const errors = errorsOf(Procedure, { components: [{ name: "a" }, { name: "b" }, { name: "" }] });
    expect(errors.map((error) => error.field)).toEqual(["components.2.name"]);
  });

  it("names a missing nested field by its full path", () => {
    const errors = errorsOf(Procedure, { components: [{}] });
    expect(errors).toEqual([
      { field: "components.0.name", message: expect.objectContaining({ en: "This field is required" }) },
    ]);
  });

  it("prefixes every path with the file's name, and a whole-value error with the prefix alone", () => {
    expect(errorsOf(Procedure, { components: [{}] }, "procedures.json").map((e) => e.field)).toEqual([
      "procedures.json.components.0.name",
    ]);
    expect(errorsOf(Type.Array(Type.String()), {}, "sectors.json").map((e) => e.field)).toEqual([
      "sectors.json",
    ]);
    expect(errorsOf(Type.Array(Type.String()), {}).map((e) => e.field)).toEqual([""]);
  });

  it("reports every invalid field at once (allErrors), in schema order", () => {
    const Query = Type.Object({
      page: Type.Integer({ minimum: 1 }),
      pageSize: Type.Integer({ maximum: 100 }),
      q: Type.String({ maxLength: 3 }),
    });
    expect(errorsOf(Query, { page: 0, pageSize: 101, q: "abcd" }).map((e) => e.field)).toEqual([
      "page",
      "pageSize",
      "q",
    ]);
  });

  it("a union of literals gives one message per field listing the allowed values, not one per branch", () => {
    const Query = Type.Object({
      level: Type.Union([Type.Literal("central"), Type.Literal("province"), Type.Literal("commune")]),
    });
    expect(errorsOf(Query, { level: "x" })).toEqual([
      {
        field: "level",
        message: {
          vi: "Phải là một trong: central, province, commune",
          en: "Must be one of: central, province, commune",
        },
      },
    ]);
  });

  it("keeps the unions of two fields apart", () => {
    const Query = Type.Object({
      a: Type.Union([Type.Literal("x"), Type.Literal("y")]),
      b: Type.Union([Type.Literal(1), Type.Literal(2)]),
    });
    expect(errorsOf(Query, { a: "z", b: 3 }).map((e) => [e.field, e.message.en])).toEqual([
      ["a", "Must be one of: x, y"],
      ["b", "Must be one of: 1, 2"],
    ]);
  });

  it("drops the anyOf summary of a union of types, keeping its branches' messages once each", () => {
    const errors = errorsOf(Type.Object({ v: Type.Union([Type.String(), Type.Integer()]) }), { v: true });
    expect(errors.map((e) => e.message.vi)).toEqual(["Phải là chuỗi ký tự", "Phải là số nguyên"]);
  });

  it("describes no errors as an empty list", () => {
    expect(describeErrors(null)).toEqual([]);
    expect(describeErrors(undefined)).toEqual([]);
    expect(describeErrors([])).toEqual([]);
  });
});
