import type { ValidateFunction } from "ajv";
import type { JsonSchemaObject } from "../../domain/eform/fieldsToSchema.ts";
import {
  FREE_FORM_FIELDS_MAX,
  FREE_FORM_SCHEMA,
  labelsAt,
  strictFormSchema,
} from "../../domain/eform/strictFormSchema.ts";
import { createAjv } from "./ajv.ts";
import { describeErrors, type FieldError } from "./messages.ts";

/**
 * Checks a dossier's e-form data against its procedure's form, read strictly (issue #20 "Stored form data", R-SUB-1):
 * unknown fields refused, types kept as the form says (no coercion: a number typed as text is refused, never turned
 * into one, and a number is never stored as text), texts and tables bounded. Each refusal names the field by the
 * label the applicant read on the form.
 */

// No coercion: what is stored is what was sent, and it matches the form's types.
const formAjv = createAjv({ coerceTypes: false });

/**
 * Compiled validators by schema text: offerings' schemas come from the database as fresh objects each time, and Ajv
 * keeps every schema object it compiles, so keying by object would compile (and keep) one per request.
 */
const compiled = new Map<string, { validate: ValidateFunction; schema: JsonSchemaObject }>();
const MAX_COMPILED = 500;

function validatorOf(formSchema: JsonSchemaObject | null): {
  validate: ValidateFunction;
  schema: JsonSchemaObject;
} {
  const source = formSchema ?? FREE_FORM_SCHEMA;
  const key = JSON.stringify(source);
  let entry = compiled.get(key);
  if (!entry) {
    const schema = formSchema ? strictFormSchema(formSchema) : FREE_FORM_SCHEMA;
    // A schema changed by its administrator is a new key; the oldest entries go first.
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
    entry = { validate: formAjv.compile(schema), schema };
    compiled.set(key, entry);
    // Ajv keeps compiled schemas by object: drop ours from its cache since the map above holds what we reuse.
    formAjv.removeSchema(schema);
  }
  return entry;
}

/**
 * The refusals of one form data value, `field` being the dotted path under `prefix` (what the pages map to their
 * inputs) and the message starting with the field's label in both languages.
 */
export function checkFormData(
  formSchema: JsonSchemaObject | null,
  formData: unknown,
  prefix = "formData",
  options: { answersOptional?: boolean } = {},
): FieldError[] {
  const { validate, schema } = validatorOf(formSchema);
  if (validate(formData)) return [];
  // A paper dossier brings its declaration on paper, scanned (R-RECV-2): what the counter types of the e-form is
  // checked for its shape, but no answer is required.
  const errors = (validate.errors ?? []).filter(
    (e) => !(options.answersOptional && e.keyword === "required"),
  );
  const refusals: FieldError[] = [];
  // A name outside the plain-name rule, or too many free fields, on a form that has no published schema.
  const badNames = new Set(
    errors.flatMap((e) => (e.propertyName !== undefined ? [e.propertyName] : [])).map(String),
  );
  for (const name of badNames)
    refusals.push({
      field: `${prefix}.${name.slice(0, 64)}`,
      message: {
        vi: "Tên trường của tờ khai chỉ gồm chữ cái không dấu, chữ số và dấu _",
        en: "A form field's name has only ASCII letters, digits and _",
      },
    });
  if (errors.some((e) => e.keyword === "maxProperties" && e.instancePath === ""))
    refusals.push({
      field: prefix,
      message: {
        vi: `Tờ khai có quá nhiều trường (tối đa ${FREE_FORM_FIELDS_MAX})`,
        en: `The form has too many fields (at most ${FREE_FORM_FIELDS_MAX})`,
      },
    });
  const rest = errors.filter(
    (e) =>
      e.propertyName === undefined &&
      e.keyword !== "propertyNames" &&
      !(e.keyword === "maxProperties" && e.instancePath === ""),
  );
  for (const error of describeErrors(rest)) {
    const path = error.field === "" ? [] : error.field.split(".");
    const field = [prefix, ...path].join(".");
    if (path.length === 0) {
      refusals.push({ field, message: error.message });
      continue;
    }
    const label = (lang: "vi" | "en") => labelsAt(schema, path, lang).join(" › ");
    const unknown = rest.some(
      (e) =>
        e.keyword === "additionalProperties" &&
        `${e.instancePath}/${String(e.params.additionalProperty)}` === `/${path.join("/")}`,
    );
    refusals.push({
      field,
      message: unknown
        ? {
            vi: `${label("vi")}: tờ khai không có trường này`,
            en: `${label("en")}: the form has no such field`,
          }
        : { vi: `${label("vi")}: ${error.message.vi}`, en: `${label("en")}: ${error.message.en}` },
    });
  }
  return refusals;
}
