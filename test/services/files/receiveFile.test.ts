import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { filesystemStorage } from "../../../src/integrations/storage/filesystemStorage.ts";
import { DOSSIER_FILE_CHECK, receiveFile } from "../../../src/services/files/receiveFile.ts";
import { filesUnder, largePdf, windowsProgram } from "../../support/storedFiles.ts";

/**
 * Issue #21 item 5: the one streaming path of every received file (uploads, feedback attachments, the province's
 * images, a result checked against its hash) reads only what it needs: a refused type stops at its first chunks, a
 * file past the limit at the limit, and neither leaves anything in the store.
 */

const CHUNK = 64 * 1024;

/** Streams `content` in 64 KiB chunks, counting how many the reader pulled. */
function chunked(content: Uint8Array) {
  const counter = { pulled: 0 };
  const source = (async function* () {
    for (let offset = 0; offset < content.byteLength; offset += CHUNK) {
      counter.pulled += 1;
      yield content.subarray(offset, offset + CHUNK);
    }
  })();
  return { source, counter };
}

const store = () => {
  const root = join(mkdtempSync(join(tmpdir(), "onestop-receive-")), "files");
  return { root, storage: filesystemStorage(root) };
};

describe("receiveFile (issue #21 item 5, R-DIG-2)", () => {
  it("refuses a program at its first chunk (415), whatever its length, and stores nothing (R-DIG-2)", async () => {
    const { root, storage } = store();
    const { source, counter } = chunked(windowsProgram(100 * CHUNK));
    await expect(
      receiveFile(storage, source, { maxBytes: 200 * CHUNK, check: DOSSIER_FILE_CHECK }),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(counter.pulled).toBe(1);
    expect(filesUnder(root)).toEqual([]);
  });

  it("stops reading just past the limit (413) and stores nothing", async () => {
    const { root, storage } = store();
    const { source, counter } = chunked(largePdf(100 * CHUNK));
    await expect(
      receiveFile(storage, source, { maxBytes: 3 * CHUNK, check: DOSSIER_FILE_CHECK }),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(counter.pulled).toBe(4);
    expect(filesUnder(root)).toEqual([]);
  });

  it("stores a file of exactly the limit under its hash; a refusal in accept leaves nothing", async () => {
    const { root, storage } = store();
    const pdf = largePdf(3 * CHUNK);
    const received = await receiveFile(storage, chunked(pdf).source, {
      maxBytes: 3 * CHUNK,
      check: DOSSIER_FILE_CHECK,
    });
    const sha256 = createHash("sha256").update(pdf).digest("hex");
    expect(received).toEqual({
      stored: { key: sha256, sha256, size: 3 * CHUNK },
      mediaType: "application/pdf",
    });
    expect(filesUnder(root)).toEqual([`${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`]);
    await expect(
      receiveFile(storage, chunked(largePdf(CHUNK, "other")).source, {
        maxBytes: 3 * CHUNK,
        check: DOSSIER_FILE_CHECK,
        accept: async () => {
          throw new Error("refused");
        },
      }),
    ).rejects.toThrow("refused");
    expect(filesUnder(root)).toHaveLength(1);
  });
});
