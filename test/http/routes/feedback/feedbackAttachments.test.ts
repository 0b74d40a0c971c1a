import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { samplePdf } from "../../../support/dossierFixtures.ts";
import { filesUnder, largePdf, windowsProgram } from "../../../support/storedFiles.ts";

/**
 * Issue #21 item 5: a feedback attachment (issue #17) streams through the uploads' path — checked by its first bytes,
 * counted and hashed while it is written to a temporary file, stored durably before its row — and a refusal changes
 * nothing: no row, no stored object, no temporary file. The limit is small (256 KB) so "past the limit" is cheap.
 */

const MAX = 256 * 1024;
const filesDir = join(mkdtempSync(join(tmpdir(), "onestop-feedback-files-")), "files");
let t: AuthTestApp;
let citizen: TestSession;

beforeAll(async () => {
  t = await createAuthTestApp({ config: { maxFileBytes: MAX, filesDir } });
  citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
});
afterAll(async () => t?.close());

const attach = (content: Uint8Array, fileName: string, language = "vi") => {
  const boundary = `----pakn${randomBytes(6).toString("hex")}`;
  return t.app.inject({
    method: "POST",
    url: "/api/public/feedback/attachments",
    headers: {
      ...citizen.headers,
      "accept-language": language,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
};

const attachmentRows = async () =>
  t.database.db.selectFrom("feedback_attachments").select(["id", "sha256", "feedback_id"]).execute();

describe("POST /api/public/feedback/attachments streams (issue #21 item 5)", () => {
  it("a file past the limit answers 413 in vi and en and changes nothing", async () => {
    const rows = await attachmentRows();
    const stored = filesUnder(filesDir);
    const vi = await attach(largePdf(MAX + 1), "lon.pdf");
    expect(vi.statusCode).toBe(413);
    expect(vi.json().error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: "Tệp quá lớn, tối đa 0 MB" });
    const en = await attach(largePdf(3 * MAX), "big.pdf", "en");
    expect(en.statusCode).toBe(413);
    expect(en.json().error.message).toBe("The file is too large, at most 0 MB");
    expect(await attachmentRows()).toEqual(rows);
    expect(filesUnder(filesDir)).toEqual(stored);
  });

  it("a program named .pdf answers 415 and changes nothing; an empty file 400 (R-DIG-2)", async () => {
    const rows = await attachmentRows();
    const stored = filesUnder(filesDir);
    const program = await attach(windowsProgram(64 * 1024), "bang-chung.pdf");
    expect(program.statusCode).toBe(415);
    expect(program.json().error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(program.json().error.message).toContain("Loại tệp không được chấp nhận");
    const english = await attach(windowsProgram(), "photo.png", "en");
    expect(english.json().error.message).toContain("This type of file is not accepted");
    const empty = await attach(new Uint8Array(), "rong.pdf");
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toEqual([{ field: "file", message: "Tệp rỗng" }]);
    expect(await attachmentRows()).toEqual(rows);
    expect(filesUnder(filesDir)).toEqual(stored);
  });

  it("a file of exactly the limit, in several chunks, is stored byte-identical and attaches to feedback", async () => {
    const content = largePdf(MAX, "bang chung");
    expect(content.byteLength).toBe(MAX);
    const response = await attach(content, "bang-chung.pdf");
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      fileName: "bang-chung.pdf",
      mediaType: "application/pdf",
      sizeBytes: MAX,
    });
    const sha256 = createHash("sha256").update(content).digest("hex");
    const row = (await attachmentRows()).find((candidate) => candidate.id === response.json().id);
    expect(row?.sha256).toBe(sha256);
    const path = filesUnder(filesDir).find((file) => file.endsWith(sha256));
    expect(path).toBe(`${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`);
    expect(
      createHash("sha256")
        .update(readFileSync(join(filesDir, path!)))
        .digest("hex"),
    ).toBe(sha256);
    expect(filesUnder(filesDir).filter((file) => file.endsWith(".tmp"))).toEqual([]);

    const submitted = await t.app.inject({
      method: "POST",
      url: "/api/public/feedback",
      headers: citizen.headers,
      payload: {
        subject: "agency",
        agencyCode: "000.20.01.H99",
        title: "Góp ý về giờ làm việc",
        content: "Đề nghị bộ phận một cửa mở cửa thêm sáng thứ Bảy để người dân đi làm có thể đến nộp hồ sơ.",
        name: "Nguyễn Văn An",
        phone: "0912345678",
        consentPublish: false,
        attachmentIds: [response.json().id],
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const attached = (await attachmentRows()).find((candidate) => candidate.id === response.json().id);
    expect(attached?.feedback_id).toBe(submitted.json().id);
  });

  it("a sixth pending file is refused (400) and leaves nothing stored", async () => {
    for (let index = 0; index < 5; index += 1)
      expect((await attach(samplePdf(`tep ${index}`), `tep-${index}.pdf`)).statusCode).toBe(201);
    const rows = await attachmentRows();
    const stored = filesUnder(filesDir);
    const sixth = await attach(samplePdf("tep thu sau"), "tep-6.pdf");
    expect(sixth.statusCode).toBe(400);
    expect(sixth.json().error.fields[0].message).toBe("Chỉ đính kèm tối đa 5 tệp");
    expect(await attachmentRows()).toEqual(rows);
    expect(filesUnder(filesDir)).toEqual(stored);
  });
});
