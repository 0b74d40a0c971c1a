import { AjvCompiler } from "@fastify/ajv-compiler";
import { SerializerSelector } from "@fastify/fast-json-stringify-compiler";

/**
 * Fastify's own validator and serializer compilers, each remembering what it compiled by the schema's text.
 *
 * Every route repeats schemas: the error answer under each refusal status, the dossier view under several routes.
 * Fastify compiles each occurrence again (about two thousand serializers and four hundred validators for the whole
 * app), which made building the app take seconds: at every start, and in every test file. Both compilers ignore
 * the route, method and status they are given: what they compile depends only on the schema, the context's shared
 * schemas and the options. So one compiled function per distinct text of those three is the same function, and the
 * memory is shared by every app of the process (a test file builds several).
 */
const buildValidator = AjvCompiler();
const buildSerializer = SerializerSelector();
const compiled = new Map<string, unknown>();

export function cachedSchemaCompilers() {
  return {
    buildValidator: ((externalSchemas, options) =>
      rememberedBySchema(
        `validator ${JSON.stringify(externalSchemas)} ${JSON.stringify(options)}`,
        buildValidator(externalSchemas, options),
      )) as typeof buildValidator,
    buildSerializer: ((externalSchemas, options) =>
      rememberedBySchema(
        `serializer ${JSON.stringify(externalSchemas)} ${JSON.stringify(options)}`,
        buildSerializer(externalSchemas, options),
      )) as typeof buildSerializer,
  };
}

function rememberedBySchema<Compile extends (route: never) => unknown>(
  context: string,
  compile: Compile,
): Compile {
  return ((route: { schema: unknown }) => {
    const key = `${context} ${JSON.stringify(route.schema)}`;
    let found = compiled.get(key);
    if (found === undefined) {
      found = (compile as unknown as (route: { schema: unknown }) => unknown)(route);
      compiled.set(key, found);
    }
    return found;
  }) as unknown as Compile;
}
