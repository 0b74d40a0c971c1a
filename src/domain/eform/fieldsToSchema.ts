import { SOURCE_KEYWORD } from "./fieldSources.ts";
import type { AddressOptions, ColumnField, FormDefinition, FormField } from "./fields.ts";
import { patternOfIdKind } from "./identifiers.ts";

export type JsonSchemaObject = Record<string, unknown>;

/** The property names of the address object; `parseFormSchema` recognises an address by exactly these. */
export const ADDRESS_PARTS = ["province", "commune", "street"] as const;

const labelsOf = (field: FormField): JsonSchemaObject => ({
  title: field.title,
  ...(field.description ? { description: field.description } : {}),
  ...(field.source ? { [SOURCE_KEYWORD]: field.source } : {}),
});

function columnSchema(field: ColumnField): JsonSchemaObject {
  switch (field.kind) {
    case "text":
      return {
        ...labelsOf(field),
        type: "string",
        ...(field.minLength !== undefined ? { minLength: field.minLength } : {}),
        ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
        ...(field.defaultValue !== undefined ? { default: field.defaultValue } : {}),
      };
    case "number":
      return {
        ...labelsOf(field),
        type: field.integer ? "integer" : "number",
        ...(field.minimum !== undefined ? { minimum: field.minimum } : {}),
        ...(field.maximum !== undefined ? { maximum: field.maximum } : {}),
        ...(field.defaultValue !== undefined ? { default: field.defaultValue } : {}),
      };
    case "date":
      return { ...labelsOf(field), type: "string", format: "date" };
    case "select":
      return { ...labelsOf(field), type: "string", enum: [...field.options] };
    case "idNumber":
      return { ...labelsOf(field), type: "string", pattern: patternOfIdKind(field.idKind) };
    case "checkbox":
      return { ...labelsOf(field), type: "boolean", ...(field.mustBeChecked ? { const: true } : {}) };
  }
}

function fieldSchema(field: FormField, address: AddressOptions): JsonSchemaObject {
  switch (field.kind) {
    case "address":
      // A required address needs its three parts; an optional one may stay empty as a whole.
      return {
        ...labelsOf(field),
        type: "object",
        required: field.required ? [...ADDRESS_PARTS] : [],
        properties: {
          province: { title: "Tỉnh, thành phố", type: "string", enum: [address.province] },
          // Without a list of communes (none known yet), the commune is typed.
          commune:
            address.communes.length > 0
              ? { title: "Xã, phường, đặc khu", type: "string", enum: [...address.communes] }
              : { title: "Xã, phường, đặc khu", type: "string", minLength: 1, maxLength: 100 },
          street: { title: "Số nhà, đường, thôn, tổ dân phố", type: "string", minLength: 1, maxLength: 200 },
        },
      };
    case "table":
      return {
        ...labelsOf(field),
        type: "array",
        ...(field.required ? { minItems: 1 } : {}),
        items: objectSchema(field.columns, address),
      };
    case "group":
      return { ...labelsOf(field), ...objectSchema(field.fields, address) };
    default:
      return columnSchema(field);
  }
}

function objectSchema(fields: readonly FormField[], address: AddressOptions): JsonSchemaObject {
  return {
    type: "object",
    required: fields.filter((field) => field.required).map((field) => field.name),
    properties: Object.fromEntries(fields.map((field) => [field.name, fieldSchema(field, address)])),
  };
}

function fieldUi(field: FormField): JsonSchemaObject {
  switch (field.kind) {
    case "address":
      return { "ui:order": [...ADDRESS_PARTS] };
    case "table":
      return { items: uiOf(field.columns) };
    case "group":
      return uiOf(field.fields);
    case "checkbox":
      return { "ui:widget": "checkbox" };
    case "select":
      return { "ui:placeholder": "—" };
    default:
      return {};
  }
}

function uiOf(fields: readonly FormField[]): JsonSchemaObject {
  return {
    "ui:order": [...fields.map((field) => field.name), "*"],
    ...Object.fromEntries(fields.map((field) => [field.name, fieldUi(field)])),
  };
}

/**
 * The procedure's e-form as JSON Schema (draft-07, what the portal renders and the server validates with) and the
 * uiSchema that orders the fields as listed. Assumes `validateFields` found no problem.
 */
export function fieldsToSchema(
  form: FormDefinition,
  address: AddressOptions,
): { schema: JsonSchemaObject; uiSchema: JsonSchemaObject } {
  return {
    schema: {
      $schema: "http://json-schema.org/draft-07/schema#",
      title: form.title,
      ...objectSchema(form.fields, address),
    },
    uiSchema: uiOf(form.fields),
  };
}
