/**
 * The OpenAPI fuzz (issue #20, "Hostile input"): generated from the app's OpenAPI document (`/docs/json`). For every
 * documented route, a fixed budget of hostile requests from fast-check with a fixed seed (the run is reproducible):
 * wrong types, huge arrays, deep nesting, NUL bytes, lone surrogates, bidirectional controls, long strings, in the
 * body, the query and the path; malformed JSON and malformed multipart. Each is sent with the session of a role the
 * authorization matrix allows on the route (so validation, not the role check, is what answers), alternately in
 * Vietnamese and in English. Properties:
 * - no 5xx (a 503 …NOT_CONFIGURED of a route whose external system is not wired in the test app excepted);
 * - a refused request changes nothing (database fingerprint before and after each route's refused inputs);
 * - every refusal's message in the asked language: Vietnamese with Accept-Language: vi, English with en.
 * Prints the number of inputs tried. FUZZ_INPUTS_PER_ROUTE (default 6) and FUZZ_SEED (default 20) change the budget.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizationMatrix, type MatrixRole } from "../http/authorizationMatrix.ts";
import {
  changedTables,
  databaseFingerprint,
  encodeHostile,
  type JsonSchema,
  type MatrixFixtures,
  matrixLimits,
  type OpenApiRoute,
  openApiRoutes,
  prepareMatrix,
  sampleValid,
  urlFor,
} from "../http/authorizationMatrixSupport.ts";
import { type AuthTestApp, createAuthTestApp } from "../support/authSession.ts";

const INPUTS_PER_ROUTE = Number(process.env.FUZZ_INPUTS_PER_ROUTE ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? 20);

const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const LIBRARY_ENGLISH =
  /Body is not valid JSON|Request body is too large|Unsupported Media Type|Unexpected end|FST_|must have required|must be /i;

/** Hostile text: NUL, lone surrogates, bidi overrides, control characters, very long, or plain. */
const hostileText = fc.oneof(
  fc.constant("a\u0000b"),
  fc.constant("\ud800"),
  fc.constant("x\udfffy"),
  fc.constant("\u202etxt.exe"),
  fc.constant("\u0001\u0002\u001b[31m"),
  fc.constant("'; drop table dossiers; --"),
  fc.constant("../../../../etc/passwd"),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => "é".repeat(n)),
  fc.string({ unit: "binary", maxLength: 40 }),
);

/** A value of the wrong kind or size for any field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.constant(null),
  fc.constant(true),
  fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5),
  fc.constant({}),
  fc.constant([]),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => Array.from({ length: n }, () => 1)),
  fc.integer({ min: 20, max: 200 }).map((depth) => {
    let value: unknown = "đáy";
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  }),
);

/** The route's valid sample with one field (or the whole body) replaced by something hostile. */
function hostileBody(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const valid = sampleValid(schema);
  const fields = Object.keys(schema?.properties ?? {});
  const replaceOne =
    fields.length > 0 && valid && typeof valid === "object" && !Array.isArray(valid)
      ? fc
          .tuple(fc.constantFrom(...fields), hostileValue)
          .map(([field, value]) => ({ ...(valid as object), [field]: value }))
      : hostileValue;
  return fc.oneof(
    { weight: 3, arbitrary: replaceOne },
    { weight: 1, arbitrary: hostileValue },
    {
      weight: 1,
      arbitrary: fc.record({ ...(valid && typeof valid === "object" ? {} : {}), extra: hostileValue }),
    },
  );
}

type RawInput =
  | { kind: "json"; body: unknown }
  | { kind: "raw"; contentType: string; payload: string }
  | { kind: "query"; name: string; value: string }
  | { kind: "path"; name: string; value: string };

/** Bodies that are not even JSON: truncated, 12,000 levels deep, huge, wrong content types, broken multipart. */
const malformed = fc.constantFrom<RawInput>(
  { kind: "raw", contentType: "application/json", payload: '{"a": ' },
  { kind: "raw", contentType: "application/json", payload: `${"[".repeat(12_000)}${"]".repeat(12_000)}` },
  { kind: "raw", contentType: "application/json", payload: `{"a":"${"\\ud800"}"}` },
  { kind: "raw", contentType: "application/json", payload: '{"a":"\\u0000"}' },
  { kind: "raw", contentType: "text/plain", payload: "xin chào" },
  { kind: "raw", contentType: "application/xml", payload: "<a/>" },
  {
    kind: "raw",
    contentType: "multipart/form-data; boundary=XYZ",
    payload: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut',
  },
  { kind: "raw", contentType: "multipart/form-data", payload: "--\r\n\r\n" },
);

function inputsFor(route: OpenApiRoute, seed: number): RawInput[] {
  const options: fc.Arbitrary<RawInput>[] = [];
  if (!["GET", "DELETE"].includes(route.method)) {
    options.push(hostileBody(route.body).map((body) => ({ kind: "json" as const, body })));
    options.push(malformed);
  }
  const query = route.parameters.filter((p) => p.in === "query").map((p) => p.name);
  if (query.length > 0)
    options.push(
      fc
        .tuple(fc.constantFrom(...query), hostileText)
        .map(([name, value]) => ({ kind: "query" as const, name, value: value.slice(0, 5_000) })),
    );
  const path = route.parameters.filter((p) => p.in === "path").map((p) => p.name);
  if (path.length > 0)
    options.push(
      fc
        .tuple(fc.constantFrom(...path), hostileText)
        .map(([name, value]) => ({ kind: "path" as const, name, value: value.slice(0, 2_000) })),
    );
  if (options.length === 0) return [];
  return fc.sample(fc.oneof(...options), { seed, numRuns: INPUTS_PER_ROUTE });
}

/** A role the matrix lets through (so the route's own checks answer); the applicant's for applicants' routes. */
function roleFor(route: OpenApiRoute): MatrixRole {
  const entry = authorizationMatrix[route.key];
  if (!entry) {
    // Not in the table yet: by the route's audience (the system administrator holds every officer role).
    if (/^\/api\/(citizen|account|support\/tickets|feedback)/.test(route.path)) return "citizen";
    if (/^\/api\/(public|auth|integration)|^\/health|^\/\.well-known/.test(route.path)) return "anonymous";
    return "systemAdmin";
  }
  if (entry.allow === "everyone") return route.path.startsWith("/api/citizen") ? "citizen" : "anonymous";
  const allowed = entry.allow;
  for (const role of [
    "citizen",
    "systemAdmin",
    "agencyAdmin",
    "counterOfficer",
    "monitor",
    "support",
  ] as const)
    if (allowed.includes(role)) return role;
  return allowed[0] ?? "anonymous";
}

let testApp: AuthTestApp;
let fixtures: MatrixFixtures;
let routes: OpenApiRoute[];

beforeAll(async () => {
  testApp = await createAuthTestApp({ start: new Date(), config: matrixLimits });
  fixtures = await prepareMatrix(testApp.app, testApp.database.db);
  routes = (await openApiRoutes(testApp.app)).filter((route) => !route.path.includes("logout"));
}, 300_000);

afterAll(async () => {
  await testApp?.close();
});

describe("OpenAPI fuzz", () => {
  it("no 5xx, no change after a refusal, every refusal in the asked language", {
    timeout: 900_000,
  }, async () => {
    const failures: string[] = [];
    let tried = 0;
    let refused = 0;
    for (const [index, route] of routes.entries()) {
      const inputs = inputsFor(route, SEED + index);
      if (inputs.length === 0) continue;
      const role = roleFor(route);
      const session = role === "anonymous" ? undefined : fixtures.sessions[role];
      const before = await databaseFingerprint(testApp.database.db);
      let accepted = false;
      for (const [n, input] of inputs.entries()) {
        const language = n % 2 === 0 ? "vi" : "en";
        const params = { ...fixtures.params };
        if (input.kind === "path") params[`${route.key}|${input.name}`] = input.value;
        let url = urlFor(route, params);
        if (input.kind === "query")
          url += `${url.includes("?") ? "&" : "?"}${encodeHostile(input.name)}=${encodeHostile(input.value)}`;
        const headers: Record<string, string> = { "accept-language": language, ...(session?.headers ?? {}) };
        const hasBody = !["GET", "DELETE"].includes(route.method);
        let payload: string | undefined;
        if (input.kind === "raw") {
          headers["content-type"] = input.contentType;
          payload = input.payload;
        } else if (hasBody) {
          headers["content-type"] = "application/json";
          payload = JSON.stringify(input.kind === "json" ? input.body : (sampleValid(route.body) ?? {}));
        }
        const response = await testApp.app.inject({
          method: route.method as "GET",
          url,
          headers,
          ...(payload !== undefined ? { payload } : {}),
        });
        tried += 1;
        const what = `${route.key} as ${role} (${input.kind}${input.kind === "raw" ? ` ${input.contentType}` : ""}, ${language})`;
        const status = response.statusCode;
        // The test app wires no external system: a route whose port is missing says so (503 …NOT_CONFIGURED).
        const unavailable =
          status === 503 &&
          (authorizationMatrix[route.key]?.unavailableWithoutPort || /NOT_CONFIGURED"/.test(response.body));
        if (status >= 500 && !unavailable) failures.push(`${what}: ${status} ${response.body.slice(0, 200)}`);
        if (status < 400) {
          accepted = true;
          continue;
        }
        refused += 1;
        if (!(response.headers["content-type"] ?? "").toString().includes("json")) continue;
        const message = (response.json() as { error?: { message?: string } }).error?.message ?? "";
        if (language === "vi" && (!VIETNAMESE.test(message) || LIBRARY_ENGLISH.test(message)))
          failures.push(`${what}: refusal not in Vietnamese: ${message.slice(0, 160)}`);
        if (language === "en" && VIETNAMESE.test(message))
          failures.push(`${what}: refusal not in English: ${message.slice(0, 160)}`);
      }
      if (!accepted) {
        const changed = changedTables(before, await databaseFingerprint(testApp.database.db));
        if (changed.length > 0) failures.push(`${route.key}: refused inputs changed ${changed.join(", ")}`);
      }
    }
    console.log(
      `OpenAPI fuzz: ${tried} inputs tried on ${routes.length} routes (seed ${SEED}, ${INPUTS_PER_ROUTE} per route), ` +
        `${refused} refused, ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
  });
});
