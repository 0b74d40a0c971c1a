import {
  type CustomValidator,
  createErrorHandler,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  toErrorSchema,
  type UiSchema,
  unwrapErrorHandler,
  type ValidationData,
  type ValidatorType,
  validationDataMerge,
} from "@rjsf/utils";

/**
 * A JSON Schema validator for the e-forms that needs no `eval`: ajv compiles schemas with `new Function`, which the
 * server's Content-Security-Policy (script-src 'self', no 'unsafe-eval') rightly forbids. It covers what e-forms
 * use (type, required, minLength/maxLength, minItems/maxItems, pattern, format email/date/date-time, enum, const, minimum/maximum,
 * nested objects and arrays) and reports errors the way ajv does, so @rjsf shows them on the right field.
 */
type Schema = RJSFSchema;
type Errors = RJSFValidationError[];

const emailFormat = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const dateFormat = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "null":
      return value === null;
    default:
      return true;
  }
}

function validDate(text: string): boolean {
  if (!dateFormat.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function check(schema: Schema, value: unknown, path: string, errors: Errors): void {
  if (value === undefined || typeof schema !== "object" || schema === null) return;
  const push = (name: string, params: Record<string, unknown>, message: string) =>
    errors.push({
      name,
      property: path,
      params,
      message,
      stack: `${path} ${message}`.trim(),
      schemaPath: "",
      title: typeof schema.title === "string" ? schema.title : "",
    });
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 0 && !types.some((type) => typeMatches(type, value))) {
    push("type", { type: types.join(",") }, `must be ${types.join(",")}`);
    return;
  }
  if ("const" in schema && schema.const !== value)
    push("const", { allowedValue: schema.const }, "must be equal to constant");
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value))
    push("enum", { allowedValues: schema.enum }, "must be equal to one of the allowed values");
  if (typeof value === "string") {
    const length = [...value].length;
    if (typeof schema.minLength === "number" && length < schema.minLength)
      push(
        "minLength",
        { limit: schema.minLength },
        `must NOT have fewer than ${schema.minLength} characters`,
      );
    if (typeof schema.maxLength === "number" && length > schema.maxLength)
      push(
        "maxLength",
        { limit: schema.maxLength },
        `must NOT have more than ${schema.maxLength} characters`,
      );
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value))
      push("pattern", { pattern: schema.pattern }, `must match pattern "${schema.pattern}"`);
    const format = schema.format;
    if (
      (format === "email" && !emailFormat.test(value)) ||
      (format === "date" && !validDate(value)) ||
      (format === "date-time" && Number.isNaN(Date.parse(value)))
    )
      push("format", { format }, `must match format "${format}"`);
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum)
      push("minimum", { limit: schema.minimum, comparison: ">=" }, `must be >= ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum)
      push("maximum", { limit: schema.maximum, comparison: "<=" }, `must be <= ${schema.maximum}`);
  }
  // Issue #19: tables of the declarations have a least and a most number of rows.
  if (Array.isArray(value) && typeof schema.minItems === "number" && value.length < schema.minItems)
    push("minItems", { limit: schema.minItems }, `must NOT have fewer than ${schema.minItems} items`);
  if (Array.isArray(value) && typeof schema.maxItems === "number" && value.length > schema.maxItems)
    push("maxItems", { limit: schema.maxItems }, `must NOT have more than ${schema.maxItems} items`);
  if (
    Array.isArray(value) &&
    schema.items &&
    typeof schema.items === "object" &&
    !Array.isArray(schema.items)
  ) {
    value.forEach((item, index) => {
      check(schema.items as Schema, item, `${path}.${index}`, errors);
    });
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      const present = record[name];
      if (present === undefined || present === null) {
        const field = schema.properties?.[name];
        errors.push({
          name: "required",
          property: path ? `${path}.${name}` : name,
          params: { missingProperty: name },
          message: `must have required property '${name}'`,
          stack: `must have required property '${name}'`,
          schemaPath: "#/required",
          title: field && typeof field === "object" && typeof field.title === "string" ? field.title : "",
        });
      }
    }
    for (const [name, field] of Object.entries(schema.properties ?? {})) {
      if (typeof field === "object") check(field, record[name], path ? `${path}.${name}` : name, errors);
    }
  }
}

export const formValidator: ValidatorType<Record<string, unknown>, Schema> = {
  validateFormData(
    formData: Record<string, unknown> | undefined,
    schema: Schema,
    customValidate?: CustomValidator<Record<string, unknown>, Schema>,
    transformErrors?: ErrorTransformer<Record<string, unknown>, Schema>,
    uiSchema?: UiSchema<Record<string, unknown>, Schema>,
  ): ValidationData<Record<string, unknown>> {
    let errors: Errors = [];
    check(schema, formData ?? {}, "", errors);
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const errorSchema = toErrorSchema<Record<string, unknown>>(errors);
    if (!customValidate) return { errors, errorSchema };
    const handler = customValidate(formData, createErrorHandler(formData ?? {}), uiSchema, errorSchema);
    return validationDataMerge({ errors, errorSchema }, unwrapErrorHandler(handler));
  },
  isValid(schema: Schema, formData: Record<string, unknown> | undefined): boolean {
    const errors: Errors = [];
    check(schema, formData, "", errors);
    return errors.length === 0;
  },
  rawValidation<Result = unknown>(schema: Schema, formData?: Record<string, unknown>) {
    const errors: Errors = [];
    check(schema, formData, "", errors);
    return { errors: errors as unknown as Result[] };
  },
};
