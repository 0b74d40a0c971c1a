import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_REPORTED_FIELD_ERRORS } from "../../../src/http/plugins/errors.ts";
import { boundedSchema, jsonDepthExceeds } from "../../../src/http/plugins/hostileInput.ts";
import { type AuthTestApp, createAuthTestApp, loginAs, type TestSession } from "../../support/authSession.ts";

/**
 * Issue #20 "Hostile input" and issue #12 §7: every reproduction of the campaign as a test. Crafted input answers
 * 400/401/413/415 in Vietnamese (English with Accept-Language: en), never 500, and never the HTTP library's English.
 */
let t: AuthTestApp;
let citizen: TestSession;
beforeAll(async () => {
  t = await createAuthTestApp();
  citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
});
afterAll(async () => t?.close());

const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const LIBRARY_ENGLISH =
  /Body is not valid JSON|Request body is too large|Unsupported Media Type|Unexpected end|multipart|FST_/i;

function expectVietnameseRefusal(
  response: { statusCode: number; json(): unknown },
  status: number,
  code?: string,
) {
  expect(response.statusCode).toBe(status);
  const body = response.json() as { error: { code: string; message: string } };
  expect(body.error.message).toMatch(VIETNAMESE);
  expect(body.error.message).not.toMatch(LIBRARY_ENGLISH);
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

describe("the HTTP layer's own refusals are in Vietnamese (issue #12 §7, issue #20)", () => {
  it("an empty JSON body → 400 EMPTY_BODY; in English with Accept-Language: en", async () => {
    const vi = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json" },
      payload: "",
    });
    expectVietnameseRefusal(vi, 400, "EMPTY_BODY");
    const en = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json", "accept-language": "en" },
      payload: "",
    });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toBe("The request has no content: JSON data is expected");
  });

  it("malformed JSON → 400 INVALID_JSON", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json" },
      payload: '{"username": ',
    });
    expectVietnameseRefusal(response, 400, "INVALID_JSON");
  });

  it("a body over the limit → 413 BODY_TOO_LARGE", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ username: "a".repeat(1_100_000), password: "x" }),
    });
    expectVietnameseRefusal(response, 413, "BODY_TOO_LARGE");
  });

  it("an unsupported media type → 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "text/xml" },
      payload: "<login/>",
    });
    expectVietnameseRefusal(response, 415, "UNSUPPORTED_MEDIA_TYPE");
  });
});

describe("crafted text and nesting → 400, never 500 (issue #20)", () => {
  it("a NUL byte in the login name → 400 INVALID_TEXT", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "congdan\u0000.demo", password: "Demo@2026!CongDan" },
    });
    expectVietnameseRefusal(response, 400, "INVALID_TEXT");
  });

  it("a lone surrogate (as a JSON escape) in a body → 400 INVALID_TEXT", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json" },
      payload: '{"username":"congdan\\ud800","password":"x"}',
    });
    expectVietnameseRefusal(response, 400, "INVALID_TEXT");
  });

  it("a NUL byte in the public lookup's query or path → 400; invalid UTF-8 in a query never a 5xx", async () => {
    const search = await t.app.inject({ method: "GET", url: "/api/public/procedures?q=%ED%A0%80" });
    expect(search.statusCode).toBeLessThan(500);
    for (const url of ["/api/public/lookup?code=%00abc", "/api/public/lookup/abc%00def"]) {
      const response = await t.app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBeLessThan(500);
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(response.json().error.message, url).toMatch(VIETNAMESE);
    }
  });

  it("a path that does not decode (lone surrogate, broken percent sign) → 400 INVALID_URL, in English with en", async () => {
    for (const segment of ["%ED%A0%80", "%E0%A4%A", "%", "%zz"]) {
      const url = `/api/public/agencies/${segment}`;
      expectVietnameseRefusal(await t.app.inject({ method: "GET", url }), 400, "INVALID_URL");
      const english = await t.app.inject({ method: "GET", url, headers: { "accept-language": "en" } });
      expect(english.statusCode, url).toBe(400);
      expect(english.json().error.message, url).toBe(
        "The request address is not valid: it has a badly encoded character",
      );
    }
  });

  it("nesting deeper than 10,000 levels → 400 without parsing it", async () => {
    const deep = `${"[".repeat(10_001)}${"]".repeat(10_001)}`;
    const response = await t.app.inject({
      method: "POST",
      url: "/api/citizen/dossiers",
      headers: { ...citizen.headers, "content-type": "application/json" },
      payload: `{"procedureCode":"1.001193","formData":{"x":${deep}}}`,
    });
    expectVietnameseRefusal(response, 400, "INVALID_JSON");
  });

  it("a 1 MB string inside formData → 400 (a text of at most 100,000 characters)", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/citizen/dossiers",
      headers: citizen.headers,
      payload: { procedureCode: "1.001193", agencyCode: "X", formData: { note: "a".repeat(900_000) } },
    });
    expectVietnameseRefusal(response, 400, "STRING_TOO_LONG");
  });

  it("jsonDepthExceeds counts brackets outside strings only", () => {
    expect(jsonDepthExceeds('{"a":"[[[[[[[[[["}', 2)).toBe(false);
    expect(jsonDepthExceeds('{"a":[[1]]}', 2)).toBe(true);
    expect(jsonDepthExceeds('{"a\\"[[[":[1]}', 2)).toBe(false);
  });
});

describe("malformed multipart → 400 in Vietnamese, never 500 (issue #20)", () => {
  const broken = (boundary: string) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut`,
    );
  it("on the citizen's upload", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/uploads",
      headers: { ...citizen.headers, "content-type": "multipart/form-data; boundary=XyZ" },
      payload: broken("XyZ"),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(VIETNAMESE);
  });

  it("on the anonymous check-file route, and with no boundary at all", async () => {
    for (const contentType of ["multipart/form-data; boundary=XyZ", "multipart/form-data"]) {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/public/results/KQ-0000/check-file",
        headers: { "content-type": contentType },
        payload: broken("XyZ"),
      });
      expect(response.statusCode, contentType).toBe(400);
      expect(response.json().error.message, contentType).toMatch(VIETNAMESE);
    }
  });
});

describe("validation is no denial-of-service vector (issue #20)", () => {
  it("an anonymous POST /api/citizen/dossiers with a 200,000-item array → 401 before any validation", async () => {
    const started = performance.now();
    const response = await t.app.inject({
      method: "POST",
      url: "/api/citizen/dossiers",
      payload: { procedureCode: "1.001193", files: Array.from({ length: 200_000 }, () => 1) },
    });
    expect(response.statusCode).toBe(401);
    expect(response.body.length).toBeLessThan(1_000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(0);
  });

  it("a signed-in sender's many invalid items → at most 20 field errors reported", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/citizen/dossiers",
      headers: citizen.headers,
      payload: { procedureCode: "1.001193", files: Array.from({ length: 4_000 }, () => ({ bad: true })) },
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error as { fields?: unknown[] };
    expect(error.fields?.length ?? 0).toBeLessThanOrEqual(MAX_REPORTED_FIELD_ERRORS);
    expect(response.body.length).toBeLessThan(10_000);
  });

  it("request schemas without bounds get them: arrays, strings, objects; literal values left alone", () => {
    expect(
      boundedSchema({
        type: "object",
        properties: {
          list: { type: "array", items: { type: "string" } },
          kind: { type: "string", enum: ["a"] },
          short: { type: "string", maxLength: 5 },
        },
        default: { list: [] },
      }),
    ).toEqual({
      type: "object",
      maxProperties: 1_000,
      properties: {
        list: { type: "array", maxItems: 5_000, items: { type: "string", maxLength: 100_000 } },
        kind: { type: "string", enum: ["a"] },
        short: { type: "string", maxLength: 5 },
      },
      default: { list: [] },
    });
  });

  it("the OpenAPI document shows the bounds of a request body", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/docs/json" })).json() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    const schema =
      document.paths["/api/citizen/dossiers"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(JSON.stringify(schema)).toContain('"maxItems"');
  });
});
