import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SAFE_SVG, SCRIPTED_SVG, tinyPng } from "../../../services/provinceIdentity/images.ts";
import { type AuthTestApp, createAuthTestApp, type TestSession } from "../../../support/authSession.ts";
import { filesUnder, windowsProgram } from "../../../support/storedFiles.ts";
import {
  AGENCY_ADMIN,
  auditCount,
  caller,
  type DemoUser,
  loginAll,
  NON_ADMINS,
  SYSTEM_ADMIN,
} from "./adminTestKit.ts";

// Two shared cores under several engineers' suites: a reception and a PDF may take a while.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

/** The province's identity (issue #19): logo and banner read by the portal, uploaded by the system administrator. */
let t: AuthTestApp;
let sessions: Record<string, TestSession>;
let call: ReturnType<typeof caller>;
/** The file store's folder, to show what a refused upload leaves there (nothing: issue #21). */
const filesDir = join(mkdtempSync(join(tmpdir(), "onestop-identity-files-")), "files");

beforeAll(async () => {
  // MAX_FILE_MB=1: the multipart limit falls between the logo's (512 KB) and the banner's (2 MB).
  t = await createAuthTestApp({ config: { filesDir, maxFileBytes: 1_048_576 } });
  sessions = await loginAll(t, [AGENCY_ADMIN, SYSTEM_ADMIN, ...NON_ADMINS]);
  call = caller(t, sessions);
});
afterAll(async () => t?.close());

function upload(
  kind: string,
  user: DemoUser | undefined,
  fileName: string,
  content: Uint8Array,
  language = "vi",
) {
  const boundary = `----onestop${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      "Content-Type: image/png\r\n\r\n",
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return t.app.inject({
    method: "PUT",
    url: `/api/admin/province-identity/${kind}`,
    headers: {
      ...(user ? sessions[user]!.headers : {}),
      "accept-language": language,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([head, Buffer.from(content), tail]),
  });
}

interface Identity {
  logo: { mediaType: string; custom: boolean; version: string };
  banner: { mediaType: string; custom: boolean; version: string } | null;
}

describe("GET /api/public/province-identity", () => {
  it("serves the demo province's default logo and no banner to anyone, without login", async () => {
    const identity = (await call("GET", "/api/public/province-identity")).json() as Identity;
    expect(identity).toMatchObject({
      logo: { mediaType: "image/svg+xml", custom: false, version: "default" },
    });
    expect(identity.banner).toBeNull();
    const logo = await call("GET", "/api/public/province-identity/logo");
    expect(logo.statusCode).toBe(200);
    expect(logo.headers["content-type"]).toContain("image/svg+xml");
    expect(logo.headers["content-security-policy"]).toContain("sandbox");
    expect(logo.body).toContain("<svg");
    expect(logo.headers["content-length"]).toBe(String(logo.rawPayload.byteLength));
    const banner = await call("GET", "/api/public/province-identity/banner");
    expect(banner.statusCode).toBe(404);
    expect((await call("GET", "/api/public/province-identity/flag")).statusCode).toBe(400);
  });
});

describe("PUT /api/admin/province-identity/:kind", () => {
  it("stores an uploaded PNG logo in the file store, serves it, audits it; DELETE goes back to the default", async () => {
    const png = tinyPng();
    const response = await upload("logo", SYSTEM_ADMIN, "bieu-trung.png", png);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ kind: "logo", mediaType: "image/png", custom: true });
    const identity = (await call("GET", "/api/public/province-identity")).json() as Identity;
    expect(identity.logo).toMatchObject({ mediaType: "image/png", custom: true });
    const served = await call("GET", "/api/public/province-identity/logo");
    expect(served.headers["content-type"]).toBe("image/png");
    expect(new Uint8Array(served.rawPayload)).toEqual(png);
    const audit = await t.database.db
      .selectFrom("admin_audit")
      .selectAll()
      .where("entity", "=", "province_identity")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: "provinceIdentity.update",
      entity_id: "logo",
      actor_username: SYSTEM_ADMIN,
    });

    const reset = await call("DELETE", "/api/admin/province-identity/logo", SYSTEM_ADMIN);
    expect(reset.statusCode).toBe(204);
    expect(((await call("GET", "/api/public/province-identity")).json() as Identity).logo.custom).toBe(false);
  });

  it("accepts a picture-only SVG banner, shown by the portal", async () => {
    const response = await upload("banner", SYSTEM_ADMIN, "banner.svg", new TextEncoder().encode(SAFE_SVG));
    expect(response.statusCode, response.body).toBe(200);
    const identity = (await call("GET", "/api/public/province-identity")).json() as Identity;
    expect(identity.banner).toMatchObject({ mediaType: "image/svg+xml", custom: true });
    expect((await call("GET", "/api/public/province-identity/banner")).body).toContain("<circle");
  });

  it("refuses a file that is not a PNG, JPEG or picture-only SVG (415), whatever its name, in vi and en", async () => {
    const before = await auditCount(t);
    const pdf = await upload(
      "logo",
      SYSTEM_ADMIN,
      "logo.png",
      new TextEncoder().encode("%PDF-1.4\n%âãÏÓ\n1 0 obj\n"),
    );
    expect(pdf.statusCode).toBe(415);
    expect(pdf.json().error.message).toContain("Chỉ nhận ảnh PNG, JPEG hoặc SVG");
    const scripted = await upload(
      "logo",
      SYSTEM_ADMIN,
      "logo.svg",
      new TextEncoder().encode(SCRIPTED_SVG),
      "en",
    );
    expect(scripted.statusCode).toBe(415);
    expect(scripted.json().error.message).toContain("Only PNG, JPEG or SVG");
    expect(await auditCount(t)).toBe(before);
  });

  it("refuses a logo above 512 KB (413)", async () => {
    const png = tinyPng();
    const big = new Uint8Array(600 * 1024);
    big.set(png);
    const response = await upload("logo", SYSTEM_ADMIN, "logo.png", big);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.message).toContain("tối đa 512 KB");
  });

  it("refuses a request without a file (400)", async () => {
    const response = await call("PUT", "/api/admin/province-identity/logo", SYSTEM_ADMIN, { file: "x" });
    expect(response.statusCode).toBe(400);
  });

  it("is the system administrator's only: 401 anonymous, 403 for the agency administrator and every other role", async () => {
    const before = await auditCount(t);
    const png = tinyPng();
    expect((await upload("logo", undefined, "logo.png", png)).statusCode).toBe(401);
    expect((await call("DELETE", "/api/admin/province-identity/logo")).statusCode).toBe(401);
    for (const user of [AGENCY_ADMIN, ...NON_ADMINS]) {
      expect((await upload("logo", user, "logo.png", png)).statusCode, user).toBe(403);
      expect((await call("DELETE", "/api/admin/province-identity/banner", user)).statusCode, user).toBe(403);
    }
    expect(await auditCount(t)).toBe(before);
  });

  it("issue #20: the agency administrator is refused (403) before the upload is read, even a malformed one", async () => {
    // Not multipart at all: the system administrator gets the 400 of the upload; the agency administrator, the 403.
    const malformed = { file: "x" };
    expect((await call("PUT", "/api/admin/province-identity/logo", AGENCY_ADMIN, malformed)).statusCode).toBe(
      403,
    );
    expect((await call("PUT", "/api/admin/province-identity/logo", SYSTEM_ADMIN, malformed)).statusCode).toBe(
      400,
    );
  });
});

describe("PUT /api/admin/province-identity/:kind streams (issue #21 item 5)", () => {
  const imageRows = () =>
    t.database.db.selectFrom("province_identity_images").select(["kind", "sha256"]).orderBy("kind").execute();
  const padded = (size: number) => {
    const bytes = new Uint8Array(size);
    bytes.set(tinyPng());
    bytes.set(randomBytes(size - 1024), 1024);
    return bytes;
  };

  it("past the kind's limit or the upload limit: 413 in the route's words, nothing stored, no row, no audit", async () => {
    const rows = await imageRows();
    const stored = filesUnder(filesDir);
    const audits = await auditCount(t);
    const logo = await upload("logo", SYSTEM_ADMIN, "logo.png", padded(512 * 1024 + 1));
    expect(logo.statusCode).toBe(413);
    expect(logo.json().error).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: "Tệp biểu trưng (logo) quá lớn, tối đa 512 KB",
    });
    const hugeLogo = await upload("logo", SYSTEM_ADMIN, "logo.png", padded(3 * 1_048_576), "en");
    expect(hugeLogo.statusCode).toBe(413);
    expect(hugeLogo.json().error.message).toBe("The image is too large, at most 512 KB");
    const banner = await upload("banner", SYSTEM_ADMIN, "banner.png", padded(1_500_000));
    expect(banner.statusCode).toBe(413);
    expect(banner.json().error.message).toBe("Tệp ảnh quá lớn, tối đa 2048 KB");
    expect(await imageRows()).toEqual(rows);
    expect(filesUnder(filesDir)).toEqual(stored);
    expect(await auditCount(t)).toBe(audits);
  });

  it("a program named .png, or an empty file: 415, nothing stored, no row, no audit", async () => {
    const rows = await imageRows();
    const stored = filesUnder(filesDir);
    const audits = await auditCount(t);
    const program = await upload("logo", SYSTEM_ADMIN, "logo.png", windowsProgram(100 * 1024));
    expect(program.statusCode).toBe(415);
    expect(program.json().error).toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: "Chỉ nhận ảnh PNG, JPEG hoặc SVG (không chứa mã lệnh hay liên kết ngoài)",
    });
    expect((await upload("banner", SYSTEM_ADMIN, "banner.svg", new Uint8Array())).statusCode).toBe(415);
    expect(await imageRows()).toEqual(rows);
    expect(filesUnder(filesDir)).toEqual(stored);
    expect(await auditCount(t)).toBe(audits);
  });

  it("a 900 KB banner streams in and out: stored byte-identical under its hash, served back with its length, no temporary file; its bytes gone, 404", async () => {
    const banner = padded(900 * 1024);
    const sha256 = createHash("sha256").update(banner).digest("hex");
    const response = await upload("banner", SYSTEM_ADMIN, "bang-ron.png", banner);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      kind: "banner",
      mediaType: "image/png",
      version: sha256.slice(0, 16),
    });
    const path = `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
    expect(filesUnder(filesDir)).toContain(path);
    expect(filesUnder(filesDir).filter((file) => file.endsWith(".tmp"))).toEqual([]);
    // Compared by hash: a deep equality of 900 KB takes seconds.
    expect(
      createHash("sha256")
        .update(readFileSync(join(filesDir, path)))
        .digest("hex"),
    ).toBe(sha256);
    // Issue #21 item 5: served by streaming it from the store, with its length and the same headers.
    const served = await call("GET", "/api/public/province-identity/banner");
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toBe("image/png");
    expect(served.headers["content-length"]).toBe(String(banner.byteLength));
    expect(served.headers["cache-control"]).toBe("public, max-age=300");
    expect(served.headers["x-content-type-options"]).toBe("nosniff");
    expect(served.headers["content-security-policy"]).toContain("sandbox");
    expect(createHash("sha256").update(served.rawPayload).digest("hex")).toBe(sha256);
    const row = await t.database.db
      .selectFrom("province_identity_images")
      .select(["sha256", "size_bytes"])
      .where("kind", "=", "banner")
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ sha256, size_bytes: banner.byteLength });
    // Bytes gone from the store: answered before anything is sent, as a banner never set (404).
    unlinkSync(join(filesDir, path));
    const gone = await call("GET", "/api/public/province-identity/banner");
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.message).toBe("Tỉnh chưa có ảnh băng rôn");
  });
});
