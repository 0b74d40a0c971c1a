import type { JsonSchemaObject } from "./fieldsToSchema.ts";

/**
 * The e-form data a dossier may store is bounded by its procedure's form (issue #20 "Stored form data", R-SUB-1):
 * the published JSON Schema is read strictly on the server — a field the form does not have is refused, a text has
 * at most FORM_TEXT_MAX characters and a table at most FORM_ROWS_MAX rows unless the form says less — so no applicant
 * can store a megabyte string or a 3,000-deep tree in a dossier. Pure: the schema in, a stricter copy out.
 */
export const FORM_TEXT_MAX = 2_000;
export const FORM_ROWS_MAX = 200;
/** A procedure with no published form takes the common declaration plus at most this many short single values. */
export const FREE_FORM_FIELDS_MAX = 50;

const isObject = (value: unknown): value is JsonSchemaObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const typesOf = (schema: JsonSchemaObject): unknown[] => ([] as unknown[]).concat(schema.type ?? []);

/** A copy of a form schema where every object is closed and every text and table is bounded. */
export function strictFormSchema(schema: JsonSchemaObject): JsonSchemaObject {
  const copy: JsonSchemaObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties" && isObject(value))
      copy[key] = Object.fromEntries(
        Object.entries(value).map(([name, inner]) => [
          name,
          isObject(inner) ? strictFormSchema(inner) : inner,
        ]),
      );
    else if (key === "items" && isObject(value)) copy[key] = strictFormSchema(value);
    else copy[key] = value;
  }
  const types = typesOf(copy);
  const literal = copy.enum !== undefined || copy.const !== undefined;
  if (types.includes("object") || isObject(copy.properties)) copy.additionalProperties = false;
  if (types.includes("array")) {
    copy.maxItems = Math.min(Number(copy.maxItems ?? FORM_ROWS_MAX), FORM_ROWS_MAX);
    // A table without column schemas would let anything in its rows.
    if (!isObject(copy.items))
      copy.items = { type: ["string", "number", "boolean"], maxLength: FORM_TEXT_MAX };
  }
  if (types.includes("string") && !literal)
    copy.maxLength = Math.min(Number(copy.maxLength ?? FORM_TEXT_MAX), FORM_TEXT_MAX);
  return copy;
}

/**
 * What a dossier of a procedure without a published form may carry: the common declaration the portal shows in its
 * place (who asks, how to reach them, what they ask) with its types, and otherwise only short single values under
 * plain names — no nesting, at most FREE_FORM_FIELDS_MAX fields. Nothing is required here: the counter and the
 * national portal bring dossiers whose declaration is on paper or elsewhere.
 */
export const FREE_FORM_SCHEMA: JsonSchemaObject = {
  type: "object",
  title: "Tờ khai",
  maxProperties: FREE_FORM_FIELDS_MAX,
  propertyNames: { pattern: "^[A-Za-z][A-Za-z0-9_]{0,63}$" },
  properties: {
    organisationName: { title: "Tên tổ chức, doanh nghiệp", type: "string", maxLength: 300 },
    taxCode: { title: "Mã số thuế", type: "string", maxLength: 14 },
    fullName: { title: "Họ, chữ đệm và tên người yêu cầu", type: "string", maxLength: 200 },
    idNumber: { title: "Số định danh cá nhân", type: "string", maxLength: 12 },
    birthDate: { title: "Ngày sinh", type: "string", maxLength: 10 },
    phone: { title: "Số điện thoại", type: "string", maxLength: 30 },
    email: { title: "Thư điện tử", type: "string", maxLength: 254 },
    address: { title: "Nơi cư trú", type: "string", maxLength: 300 },
    request: { title: "Nội dung yêu cầu", type: "string", maxLength: 500 },
  },
  additionalProperties: { type: ["string", "number", "boolean", "null"], maxLength: FORM_TEXT_MAX },
};

/**
 * The labels leading to a place in the form data (`["benNam", "ngaySinh"]` → `["Bên nam", "Ngày, tháng, năm sinh"]`),
 * so a refusal names what the applicant read on the form, not the property name behind it. A row of a table reads
 * "dòng N" / "row N"; a key the form does not have is quoted as sent.
 */
export function labelsAt(schema: JsonSchemaObject, path: readonly string[], lang: "vi" | "en"): string[] {
  const labels: string[] = [];
  let current: JsonSchemaObject | undefined = schema;
  for (const part of path) {
    const properties: unknown = current?.properties;
    const items: unknown = current?.items;
    if (isObject(properties) && isObject(properties[part])) {
      current = properties[part] as JsonSchemaObject;
      labels.push(typeof current.title === "string" && current.title.trim() ? current.title : `«${part}»`);
    } else if (isObject(items) && /^\d+$/.test(part)) {
      current = items;
      labels.push(lang === "vi" ? `dòng ${Number(part) + 1}` : `row ${Number(part) + 1}`);
    } else {
      current = undefined;
      labels.push(`«${part}»`);
    }
  }
  return labels;
}
