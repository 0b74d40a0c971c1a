import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FileStorage } from "./fileStorage.ts";

const KEY = /^[0-9a-f]{64}$/;

/**
 * Content-addressed files under a folder (default `./var/files`): `ab/cd/abcd…`. Written to a temporary name and
 * renamed, so a reader never sees half a file and a crash leaves no partial file under a real key.
 */
export function filesystemStorage(root: string): FileStorage {
  const pathOf = (key: string) => {
    if (!KEY.test(key)) throw new RangeError(`not a storage key: ${key}`);
    return join(root, key.slice(0, 2), key.slice(2, 4), key);
  };
  return {
    async put(content) {
      const sha256 = createHash("sha256").update(content).digest("hex");
      const path = pathOf(sha256);
      const exists = await stat(path).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await mkdir(join(root, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true });
        const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
        await writeFile(temporary, content);
        await rename(temporary, path);
      }
      return { key: sha256, sha256, size: content.byteLength };
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
  };
}
