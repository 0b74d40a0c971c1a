import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Issue #20: the reliability suite starts servers and databases of its own (npm run test:reliability).
    exclude: ["test/reliability/**", "**/node_modules/**"],
    globalSetup: ["test/support/globalSetup.ts"],
    pool: "forks",
    // Each test file owns its database and app (test/support/testDatabase.ts), so files need no fresh module graph:
    // a worker keeps the modules it has loaded from one file to the next. Re-importing the app and its ~280 routes'
    // schemas for each of the ~240 files cost more than half of the suite's time on CI's two cores.
    isolate: false,
    // Vitest's default is one core less than the machine has: one test file at a time on CI's two cores, while most
    // files spend much of their time waiting on a database, a simulator or argon2's thread pool.
    maxWorkers: Math.max(2, availableParallelism()),
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
