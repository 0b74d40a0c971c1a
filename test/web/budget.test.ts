import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Written by the onestop-bundle-sizes plugin of vite.config.ts at every `npm run build:web`. */
const statsPath = join(process.cwd(), "dist", "web", "bundle-sizes.json");
const budgetBytes = 350 * 1024;

interface BundleSizes {
  budgetBytes: number;
  firstPage: { files: string[]; gzipBytes: number };
  chunks: { file: string; bytes: number; gzipBytes: number }[];
}

describe("the portal's JavaScript budget (issue #5)", () => {
  it("the first page loads at most 350 KB of gzipped JavaScript", () => {
    expect(existsSync(statsPath), `${statsPath} is missing: run npm run build:web`).toBe(true);
    const sizes = JSON.parse(readFileSync(statsPath, "utf8")) as BundleSizes;
    expect(sizes.budgetBytes).toBe(budgetBytes);
    expect(sizes.firstPage.files.length).toBeGreaterThan(0);
    const total = sizes.chunks
      .filter((chunk) => sizes.firstPage.files.includes(chunk.file))
      .reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
    expect(total).toBe(sizes.firstPage.gzipBytes);
    expect(total, `first page: ${(total / 1024).toFixed(1)} KB gzip`).toBeLessThanOrEqual(budgetBytes);
  });

  it("the office and the e-form are not part of the first page", () => {
    const sizes = JSON.parse(readFileSync(statsPath, "utf8")) as BundleSizes;
    expect(sizes.firstPage.files.some((file) => /OfficeApp|SubmitPage|EForm/.test(file))).toBe(false);
  });
});
