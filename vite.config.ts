import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.env.ONESTOP_WEB_ROOT
  ? resolve(process.env.ONESTOP_WEB_ROOT)
  : resolve(here, "dist/web");
/** The portal's first page may load at most this much gzipped JavaScript (issue #5); test/web/budget.test.ts checks it. */
export const firstPageBudgetBytes = 350 * 1024;
/** The route module the first page (the portal's home) loads right after the entry. */
const firstPageRoute = "portal/HomePage.tsx";
const serverUrl = process.env.ONESTOP_DEV_SERVER ?? "http://127.0.0.1:3000";

interface ChunkSize {
  file: string;
  name: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * Prints every JavaScript chunk with its gzipped size and the total the portal's first page loads (the entry, its
 * static imports, and the home route with its static imports), and writes the figures to dist/web/bundle-sizes.json.
 */
function bundleSizes(): Plugin {
  return {
    name: "onestop-bundle-sizes",
    apply: "build",
    writeBundle(_options, bundle) {
      const chunks = new Map<string, { code: string; imports: string[]; name: string }>();
      let entry: string | undefined;
      let home: string | undefined;
      for (const [file, output] of Object.entries(bundle)) {
        if (output.type !== "chunk") continue;
        chunks.set(file, { code: output.code, imports: output.imports, name: output.name });
        if (output.isEntry) entry = file;
        if (output.facadeModuleId?.replaceAll("\\", "/").endsWith(firstPageRoute)) home = file;
      }
      const sizes: ChunkSize[] = [...chunks.entries()]
        .map(([file, chunk]) => ({
          file,
          name: chunk.name,
          bytes: Buffer.byteLength(chunk.code),
          gzipBytes: gzipSync(chunk.code, { level: 9 }).length,
        }))
        .sort((a, b) => b.gzipBytes - a.gzipBytes);
      const firstPage = new Set<string>();
      const visit = (file: string | undefined) => {
        if (!file || firstPage.has(file)) return;
        firstPage.add(file);
        for (const imported of chunks.get(file)?.imports ?? []) visit(imported);
      };
      visit(entry);
      visit(home);
      const firstPageGzip = sizes
        .filter((s) => firstPage.has(s.file))
        .reduce((sum, s) => sum + s.gzipBytes, 0);
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const lines = sizes.map(
        (s) =>
          `  ${firstPage.has(s.file) ? "*" : " "} ${s.file.padEnd(48)} ${kb(s.bytes).padStart(10)}  gzip ${kb(s.gzipBytes).padStart(9)}`,
      );
      console.log(
        [
          "",
          "Kích thước JavaScript (* = tải ở trang đầu của Cổng):",
          ...lines,
          `  Trang đầu của Cổng: ${kb(firstPageGzip)} gzip (ngân sách ${kb(firstPageBudgetBytes)})`,
          "",
        ].join("\n"),
      );
      writeFileSync(
        join(outDir, "bundle-sizes.json"),
        `${JSON.stringify(
          {
            budgetBytes: firstPageBudgetBytes,
            firstPage: { files: [...firstPage], gzipBytes: firstPageGzip },
            chunks: sizes,
          },
          null,
          2,
        )}\n`,
      );
    },
  };
}

export default defineConfig({
  root: resolve(here, "src/web"),
  base: "/",
  plugins: [react(), bundleSizes()],
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1024,
    reportCompressedSize: false,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: serverUrl, changeOrigin: false },
      "/docs": { target: serverUrl, changeOrigin: false },
    },
  },
});
