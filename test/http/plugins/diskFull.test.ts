import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthTestApp, createAuthTestApp, loginAs } from "../../support/authSession.ts";
import { mountTinyDisk, unmountTinyDisk } from "../../support/tinyDisk.ts";
import { uploadFile } from "../../support/uploadFile.ts";

/** Issue #20 "Paths": a full disk on the file store answers 507 in Vietnamese, stores nothing, leaves no file. */
const root = mkdtempSync(join(tmpdir(), "onestop-full-"));
const tinyDisk = mountTinyDisk(join(root, "disk"));
let t: AuthTestApp;

beforeAll(async () => {
  if (tinyDisk) t = await createAuthTestApp({ config: { filesDir: join(tinyDisk, "files") } });
});
afterAll(async () => {
  await t?.close();
  if (tinyDisk) unmountTinyDisk(tinyDisk);
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!tinyDisk)("a full file store (issue #20)", () => {
  it("an upload → 507 STORAGE_FULL in Vietnamese (English with Accept-Language: en); no upload row, no file", async () => {
    const citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
    const before = await t.database.db.selectFrom("uploads").select("id").execute();
    const pdf = new Uint8Array(200 * 1024).fill(32);
    pdf.set(new TextEncoder().encode("%PDF-1.4\n"));
    const response = await uploadFile(t.app, citizen, "to-khai.pdf", pdf, "application/pdf");
    expect(response.statusCode).toBe(507);
    expect(response.json().error).toMatchObject({ code: "STORAGE_FULL" });
    expect(response.json().error.message).toMatch(/dung lượng/);
    const en = await uploadFile(t.app, citizen, "to-khai.pdf", pdf, "application/pdf", {
      "accept-language": "en",
    });
    expect(en.json().error.message).toMatch(/storage is full/);
    expect(await t.database.db.selectFrom("uploads").select("id").execute()).toHaveLength(before.length);
    const files = readdirSync(tinyDisk as string, { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    );
    expect(files).toEqual([]);
  });

  it("readiness reports the full file store: 503", async () => {
    // Fill what is left, then probe.
    const { writeFileSync } = await import("node:fs");
    try {
      writeFileSync(join(tinyDisk as string, "filler"), new Uint8Array(64 * 1024));
    } catch {
      // filled up
    }
    const response = await t.app.inject({ method: "GET", url: "/health/ready" });
    expect(response.statusCode).toBe(503);
    expect(response.json().files.ok).toBe(false);
    rmSync(join(tinyDisk as string, "filler"), { force: true });
  });
});
