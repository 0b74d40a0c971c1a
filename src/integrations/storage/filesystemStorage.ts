import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { FileStorage } from "./fileStorage.ts";
import { spoolToFile } from "./spoolToFile.ts";

const KEY = /^[0-9a-f]{64}$/;

/** Flushes a folder's entries (a new name, a rename) to the disk: without it a power cut can forget them. */
async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes and flushes the bytes to the disk before returning; a failure (a full disk) leaves no file behind. */
async function writeDurably(path: string, content: Uint8Array): Promise<void> {
  try {
    const handle = await open(path, "wx");
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}

/** Creates the folders of a path, flushing each new entry into its parent so the path survives a power cut. */
async function mkdirDurably(root: string, relative: string[]): Promise<void> {
  let parent = root;
  for (const part of relative) {
    const folder = join(parent, part);
    const created = await mkdir(folder).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "EEXIST") return false;
        throw error;
      },
    );
    if (created) await fsyncDirectory(parent);
    parent = folder;
  }
}

/**
 * Content-addressed files under a folder (`FILES_DIR`): `ab/cd/abcd…`. Written to a temporary name, flushed (file,
 * then rename, then folder: issue #20), and renamed, so a reader never sees half a file, a crash leaves no partial
 * file under a real key, and `put` returns only once the file is on the disk: the transaction that references it
 * commits after that, so after a power cut a committed dossier never points at a missing document.
 */
export function filesystemStorage(root: string): FileStorage {
  const pathOf = (key: string) => {
    if (!KEY.test(key)) throw new RangeError(`not a storage key: ${key}`);
    return join(root, key.slice(0, 2), key.slice(2, 4), key);
  };
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );
  /** Gives a flushed temporary file its key: folders made durably, renamed, the folder flushed (issue #20). */
  const settle = async (temporary: string, sha256: string) => {
    const path = pathOf(sha256);
    if (await exists(path)) {
      await rm(temporary, { force: true });
      return;
    }
    await mkdirDurably(root, [sha256.slice(0, 2), sha256.slice(2, 4)]);
    try {
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await fsyncDirectory(dirname(path));
  };
  return {
    async put(content) {
      const sha256 = createHash("sha256").update(content).digest("hex");
      if (!(await exists(pathOf(sha256)))) {
        await mkdir(root, { recursive: true });
        const temporary = join(root, `.put-${randomBytes(6).toString("hex")}.tmp`);
        await writeDurably(temporary, content);
        await settle(temporary, sha256);
      }
      return { key: sha256, sha256, size: content.byteLength };
    },
    async putStream(source, options) {
      // Issue #21: streamed to a temporary file in the store's own folder (so the rename stays on one disk), hashed
      // and counted on the way, flushed, checked, and only then renamed to its key.
      await mkdir(root, { recursive: true });
      const temporary = join(root, `.put-${randomBytes(6).toString("hex")}.tmp`);
      try {
        const { sha256, size } = await spoolToFile(source, temporary, options.maxBytes);
        const stored = { key: sha256, sha256, size };
        await options.verify?.(() => createReadStream(temporary), stored);
        await settle(temporary, sha256);
        return stored;
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async getStream(key) {
      const path = pathOf(key);
      try {
        const handle = await open(path, "r");
        const { size } = await handle.stat();
        return { body: handle.createReadStream(), size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async has(key) {
      return stat(pathOf(key)).then(
        () => true,
        () => false,
      );
    },
    async probe() {
      // Readiness (issue #20): a small file written, flushed and removed, so a full or read-only disk shows.
      await mkdir(root, { recursive: true });
      const path = join(root, `.ready-${randomBytes(6).toString("hex")}.tmp`);
      try {
        await writeDurably(path, randomBytes(64));
      } finally {
        await rm(path, { force: true });
      }
    },
  };
}
