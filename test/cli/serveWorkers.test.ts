import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { type ServerProcess, startServer } from "../reliability/support/serverProcess.ts";

// Issue #21 "More than one process": `onestop serve --workers 2` as a real child process. On PostgreSQL both workers
// answer on one port, the rate limit is counted once across them, a killed worker is replaced, SIGTERM stops all;
// on the embedded PGlite it says it stays one process.

const seededTemplateUrl = inject("seededTemplateDatabaseUrl");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `onestop serve --workers 2` as a child process, its rate limits low enough to see them shared. */
function serveWorkers(port: number, env: Record<string, string>): ServerProcess {
  return startServer(
    port,
    {
      DEMO_HISTORY: "false",
      LOOKUP_RATE_LIMIT_PER_MINUTE: "6",
      REDIS_URL: "",
      RATE_LIMIT_STORE: "auto",
      ...env,
    },
    ["--workers", "2"],
  );
}

/** One request on a connection of its own, so the cluster may hand it to either worker. */
function get(
  port: number,
  path: string,
): Promise<{ status: number; worker: string | undefined; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false }, (response) => {
      response.resume();
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          worker: response.headers["x-onestop-worker"] as string | undefined,
          retryAfter: response.headers["retry-after"] as string | undefined,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const readyLines = (output: string) =>
  output.match(/\[tiến trình \d+, pid \d+\] OneStop sẵn sàng/g)?.length ?? 0;

describe.skipIf(!seededTemplateUrl)("serve --workers 2 on PostgreSQL (issue #21)", () => {
  let admin: pg.Client | undefined;
  const name = `onestop_test_workers_${randomBytes(4).toString("hex")}`;
  let served: ServerProcess | undefined;

  afterAll(async () => {
    if (served && served.child.exitCode === null) {
      served.child.kill("SIGKILL");
      await served.exited;
    }
    if (admin) {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  it("two workers answer on one port, share the rate limit, a killed worker is replaced, SIGTERM stops all", async () => {
    const template = new URL(seededTemplateUrl!);
    const templateName = template.pathname.slice(1);
    admin = new pg.Client({ connectionString: seededTemplateUrl!.replace(`/${templateName}`, "/postgres") });
    await admin.connect();
    await admin.query(`create database ${name} template ${templateName}`);
    template.pathname = `/${name}`;
    const port = await freePort();
    served = serveWorkers(port, { DATABASE_URL: template.toString(), DATABASE_POOL_MAX: "4" });
    const s = served;
    await waitFor(() => readyLines(s.output()) >= 2, 90_000, s.output);
    expect(s.output()).toContain("khởi động 2 tiến trình phục vụ");
    expect(s.output()).toContain("Giới hạn tần suất đếm chung cho mọi tiến trình trong PostgreSQL");

    // Both workers answer (each connection goes to the next worker in turn).
    const workers = new Set<string | undefined>();
    for (let i = 0; i < 8; i++) workers.add((await get(port, "/health/live")).worker);
    expect([...workers].sort()).toEqual(["1", "2"]);

    // LOOKUP_RATE_LIMIT_PER_MINUTE=6 counted once across the two workers: the 7th lookup is refused.
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await get(port, "/api/public/lookup/KHONG-CO"));
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404, 429, 429]);
    expect(new Set(answers.map((a) => a.worker)).size).toBe(2);
    expect(Number(answers[6]?.retryAfter)).toBeGreaterThan(0);

    // One worker runs the background jobs, the other only serves.
    const jobsLine = (worker: number) =>
      new RegExp(`\\[tiến trình ${worker}, pid \\d+\\] Tiến trình này chạy các tác vụ nền`);
    expect(s.output()).toMatch(jobsLine(1));
    expect(s.output()).toMatch(/\[tiến trình 2, pid \d+\] Tiến trình này chỉ phục vụ yêu cầu/);

    // A worker that dies is replaced; the jobs worker's replacement takes the jobs over.
    const pid = Number(/\[tiến trình 1, pid (\d+)\] OneStop sẵn sàng/.exec(s.output())?.[1]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, "SIGKILL");
    await waitFor(() => readyLines(s.output()) >= 3, 60_000, s.output);
    expect(s.output()).toContain(`Tiến trình phục vụ ${pid} đã dừng`);
    expect(s.output()).toMatch(jobsLine(3));
    expect((await get(port, "/health/live")).status).toBe(200);

    // SIGTERM drains every worker, then the primary exits cleanly.
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain("Nhận SIGTERM");
  }, 200_000);
});

describe("serve --workers 2 on the embedded PGlite (issue #21)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "onestop-workers-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("says it stays one process, and serves", async () => {
    const port = await freePort();
    const env: Record<string, string> = {
      PGLITE_DATA_DIR: join(dataDir, "db"),
      FILES_DIR: join(dataDir, "files"),
    };
    const served = serveWorkers(port, { ...env, DATABASE_URL: "", PGLITE_DURABILITY: "relaxed" });
    try {
      await waitFor(() => served.output().includes("OneStop sẵn sàng"), 50_000, served.output);
      expect(served.output()).toContain("PGlite nhúng chỉ chạy trong một tiến trình: bỏ qua --workers 2");
      const answer = await get(port, "/health/live");
      expect(answer.status).toBe(200);
      expect(answer.worker).toBeUndefined();
    } finally {
      served.child.kill("SIGTERM");
      await served.exited;
    }
  }, 60_000);
});
