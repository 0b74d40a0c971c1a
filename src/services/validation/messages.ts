import type { ErrorObject } from "ajv";

/** A message in both languages of the system: Vietnamese by default, English with `Accept-Language: en`. */
export interface LocalizedText {
  vi: string;
  en: string;
}

export interface FieldError {
  /** Where, as a dotted path (`page`, `components.2.name`); empty for the whole value. */
  field: string;
  message: LocalizedText;
}

function pathOf(error: ErrorObject, prefix: string | undefined): string {
  const parts = error.instancePath.split("/").filter(Boolean);
  if (error.keyword === "required") parts.push(String(error.params.missingProperty));
  if (error.keyword === "additionalProperties") parts.push(String(error.params.additionalProperty));
  const path = parts.join(".");
  return prefix ? (path ? `${prefix}.${path}` : prefix) : path;
}

const typeNames: Record<string, LocalizedText> = {
  string: { vi: "chuỗi ký tự", en: "a string" },
  integer: { vi: "số nguyên", en: "an integer" },
  number: { vi: "số", en: "a number" },
  boolean: { vi: "giá trị đúng/sai", en: "a boolean" },
  array: { vi: "danh sách", en: "a list" },
  object: { vi: "đối tượng", en: "an object" },
  null: { vi: "rỗng", en: "null" },
};

function describeType(type: unknown): LocalizedText {
  const names = (Array.isArray(type) ? type : [type]).map(
    (t) => typeNames[String(t)] ?? { vi: String(t), en: String(t) },
  );
  return { vi: names.map((n) => n.vi).join(" hoặc "), en: names.map((n) => n.en).join(" or ") };
}

/** One Ajv error in plain Vietnamese and English, naming the field. */
export function describeError(error: ErrorObject, prefix?: string): FieldError {
  const field = pathOf(error, prefix);
  const p = error.params as Record<string, unknown>;
  const message = ((): LocalizedText => {
    switch (error.keyword) {
      case "required":
        return { vi: "Thiếu trường bắt buộc", en: "This field is required" };
      case "type": {
        const type = describeType(p.type);
        return { vi: `Phải là ${type.vi}`, en: `Must be ${type.en}` };
      }
      case "minimum":
        return { vi: `Phải lớn hơn hoặc bằng ${p.limit}`, en: `Must be at least ${p.limit}` };
      case "exclusiveMinimum":
        return { vi: `Phải lớn hơn ${p.limit}`, en: `Must be greater than ${p.limit}` };
      case "maximum":
        return { vi: `Phải nhỏ hơn hoặc bằng ${p.limit}`, en: `Must be at most ${p.limit}` };
      case "exclusiveMaximum":
        return { vi: `Phải nhỏ hơn ${p.limit}`, en: `Must be less than ${p.limit}` };
      case "minLength":
        return Number(p.limit) === 1
          ? { vi: "Không được để trống", en: "Must not be empty" }
          : { vi: `Phải có ít nhất ${p.limit} ký tự`, en: `Must have at least ${p.limit} characters` };
      case "maxLength":
        return { vi: `Không được dài quá ${p.limit} ký tự`, en: `Must have at most ${p.limit} characters` };
      case "minItems":
        return { vi: `Phải có ít nhất ${p.limit} phần tử`, en: `Must have at least ${p.limit} items` };
      case "maxItems":
        return { vi: `Không được quá ${p.limit} phần tử`, en: `Must have at most ${p.limit} items` };
      case "pattern":
        return { vi: "Không đúng định dạng", en: "Has the wrong format" };
      case "format":
        return { vi: `Không đúng định dạng ${p.format}`, en: `Must be a valid ${p.format}` };
      case "enum": {
        const allowed = (p.allowedValues as unknown[]).map(String).join(", ");
        return { vi: `Phải là một trong: ${allowed}`, en: `Must be one of: ${allowed}` };
      }
      case "const":
        return { vi: `Phải bằng ${String(p.allowedValue)}`, en: `Must equal ${String(p.allowedValue)}` };
      case "additionalProperties":
        return { vi: "Trường không được phép", en: "This field is not allowed" };
      case "uniqueItems":
        return { vi: "Các phần tử không được trùng nhau", en: "Items must be unique" };
      default:
        return { vi: `Giá trị không hợp lệ (${error.keyword})`, en: `Invalid value (${error.keyword})` };
    }
  })();
  return { field, message };
}

/** Ajv errors as field errors, one per field and rule, in schema order. */
export function describeErrors(
  errors: readonly ErrorObject[] | null | undefined,
  prefix?: string,
): FieldError[] {
  const seen = new Set<string>();
  const result: FieldError[] = [];
  // A union of literals (`level: "central" | "province" | …`) fails once per branch with `const`; one message
  // listing the allowed values says it better than "must equal central", "must equal province"…
  const allowedByPath = new Map<string, unknown[]>();
  for (const error of errors ?? []) {
    if (error.keyword !== "const") continue;
    const values = allowedByPath.get(error.instancePath) ?? [];
    values.push(error.params.allowedValue);
    allowedByPath.set(error.instancePath, values);
  }
  for (const error of errors ?? []) {
    // `anyOf`/`oneOf` repeat what their branches said; the branches are clearer.
    if (error.keyword === "anyOf" || error.keyword === "oneOf" || error.keyword === "if") continue;
    const allowed = error.keyword === "const" ? allowedByPath.get(error.instancePath) : undefined;
    const described =
      allowed && allowed.length > 1
        ? describeError({ ...error, keyword: "enum", params: { allowedValues: allowed } }, prefix)
        : describeError(error, prefix);
    const key = `${described.field}|${described.message.vi}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push(described);
    }
  }
  return result;
}
