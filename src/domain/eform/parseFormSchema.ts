import { isFieldSource, SOURCE_KEYWORD } from "./fieldSources.ts";
import type { ColumnField, FormDefinition, FormField, FormProblem } from "./fields.ts";
import { ADDRESS_PARTS } from "./fieldsToSchema.ts";
import { idKindOfPattern } from "./identifiers.ts";
import { validateFields } from "./validateFields.ts";

type Json = Record<string, unknown>;
type Result = { ok: true; form: FormDefinition } | { ok: false; problems: FormProblem[] };

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

const COMMON = ["title", "description", "type", SOURCE_KEYWORD];

class Reader {
  readonly problems: FormProblem[] = [];

  fail(path: string, code: string, vi: string, en: string): undefined {
    this.problems.push({ path, code, message: { vi, en } });
    return undefined;
  }

  /** Keywords outside what the field kind uses: the editor could not show them, the renderer may ignore them. */
  onlyKeys(schema: Json, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(schema))
      if (!COMMON.includes(key) && !allowed.includes(key))
        this.fail(
          path,
          "UNSUPPORTED_KEYWORD",
          `Từ khóa "${key}" không được trình soạn biểu mẫu hỗ trợ`,
          `The keyword "${key}" is not supported by the form editor`,
        );
  }

  optionalNumber(schema: Json, key: string, path: string): number | undefined {
    const value = schema[key];
    if (value === undefined) return undefined;
    if (isNumber(value)) return value;
    return this.fail(`${path}.${key}`, "NOT_A_NUMBER", `"${key}" phải là số`, `"${key}" must be a number`);
  }

  base(schema: Json, name: string, required: boolean, path = name) {
    const description = typeof schema.description === "string" ? schema.description : undefined;
    const source = schema[SOURCE_KEYWORD];
    if (source !== undefined && !isFieldSource(source))
      this.fail(
        `${path}.${SOURCE_KEYWORD}`,
        "UNKNOWN_SOURCE",
        `Nguồn dữ liệu "${String(source)}" không được hỗ trợ`,
        `The data source "${String(source)}" is not supported`,
      );
    return {
      name,
      title: typeof schema.title === "string" ? schema.title : name,
      ...(description !== undefined ? { description } : {}),
      required,
      ...(isFieldSource(source) ? { source } : {}),
    };
  }

  field(
    schema: unknown,
    name: string,
    required: boolean,
    path: string,
    containers: boolean,
  ): FormField | undefined {
    if (!isObject(schema))
      return this.fail(
        path,
        "NOT_AN_OBJECT",
        "Trường phải là một lược đồ (đối tượng)",
        "A field must be a schema object",
      );
    const base = this.base(schema, name, required, path);
    switch (schema.type) {
      case "string":
        return this.stringField(schema, base, path);
      case "integer":
      case "number": {
        this.onlyKeys(schema, ["minimum", "maximum", "default"], path);
        const defaultValue = this.optionalNumber(schema, "default", path);
        return {
          ...base,
          kind: "number",
          integer: schema.type === "integer",
          minimum: this.optionalNumber(schema, "minimum", path),
          maximum: this.optionalNumber(schema, "maximum", path),
          ...(defaultValue !== undefined ? { defaultValue } : {}),
        };
      }
      case "boolean":
        this.onlyKeys(schema, ["const"], path);
        if (schema.const !== undefined && schema.const !== true)
          this.fail(
            `${path}.const`,
            "CONST_NOT_TRUE",
            "Ô đánh dấu chỉ có thể bắt buộc chọn (true)",
            "A checkbox can only be required to be ticked (true)",
          );
        return { ...base, kind: "checkbox", mustBeChecked: schema.const === true };
      case "object":
        if (!containers) return this.notInTable(path);
        return this.objectField(schema, base, path);
      case "array":
        if (!containers) return this.notInTable(path);
        return this.tableField(schema, base, path);
      default:
        return this.fail(
          `${path}.type`,
          "UNSUPPORTED_TYPE",
          "Kiểu phải là string, number, integer, boolean, object hoặc array",
          "The type must be string, number, integer, boolean, object or array",
        );
    }
  }

  notInTable(path: string): undefined {
    return this.fail(
      path,
      "KIND_NOT_ALLOWED",
      "Cột của bảng chỉ có thể là trường đơn",
      "A table column must be a single value",
    );
  }

  stringField(schema: Json, base: ReturnType<Reader["base"]>, path: string): FormField | undefined {
    if (schema.format !== undefined) {
      this.onlyKeys(schema, ["format"], path);
      if (schema.format === "date") return { ...base, kind: "date" };
      return this.fail(
        `${path}.format`,
        "UNSUPPORTED_FORMAT",
        `Định dạng "${String(schema.format)}" không được hỗ trợ`,
        `The format "${String(schema.format)}" is not supported`,
      );
    }
    if (schema.enum !== undefined) {
      this.onlyKeys(schema, ["enum"], path);
      if (!Array.isArray(schema.enum) || !schema.enum.every((option) => typeof option === "string"))
        return this.fail(
          `${path}.enum`,
          "ENUM_NOT_STRINGS",
          "Danh sách lựa chọn phải gồm các chuỗi",
          "The options must be strings",
        );
      return { ...base, kind: "select", options: [...schema.enum] };
    }
    if (schema.pattern !== undefined) {
      this.onlyKeys(schema, ["pattern"], path);
      const idKind = typeof schema.pattern === "string" ? idKindOfPattern(schema.pattern) : undefined;
      if (idKind) return { ...base, kind: "idNumber", idKind };
      return this.fail(
        `${path}.pattern`,
        "UNSUPPORTED_PATTERN",
        "Chỉ hỗ trợ mẫu của số định danh cá nhân hoặc mã số thuế",
        "Only the personal identification number and tax code patterns are supported",
      );
    }
    this.onlyKeys(schema, ["minLength", "maxLength", "default"], path);
    const defaultValue = schema.default;
    if (defaultValue !== undefined && typeof defaultValue !== "string")
      this.fail(
        `${path}.default`,
        "DEFAULT_NOT_STRING",
        "Giá trị mặc định phải là chuỗi",
        "The default must be a string",
      );
    return {
      ...base,
      kind: "text",
      minLength: this.optionalNumber(schema, "minLength", path),
      maxLength: this.optionalNumber(schema, "maxLength", path),
      ...(typeof defaultValue === "string" ? { defaultValue } : {}),
    };
  }

  properties(schema: Json, path: string, containers: boolean): FormField[] | undefined {
    if (!isObject(schema.properties))
      return this.fail(
        `${path}.properties`,
        "PROPERTIES_MISSING",
        "Thiếu danh sách trường (properties)",
        "The field list (properties) is missing",
      );
    const required = schema.required ?? [];
    if (!Array.isArray(required) || !required.every((name) => typeof name === "string"))
      return this.fail(
        `${path}.required`,
        "REQUIRED_INVALID",
        "required phải là danh sách tên trường",
        "required must be a list of field names",
      );
    const names = Object.keys(schema.properties);
    for (const name of required)
      if (!names.includes(name))
        this.fail(
          `${path}.required`,
          "REQUIRED_UNKNOWN",
          `Trường bắt buộc "${name}" không có trong danh sách trường`,
          `The required field "${name}" is not among the fields`,
        );
    const fields: FormField[] = [];
    for (const name of names) {
      const field = this.field(
        schema.properties[name],
        name,
        required.includes(name),
        `${path}.${name}`,
        containers,
      );
      if (field) fields.push(field);
    }
    return fields;
  }

  objectField(schema: Json, base: ReturnType<Reader["base"]>, path: string): FormField | undefined {
    this.onlyKeys(schema, ["properties", "required"], path);
    const keys = isObject(schema.properties) ? Object.keys(schema.properties).sort() : [];
    // An object of exactly province, commune and street is an address: its parts are ours, not the author's.
    if (keys.join(",") === [...ADDRESS_PARTS].sort().join(",")) return { ...base, kind: "address" };
    const fields = this.properties(schema, path, true);
    return fields ? { ...base, kind: "group", fields } : undefined;
  }

  tableField(schema: Json, base: ReturnType<Reader["base"]>, path: string): FormField | undefined {
    this.onlyKeys(schema, ["items", "minItems"], path);
    const items = schema.items;
    if (!isObject(items) || items.type !== "object")
      return this.fail(
        `${path}.items`,
        "ITEMS_NOT_OBJECT",
        "Mỗi dòng của bảng phải là một đối tượng",
        "Each table row must be an object",
      );
    this.onlyKeys(items, ["properties", "required"], `${path}.items`);
    const columns = this.properties(items, `${path}.items`, false);
    return columns ? { ...base, kind: "table", columns: columns as ColumnField[] } : undefined;
  }
}

/**
 * Reads a procedure's e-form JSON Schema back into the editor's field list. A schema is one the renderer and the
 * editor support exactly when this succeeds and the field list passes `validateFields`; otherwise every problem is
 * returned, with its path in the schema.
 */
export function parseFormSchema(schema: unknown): Result {
  const reader = new Reader();
  if (!isObject(schema) || schema.type !== "object") {
    reader.fail(
      "",
      "ROOT_NOT_OBJECT",
      "Tờ khai phải là lược đồ JSON kiểu object",
      "The form must be a JSON Schema of type object",
    );
    return { ok: false, problems: reader.problems };
  }
  reader.onlyKeys(schema, ["$schema", "properties", "required"], "");
  const fields = reader.properties(schema, "", true) ?? [];
  const form: FormDefinition = { title: typeof schema.title === "string" ? schema.title : "", fields };
  const problems = [...reader.problems, ...(reader.problems.length === 0 ? validateFields(form) : [])];
  return problems.length === 0 ? { ok: true, form } : { ok: false, problems };
}
