import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Issue #20: the reliability suite starts servers and databases of its own (npm run test:reliability).
    exclude: ["test/reliability/**", "**/node_modules/**"],
    globalSetup: ["test/support/globalSetup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      exclude: ["src/web/**"],
      reporter: ["text-summary", "json-summary"],
      // The legal clock and states must be exactly right: issue #3 asks for ≥ 95% branch coverage there.
      thresholds: { "src/domain/**": { branches: 95 } },
    },
  },
});
