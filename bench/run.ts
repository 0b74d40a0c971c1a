/**
 * `npm run bench [name…]`: runs every `bench/*.bench.ts` (or the named ones). Each benchmark prints its own figures
 * and the baseline it is compared with in the same run (performance is measured here, never by timed tests).
 */
import { readdirSync } from "node:fs";

const folder = new URL("./", import.meta.url);
const wanted = process.argv.slice(2);
const files = readdirSync(folder)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();

if (files.length === 0) {
  console.error(`Không có benchmark nào khớp: ${wanted.join(", ")}`);
  process.exit(2);
}
for (const file of files) {
  console.log(`\n## ${file}`);
  const module = (await import(new URL(file, folder).href)) as { default: () => Promise<void> };
  await module.default();
}
