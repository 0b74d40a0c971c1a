import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServer } from "./support/serverProcess.ts";
import { createTempPostgres, freePort, type TempPostgres } from "./support/tempPostgres.ts";

/**
 * Issue #20 "A hung database hangs everything": the reproduction stopped (SIGSTOP) every process of the PostgreSQL
 * server, and `/health` and other requests hung for more than 30 s. With the connection, statement and client-side
 * timeouts set (here 3 s), liveness still answers at once, readiness and a request that needs the database answer
 * within seconds (503), and everything recovers when the server runs again (SIGCONT).
 */
let postgres: TempPostgres;
let server: ServerProcess;
let filesDir: string;
let frozen: number[] = [];

/** The server's postmaster (its command line names the port) and all its children. */
function postgresProcesses(port: number): number[] {
  const main = execFileSync("pgrep", ["-f", `postgres.*-p ${port}`])
    .toString()
    .trim()
    .split("\n")
    .map(Number);
  const children = main.flatMap((pid) => {
    try {
      return execFileSync("pgrep", ["-P", String(pid)])
        .toString()
        .trim()
        .split("\n")
        .map(Number);
    } catch {
      return [];
    }
  });
  return [...new Set([...main, ...children])].filter((pid) => pid > 0);
}

const signal = (pids: number[], name: NodeJS.Signals) => {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // gone
    }
  }
};

beforeAll(async () => {
  postgres = await createTempPostgres();
  postgres.start();
  filesDir = mkdtempSync(join(tmpdir(), "onestop-hung-files-"));
}, 120_000);

afterAll(async () => {
  signal(frozen, "SIGCONT");
  await server?.stop("SIGKILL");
  postgres?.destroy();
  rmSync(filesDir, { recursive: true, force: true });
});

async function timed(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

describe("a hung database (issue #20)", () => {
  it("liveness answers at once, readiness and requests answer 503 within seconds, and all recovers", async () => {
    const port = await freePort();
    server = startServer(port, {
      DATABASE_URL: postgres.url(),
      FILES_DIR: filesDir,
      DATABASE_CONNECT_TIMEOUT_MS: "3000",
      DATABASE_STATEMENT_TIMEOUT_MS: "3000",
    });
    await server.waitReady(280_000);
    expect((await timed(`${server.baseUrl}/health/ready`)).status).toBe(200);

    frozen = postgresProcesses(postgres.port);
    expect(frozen.length).toBeGreaterThan(0);
    signal(frozen, "SIGSTOP");
    try {
      const live = await timed(`${server.baseUrl}/health/live`);
      expect(live.status).toBe(200);
      expect(live.ms).toBeLessThan(2_000);
      const ready = await timed(`${server.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      // statement 3 s + the client's 5 s margin, with room for a loaded machine: far below the 30 s hang.
      expect(ready.ms).toBeLessThan(20_000);
      const catalog = await timed(`${server.baseUrl}/api/public/procedures`);
      expect(catalog.status).toBe(503);
      expect(catalog.ms).toBeLessThan(20_000);
      expect(server.alive(), server.output()).toBe(true);
    } finally {
      signal(frozen, "SIGCONT");
    }
    let recovered = 0;
    for (let attempt = 0; attempt < 60 && recovered !== 200; attempt++) {
      recovered = (await timed(`${server.baseUrl}/health/ready`)).status;
      if (recovered !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(recovered).toBe(200);
  });
});
