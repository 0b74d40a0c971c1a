import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsqrModule from "jsqr";
import QRCode from "qrcode";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseVerifyUrl, verifyUrlOf } from "../../../../src/domain/results/verifyUrl.ts";
import { publishedJwks } from "../../../../src/services/results/signingKeys.ts";
import { verifyResultToken } from "../../../../src/services/results/verifyToken.ts";
import { approvedDossier } from "../../../services/results/resultFixtures.ts";
import { type AuthTestApp, createAuthTestApp, loginAs } from "../../../support/authSession.ts";
import { demoUserIds } from "../../../support/dossierFixtures.ts";
import { filesUnder, windowsProgram } from "../../../support/storedFiles.ts";

// jsqr is CommonJS whose module.exports is the function itself; its types describe an ES default export.
type JsQr = typeof jsqrModule.default;
const jsQR: JsQr = (jsqrModule as unknown as { default?: JsQr }).default ?? (jsqrModule as unknown as JsQr);
/** pngjs (qrcode's own PNG codec) ships no types: the one call used here. */
const { PNG } = createRequire(import.meta.url)("pngjs") as {
  PNG: { sync: { read(data: Buffer): { width: number; height: number; data: Buffer } } };
};

const publicUrl = "https://dichvucong.demo.gov.vn";
const FACT_KEYS = [
  "agencyCode",
  "agencyName",
  "code",
  "dossierCode",
  "fileSha256",
  "holder",
  "issuedAt",
  "kid",
  "procedureCode",
  "procedureName",
  "token",
  "verifyUrl",
];

let t: AuthTestApp;
let code: string;
let token: string;
let content: Uint8Array;

beforeAll(async () => {
  t = await createAuthTestApp({
    config: { publicUrl, lookupRateLimitPerMinute: 1_000_000, maxFileBytes: 4096 },
  });
  const users = await demoUserIds(t.database.db);
  const approved = await approvedDossier(t.database.db, users);
  content = approved.content;
  const issued = await t.database.db
    .selectFrom("issued_results")
    .select(["verification_code", "jws"])
    .where("dossier_id", "=", approved.dossierId)
    .executeTakeFirstOrThrow();
  code = issued.verification_code;
  token = issued.jws;
}, 120_000);
afterAll(async () => t.close());

/** A multipart body with one part named `name`. */
function multipart(name: string, fileName: string, bytes: Uint8Array) {
  const boundary = "----onestopverify";
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
    ),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

const checkFile = (
  resultCode: string,
  bytes: Uint8Array,
  options: { name?: string; language?: string } = {},
) => {
  const body = multipart(options.name ?? "file", "ket-qua.pdf", bytes);
  return t.app.inject({
    method: "POST",
    url: `/api/public/results/${encodeURIComponent(resultCode)}/check-file`,
    payload: body.payload,
    headers: { ...body.headers, ...(options.language ? { "accept-language": options.language } : {}) },
  });
};

const uploadsCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom("uploads")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("GET /api/public/results/:code (R-RES-1, R-RES-2)", () => {
  it("shows the issuing agency, dossier, procedure, issue date and the holder masked — nothing else personal", async () => {
    const response = await t.app.inject({ url: `/api/public/results/${code.toLowerCase()}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(FACT_KEYS);
    expect(body).toMatchObject({
      code,
      agencyCode: "000.20.01.H99",
      procedureCode: "1.004884",
      holder: "Nguyễn V** A*",
      issuedAt: "2026-11-23T03:00:00.000Z",
      token,
      verifyUrl: verifyUrlOf(publicUrl, code, token),
    });
    expect(response.body).not.toContain("Văn An");
    expect(response.body).not.toContain("099090001234");
    expect(response.body).not.toContain("0912345678");
  });

  it("an unknown code and a malformed one get the same 404, in Vietnamese or English", async () => {
    const unknown = await t.app.inject({ url: "/api/public/results/00000-00000-00000" });
    const malformed = await t.app.inject({ url: "/api/public/results/khong-phai-ma" });
    expect(unknown.statusCode).toBe(404);
    expect(malformed.statusCode).toBe(404);
    expect(malformed.body).toBe(unknown.body);
    expect(unknown.json().error.message).toBe(
      "Không tìm thấy kết quả có mã xác thực này. Vui lòng kiểm tra lại mã in trên kết quả.",
    );
    const english = await t.app.inject({
      url: "/api/public/results/00000-00000-00000",
      headers: { "accept-language": "en" },
    });
    expect(english.json().error.message).toBe(
      "No result has this verification code. Please check the code printed on the result.",
    );
  });

  it("400 for absurd input, in Vietnamese or English", async () => {
    const vi = await t.app.inject({ url: `/api/public/results/${"A".repeat(41)}` });
    expect(vi.statusCode).toBe(400);
    expect(vi.json().error.code).toBe("VALIDATION_FAILED");
    const en = await t.app.inject({
      url: `/api/public/results/${"A".repeat(41)}`,
      headers: { "accept-language": "en" },
    });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).not.toBe(vi.json().error.message);
  });
});

describe("the result's QR code", () => {
  it("the PNG decodes to the verify address holding the code and a token that verifies with the JWKS", async () => {
    const response = await t.app.inject({ url: `/api/public/results/${code}/qr.png` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("image/png");
    const image = PNG.sync.read(response.rawPayload);
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(decoded?.data).toBe(verifyUrlOf(publicUrl, code, token));
    const read = parseVerifyUrl(decoded!.data)!;
    expect(read.code).toBe(code);
    const verified = await verifyResultToken(read.token!, await publishedJwks(t.database.db, t.clock.now()));
    expect(verified).toMatchObject({ valid: true, claims: { code, holder: "Nguyễn V** A*" } });
  });

  it("the SVG is the same symbol; an unknown code has no QR (404)", async () => {
    const svg = await t.app.inject({ url: `/api/public/results/${code}/qr.svg` });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers["content-type"]).toContain("image/svg+xml");
    expect(svg.body).toBe(
      await QRCode.toString(verifyUrlOf(publicUrl, code, token), {
        type: "svg",
        errorCorrectionLevel: "M",
        margin: 2,
      }),
    );
    expect((await t.app.inject({ url: "/api/public/results/00000-00000-00000/qr.svg" })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ url: `/api/public/results/${code}/qr.gif` })).statusCode).toBe(400);
  });
});

describe("POST /api/public/results/:code/check-file", () => {
  it("answers whether the file's sha256 matches the issued result, and keeps nothing", async () => {
    const before = await uploadsCount();
    const same = await checkFile(code, content);
    expect(same.statusCode).toBe(200);
    expect(same.json()).toEqual({ matches: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const changed = new Uint8Array(content);
    changed[changed.length - 3] = 0x41;
    const other = await checkFile(code, changed);
    expect(other.statusCode).toBe(200);
    expect(other.json().matches).toBe(false);
    expect(other.json().sha256).not.toBe(same.json().sha256);
    expect(await uploadsCount()).toBe(before);
  });

  it("404 for an unknown code; 415 for a file that cannot be a result; 413 above the size limit", async () => {
    expect((await checkFile("00000-00000-00000", content)).statusCode).toBe(404);
    const text = await checkFile(code, new TextEncoder().encode("không phải PDF"));
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const english = await checkFile(code, new TextEncoder().encode("plain"), { language: "en" });
    expect(english.json().error.message).toContain("This type of file is not accepted");
    const big = new Uint8Array(5000);
    big.set(content);
    const tooLarge = await checkFile(code, big);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("400 without a file field, with an empty file, or without multipart (vi and en)", async () => {
    const wrongField = await checkFile(code, content, { name: "tep" });
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().error.fields).toEqual([
      { field: "file", message: "Cần gửi một tệp trong trường file (multipart/form-data)" },
    ]);
    const english = await checkFile(code, content, { name: "tep", language: "en" });
    expect(english.json().error.fields).toEqual([
      { field: "file", message: "Send one file in the field named file (multipart/form-data)" },
    ]);
    const empty = await checkFile(code, new Uint8Array());
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toEqual([{ field: "file", message: "Tệp rỗng" }]);
    const json = await t.app.inject({
      method: "POST",
      url: `/api/public/results/${code}/check-file`,
      payload: { file: "x" },
    });
    expect(json.statusCode).toBe(400);
  });

  it("a logged-in browser must send the CSRF header like any unsafe request (403 without)", async () => {
    const session = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
    const body = multipart("file", "ket-qua.pdf", content);
    const response = await t.app.inject({
      method: "POST",
      url: `/api/public/results/${code}/check-file`,
      payload: body.payload,
      headers: { ...body.headers, cookie: session.cookie },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe("POST /api/public/results/verify-token", () => {
  const verify = (body: object, language?: string) =>
    t.app.inject({
      method: "POST",
      url: "/api/public/results/verify-token",
      payload: body,
      headers: language ? { "accept-language": language } : {},
    });

  it("valid: the signed facts and the key", async () => {
    const response = await verify({ token });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      valid: true,
      message: "Chữ ký hợp lệ: kết quả do cơ quan nêu trên ban hành và nội dung không bị thay đổi",
      claims: { code, holder: "Nguyễn V** A*", issuedAt: "2026-11-23T03:00:00.000Z" },
    });
  });

  it("invalid with its reason: tampered payload, unknown key, malformed — in Vietnamese or English", async () => {
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"));
    claims.dos = "000.20.01.H99-261123-9999";
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
    expect((await verify({ token: forged })).json()).toEqual({
      valid: false,
      reason: "badSignature",
      message: "Chữ ký không khớp: nội dung đã bị thay đổi hoặc giả mạo",
    });
    const otherHeader = Buffer.from(JSON.stringify({ alg: "ES256", kid: "unknown", typ: "JWT" })).toString(
      "base64url",
    );
    expect((await verify({ token: `${otherHeader}.${payload}.${signature}` }, "en")).json()).toEqual({
      valid: false,
      reason: "unknownKey",
      message: "The token is not signed with any key the province publishes",
    });
    expect((await verify({ token: "abc" }, "en")).json()).toMatchObject({
      valid: false,
      reason: "malformed",
    });
  });

  it("400 without a token or with extra fields (vi and en)", async () => {
    const missing = await verify({});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe("VALIDATION_FAILED");
    const extra = await verify({ token, more: 1 }, "en");
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.message).toBe("The input is not valid");
  });
});

describe("rate limit", () => {
  it("429 after the configured number of verifications per minute, across the verify routes", async () => {
    const limited = await createAuthTestApp({ config: { publicUrl, lookupRateLimitPerMinute: 2 } });
    try {
      expect((await limited.app.inject({ url: "/api/public/results/00000-00000-00000" })).statusCode).toBe(
        404,
      );
      const second = await limited.app.inject({
        method: "POST",
        url: "/api/public/results/verify-token",
        payload: { token: "abc" },
      });
      expect(second.statusCode).toBe(200);
      const over = await limited.app.inject({ url: "/api/public/results/00000-00000-00000" });
      expect(over.statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe("POST /api/public/results/:code/check-file streams (issue #21 item 5)", () => {
  // The part streams to a temporary file (counted, hashed, its type decided there) that is always removed: the
  // system's temporary folder is pointed at a folder of this test's own to see that nothing stays.
  const spool = mkdtempSync(join(tmpdir(), "onestop-verify-spool-"));
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("a program named .pdf answers 415, a file past the limit 413: nothing kept, no temporary file (R-DIG-2)", async () => {
    vi.stubEnv("TMPDIR", spool);
    const before = await uploadsCount();
    const program = await checkFile(code, windowsProgram(3000));
    expect(program.statusCode).toBe(415);
    expect(program.json().error).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(program.json().error.message).toContain("Loại tệp không được chấp nhận");
    const big = new Uint8Array(4097);
    big.set(content);
    const tooLarge = await checkFile(code, big, { language: "en" });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: "The file is too large, at most 0 MB",
    });
    expect(filesUnder(spool)).toEqual([]);
    expect(await uploadsCount()).toBe(before);
  });

  it("the issued file of exactly the limit's size or less matches by the hash taken while it streamed", async () => {
    vi.stubEnv("TMPDIR", spool);
    const matched = await checkFile(code, content);
    expect(matched.statusCode).toBe(200);
    expect(matched.json()).toEqual({
      matches: true,
      sha256: createHash("sha256").update(content).digest("hex"),
    });
    const atLimit = new Uint8Array(4096);
    atLimit.set(content);
    const other = await checkFile(code, atLimit);
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual({
      matches: false,
      sha256: createHash("sha256").update(atLimit).digest("hex"),
    });
    expect(filesUnder(spool)).toEqual([]);
  });
});
