import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import { HttpRefusal } from "./httpRefusals.ts";

/**
 * Hostile input stops at the door (issue #20 "Hostile input"): before any schema runs, a JSON body may nest at most
 * MAX_JSON_DEPTH levels and hold strings of at most MAX_JSON_STRING characters, and no text anywhere (body, query,
 * path) may carry a NUL or an unpaired UTF-16 surrogate, which PostgreSQL refuses (a 500 before) and which no form
 * needs. Each schema of a request gets bounds where its author gave none, so validation work stays small.
 */
export const MAX_JSON_DEPTH = 32;
export const MAX_JSON_STRING = 100_000;
/** Bounds given to request schemas that set none (issue #20: "bound every array, string and nesting depth"). */
export const DEFAULT_MAX_ITEMS = 5_000;
export const DEFAULT_MAX_LENGTH = 100_000;
export const DEFAULT_MAX_PROPERTIES = 1_000;

/** Deepest nesting of a JSON text, counted without parsing it (a 10,000-deep body never reaches JSON.parse). */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92 /* \ */) index++;
      else if (char === 34 /* " */) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 123 /* { */ || char === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (char === 125 /* } */ || char === 93 /* ] */) depth--;
  }
  return false;
}

/** A text a database and a person can both hold: no NUL, no unpaired surrogate. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isCleanText(value: string): boolean {
  return !value.includes("\u0000") && !UNPAIRED_SURROGATE.test(value);
}

/** Walks a parsed value (depth already bounded); the refusal code, or undefined when every text is clean. */
export function findDirtyText(
  value: unknown,
  maxString = Number.POSITIVE_INFINITY,
): "INVALID_TEXT" | "STRING_TOO_LONG" | undefined {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") {
      if (!isCleanText(item)) return "INVALID_TEXT";
      if (item.length > maxString) return "STRING_TOO_LONG";
    } else if (Array.isArray(item)) {
      // One by one: spreading 200,000 items into push() overflows the arguments limit.
      for (const inner of item) stack.push(inner);
    } else if (item && typeof item === "object") {
      for (const [key, inner] of Object.entries(item)) {
        if (!isCleanText(key)) return "INVALID_TEXT";
        stack.push(inner);
      }
    }
  }
  return undefined;
}

type Schema = Record<string, unknown>;

/** A copy of a request schema with bounds added wherever the author left an array, string or object open. */
export function boundedSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(boundedSchema);
  if (!schema || typeof schema !== "object") return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    // Literal values (enum, const, default, examples) are data, not schemas.
    copy[key] = ["enum", "const", "default", "examples", "example"].includes(key)
      ? value
      : boundedSchema(value);
  }
  const types = ([] as unknown[]).concat(copy.type ?? []);
  const bounded = copy.enum !== undefined || copy.const !== undefined;
  if (!bounded && types.includes("array") && copy.maxItems === undefined) copy.maxItems = DEFAULT_MAX_ITEMS;
  if (!bounded && types.includes("string") && copy.maxLength === undefined)
    copy.maxLength = DEFAULT_MAX_LENGTH;
  if (!bounded && types.includes("object") && copy.maxProperties === undefined)
    copy.maxProperties = DEFAULT_MAX_PROPERTIES;
  return copy;
}

function refuseDirtyStrings(record: unknown): void {
  const found = findDirtyText(record);
  if (found) throw new HttpRefusal(found);
}

export function registerHostileInputGuards(app: FastifyInstance): void {
  const defaultJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, text, done) => {
    const body = text as string;
    if (jsonDepthExceeds(body, MAX_JSON_DEPTH)) return done(new HttpRefusal("JSON_TOO_DEEP"), undefined);
    defaultJson(request, body, (error, value) => {
      if (error) return done(error, undefined);
      const found = findDirtyText(value, MAX_JSON_STRING);
      if (found) return done(new HttpRefusal(found), undefined);
      done(null, value);
    });
  });

  // Query and path parameters are parsed outside the JSON parser: the same text rule applies to them.
  app.addHook("preValidation", async (request: FastifyRequest) => {
    refuseDirtyStrings(request.query);
    refuseDirtyStrings(request.params);
  });

  app.addHook("onRoute", (route: RouteOptions) => {
    if (!route.schema) return;
    for (const part of ["body", "querystring", "params", "headers"] as const) {
      const schema = route.schema[part];
      if (schema) (route.schema as Record<string, unknown>)[part] = boundedSchema(schema);
    }
  });
}
