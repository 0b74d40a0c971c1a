import { type Dirent, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * Every file under a folder (a filesystem store's `FILES_DIR`, a temporary folder), by path relative to it: what a
 * test compares before and after a refused upload to show nothing was kept, not even a temporary file (issue #21).
 */
export function filesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string, prefix: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(folder, entry.name), relative);
      else found.push(relative);
    }
  };
  walk(root, "");
  return found.sort();
}

/** A program's first bytes (a Windows executable: "MZ", then its DOS header), padded to `size` bytes. */
export function windowsProgram(size = 8192): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]);
  return bytes;
}

/** A PDF of about `size` bytes (a long comment inside), so it streams in several chunks. */
export function largePdf(size: number, text = "OneStop"): Uint8Array {
  const head = `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n`;
  const tail = "\ntrailer << /Root 1 0 R >>\n%%EOF\n";
  const filler = Math.max(0, size - head.length - tail.length - 2);
  return new TextEncoder().encode(`${head}% ${"x".repeat(filler)}${tail}`);
}
