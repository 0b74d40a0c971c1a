import { defineConfig } from "vitest/config";

/**
 * `npm run test:reliability` (issue #20): kill -9 under writes on both databases, PostgreSQL stopped and started
 * under load, the backup and restore round trip. Apart from `npm test` because they start servers and databases of
 * their own; CI runs them after the unit suite.
 */
export default defineConfig({
  test: {
    include: ["test/reliability/**/*.test.ts"],
    globalSetup: ["test/support/globalSetup.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});
