// `npm run build`: tsc emits dist/ from the TypeScript sources but not the plain-JavaScript modules that must load
// without tsx (the embedded database's worker thread and what it imports, src/db/*.mjs). Copy them beside the
// compiled code so a built deployment finds them where the sources do.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";

for (const file of readdirSync("src", { recursive: true, encoding: "utf8" })) {
  if (!file.endsWith(".mjs")) continue;
  mkdirSync(dirname(join("dist", file)), { recursive: true });
  copyFileSync(join("src", file), join("dist", file));
}
