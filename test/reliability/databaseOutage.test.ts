import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServer } from "./support/serverProcess.ts";
import { createTempPostgres, freePort, type TempPostgres } from "./support/tempPostgres.ts";

/**
 * Issue #20 "Database outages", against a PostgreSQL server of the test's own: `serve` starts before the database
 * and waits; under a stream of writes the server is stopped (`pg_ctl -m fast`, a routine restart) and crashed
 * (`-m immediate`); the app stays up, answers 503 with Retry-After and a Vietnamese message while the database is
 * away, recovers by itself, and every write it acknowledged (201) is in the database afterwards.
 */
let postgres: TempPostgres;
let server: ServerProcess;
let filesDir: string;

beforeAll(async () => {
  postgres = await createTempPostgres();
  filesDir = mkdtempSync(join(tmpdir(), "onestop-outage-files-"));
}, 120_000);

afterAll(async () => {
  await server?.stop("SIGKILL");
  postgres?.destroy();
  rmSync(filesDir, { recursive: true, force: true });
});

interface Outcome {
  status: number;
  identificationNumber: string;
  retryAfter: string | null;
  message: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

describe("PostgreSQL stopped and started under load (issue #20)", () => {
  it("serve waits for a database that is not up yet, then survives a fast stop and a crash with 0 acknowledged writes lost", async () => {
    const port = await freePort();
    // The database is still down when serve starts: it must wait, not exit.
    server = startServer(port, {
      DATABASE_URL: postgres.url(),
      FILES_DIR: filesDir,
      DATABASE_STARTUP_WAIT_SECONDS: "120",
      DATABASE_CONNECT_TIMEOUT_MS: "2000",
    });
    await sleep(1_500);
    expect(server.alive(), server.output()).toBe(true);
    postgres.start();
    await server.waitReady(90_000);

    const outcomes: Outcome[] = [];
    let counter = 0;
    let writing = true;
    const writer = async () => {
      while (writing) {
        counter += 1;
        const identificationNumber = `0010${String(90_000_000 + counter).padStart(8, "0")}`;
        try {
          const response = await fetch(`${server.baseUrl}/api/auth/register/citizen`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              identificationNumber,
              fullName: "Nguyễn Văn Thử",
              email: `thu${counter}@example.vn`,
              password: "MatKhau2026Thu!",
            }),
          });
          const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
          outcomes.push({
            status: response.status,
            identificationNumber,
            retryAfter: response.headers.get("retry-after"),
            message: body.error?.message ?? "",
          });
          if (response.status === 503) await sleep(100);
        } catch (error) {
          outcomes.push({ status: 0, identificationNumber, retryAfter: null, message: String(error) });
          await sleep(100);
        }
      }
    };
    const writers = [writer(), writer(), writer()];

    const acknowledgedSince = (from: number) => outcomes.slice(from).filter((o) => o.status === 201).length;
    const waitForWrites = async (from: number, count: number, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (acknowledgedSince(from) < count && Date.now() < deadline) await sleep(100);
      return acknowledgedSince(from) >= count;
    };
    const figures: Record<string, number> = {};

    for (const mode of ["fast", "immediate"] as const) {
      expect(await waitForWrites(outcomes.length, 5, 60_000), `writes before the ${mode} stop`).toBe(true);
      const before = outcomes.length;
      postgres.stop(mode);
      const stoppedAt = Date.now();
      // While the database is away: the process lives, liveness answers, readiness and writes answer 503.
      await sleep(2_000);
      expect(server.alive(), server.output()).toBe(true);
      const live = await fetch(`${server.baseUrl}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${server.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      const during = outcomes.slice(before);
      const refused = during.filter((o) => o.status === 503);
      expect(refused.length, `503s during the ${mode} outage`).toBeGreaterThan(0);
      for (const o of refused) {
        expect(o.retryAfter).toMatch(/^\d+$/);
        expect(o.message).toMatch(VIETNAMESE);
      }
      postgres.start();
      const restartedAt = Date.now();
      const after = outcomes.length;
      expect(await waitForWrites(after, 3, 30_000), `writes after the ${mode} restart`).toBe(true);
      figures[`${mode}: outage ms`] = restartedAt - stoppedAt;
      figures[`${mode}: recovery after restart ms`] = Date.now() - restartedAt;
      figures[`${mode}: 503 answers`] = outcomes.slice(before).filter((o) => o.status === 503).length;
    }
    writing = false;
    await Promise.all(writers);
    expect(server.alive(), server.output()).toBe(true);

    // Only 201 (written) and 503 (database away) are acceptable answers; never a 500, never a dropped connection.
    const statuses = new Map<number, number>();
    for (const o of outcomes) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
    expect(
      [...statuses.keys()].filter((s) => s !== 201 && s !== 503),
      JSON.stringify([...statuses]),
    ).toEqual([]);

    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.identificationNumber);
    const client = new pg.Client({ connectionString: postgres.url() });
    await client.connect();
    const { rows } = await client.query<{ username: string }>(
      "select username from users where username = any($1::text[])",
      [acknowledged],
    );
    await client.end();
    const stored = new Set(rows.map((r) => r.username));
    const lost = acknowledged.filter((id) => !stored.has(id));
    figures.requests = outcomes.length;
    figures["acknowledged writes"] = acknowledged.length;
    figures["acknowledged writes lost"] = lost.length;
    console.log("database outage figures", figures);
    expect(lost).toEqual([]);
  }, 300_000);
});
