// Prints the coverage of src/domain (the pure rules; issue #3 requires ≥ 95% branches, enforced by vitest.config.ts)
// from Vitest's json-summary, after `vitest run --coverage`.
import { readFileSync } from "node:fs";

const summary = JSON.parse(
  readFileSync(new URL("../coverage/coverage-summary.json", import.meta.url), "utf8"),
);
const totals = { branches: [0, 0], statements: [0, 0], functions: [0, 0], lines: [0, 0] };
for (const [file, metrics] of Object.entries(summary)) {
  if (!file.replaceAll("\\", "/").includes("/src/domain/")) continue;
  for (const key of Object.keys(totals)) {
    totals[key][0] += metrics[key].covered;
    totals[key][1] += metrics[key].total;
  }
}
const percent = ([covered, total]) => (total === 0 ? "100.00" : ((covered / total) * 100).toFixed(2));
console.log(
  `src/domain coverage: branches ${percent(totals.branches)}% (${totals.branches.join("/")}), ` +
    `statements ${percent(totals.statements)}%, functions ${percent(totals.functions)}%, lines ${percent(totals.lines)}%`,
);
