import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthTestApp, createAuthTestApp, loginAs, type TestSession } from "../../support/authSession.ts";
import { samplePdf } from "../../support/dossierFixtures.ts";
import { uploadFile } from "../../support/uploadFile.ts";

const pngSignature = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

describe("POST /api/uploads (issue #4 §3: checked by content and size)", () => {
  let t: AuthTestApp;
  let citizen: TestSession;
  beforeAll(async () => {
    t = await createAuthTestApp({ config: { maxFileBytes: 4096 } });
    citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
  });
  afterAll(async () => t.close());

  const uploadCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom("uploads")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("stores a PDF and reports the type read from its content, not the declared one", async () => {
    const response = await uploadFile(t.app, citizen, "to-khai.pdf", samplePdf("a"), "text/plain");
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ fileName: "to-khai.pdf", mediaType: "application/pdf" });
    expect(body.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("accepts a PNG and keeps only the base name of a path-like file name", async () => {
    const response = await uploadFile(t.app, citizen, "C:\\Users\\an\\anh-chan-dung.png", pngSignature);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ fileName: "anh-chan-dung.png", mediaType: "image/png" });
  });

  it("415: a text file named .pdf is refused by its content, in Vietnamese and in English", async () => {
    const before = await uploadCount();
    const fake = new TextEncoder().encode("đây không phải là PDF");
    const vi = await uploadFile(t.app, citizen, "gia-mao.pdf", fake, "application/pdf");
    expect(vi.statusCode).toBe(415);
    expect(vi.json().error).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(vi.json().error.message).toContain("Loại tệp không được chấp nhận");
    const en = await uploadFile(t.app, citizen, "fake.pdf", fake, "application/pdf", {
      "accept-language": "en",
    });
    expect(en.statusCode).toBe(415);
    expect(en.json().error.message).toContain("This type of file is not accepted");
    expect(await uploadCount()).toBe(before);
  });

  it("413: a file above the configured size is refused and nothing is stored", async () => {
    const before = await uploadCount();
    const big = new Uint8Array(5000);
    big.set(samplePdf("big"));
    const response = await uploadFile(t.app, citizen, "lon.pdf", big);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(response.json().error.message).toContain("Tệp quá lớn");
    expect(await uploadCount()).toBe(before);
  });

  it("400: an empty file, or a request that is not multipart, names the field `file`", async () => {
    const empty = await uploadFile(t.app, citizen, "rong.pdf", new Uint8Array());
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toEqual([{ field: "file", message: "Tệp rỗng" }]);
    const json = await t.app.inject({
      method: "POST",
      url: "/api/uploads",
      headers: { ...citizen.headers, "accept-language": "en" },
      payload: { file: "x" },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.fields[0]).toMatchObject({ field: "file" });
    expect(json.json().error.fields[0].message).toContain("multipart/form-data");
  });

  it("401 without a session; 403 without the CSRF header", async () => {
    const anonymous = await uploadFile(t.app, undefined, "a.pdf", samplePdf());
    expect(anonymous.statusCode).toBe(401);
    const noCsrf = await uploadFile(
      t.app,
      { ...citizen, headers: { cookie: citizen.cookie } },
      "a.pdf",
      samplePdf(),
    );
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe("CSRF_FAILED");
  });
});
