import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isDiskFull } from "../../../src/db/databaseErrors.ts";
import { filesystemStorage } from "../../../src/integrations/storage/filesystemStorage.ts";
import { mountTinyDisk, unmountTinyDisk } from "../../support/tinyDisk.ts";

const root = mkdtempSync(join(tmpdir(), "onestop-store-"));
const tinyDisk = mountTinyDisk(join(root, "tiny"));
afterAll(() => {
  if (tinyDisk) unmountTinyDisk(tinyDisk);
  rmSync(root, { recursive: true, force: true });
});

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("the filesystem file store (issue #20: durability)", () => {
  it("stores by content, returns the same bytes, and leaves no temporary file", async () => {
    const storage = filesystemStorage(join(root, "a"));
    const stored = await storage.put(new TextEncoder().encode("giấy khai sinh"));
    expect(new TextDecoder().decode(await storage.get(stored.key))).toBe("giấy khai sinh");
    expect(filesUnder(join(root, "a")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("its readiness probe writes and removes a file", async () => {
    const storage = filesystemStorage(join(root, "b"));
    await storage.probe?.();
    expect(filesUnder(join(root, "b"))).toEqual([]);
  });

  it.skipIf(!tinyDisk)("a full disk fails with ENOSPC and leaves no partial file", async () => {
    const storage = filesystemStorage(join(tinyDisk as string, "files"));
    const error = await storage.put(new Uint8Array(256 * 1024).fill(7)).catch((e: unknown) => e);
    expect(isDiskFull(error)).toBe(true);
    expect(filesUnder(tinyDisk as string)).toEqual([]);
  });
});
