import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/**
 * The one JSON-Schema engine (DESIGN §5): HTTP bodies and queries, import files, seed data and, later, e-forms.
 * `allErrors` so a person sees every wrong field at once; `coerceTypes` only where Fastify asks for it.
 */
export function createAjv(options: { coerceTypes?: boolean | "array" } = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes: options.coerceTypes ?? false,
    useDefaults: true,
    removeAdditional: false,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

export const ajv = createAjv();

const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles once per schema object. */
export function validatorFor<T>(schema: object): ValidateFunction<T> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate as ValidateFunction<T>;
}

export type { ErrorObject };
