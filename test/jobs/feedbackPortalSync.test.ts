import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { startFeedbackPortalSync } from "../../src/jobs/feedbackPortalSync.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

/** Issue #17: `onestop serve` syncs feedback with the national system, or its simulator when no URL is set. */

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

describe("startFeedbackPortalSync", () => {
  it("starts the loopback simulator without DVCQG_FEEDBACK_URL and stops it", async () => {
    const sync = await startFeedbackPortalSync({ db: handle.db, env: {}, intervalMs: 3_600_000 });
    expect(sync.simulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await sync.stop();
  });

  it("refuses a URL without its token, and one that is not http(s)", async () => {
    await expect(
      startFeedbackPortalSync({ db: handle.db, env: { DVCQG_FEEDBACK_URL: "https://dvc.example/pakn" } }),
    ).rejects.toThrow(/DVCQG_FEEDBACK_TOKEN/);
    await expect(
      startFeedbackPortalSync({
        db: handle.db,
        env: { DVCQG_FEEDBACK_URL: "ftp://x", DVCQG_FEEDBACK_TOKEN: "t" },
      }),
    ).rejects.toThrow(/DVCQG_FEEDBACK_URL/);
  });
});
