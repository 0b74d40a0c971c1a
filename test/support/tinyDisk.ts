import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

/**
 * A 64 KB tmpfs at `folder`, to fill a disk for real (issue #20: a full disk answers 507). Needs root and mount
 * rights; returns undefined where the machine does not allow it, and the tests that need it are skipped.
 */
export function mountTinyDisk(folder: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    mkdirSync(folder, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", folder], { stdio: "ignore" });
    return folder;
  } catch {
    return undefined;
  }
}

export function unmountTinyDisk(folder: string): void {
  try {
    execFileSync("umount", [folder], { stdio: "ignore" });
  } catch {
    // already gone
  }
}
