import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "../../src/db/connection.ts";
import { type ServerProcess, startServer } from "./support/serverProcess.ts";
import { createTempPostgres, freePort, type TempPostgres } from "./support/tempPostgres.ts";

/**
 * Issue #20 "kill -9 of the app under writes, on both databases: 0 acknowledged writes lost". The real `onestop
 * serve` takes registrations from three writers and is killed with SIGKILL mid-stream; a new process starts on the
 * same data (on PGlite it must take over the dead process's lock) and every registration answered 201 is there.
 */
let folder: string;
let postgres: TempPostgres;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "onestop-kill-"));
  postgres = await createTempPostgres();
  postgres.start();
}, 120_000);
afterAll(async () => {
  for (const server of servers) await server.stop("SIGKILL");
  postgres?.destroy();
  rmSync(folder, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function killUnderWrites(env: Record<string, string>, prefix: string) {
  const port = await freePort();
  const first = startServer(port, env);
  servers.push(first);
  await first.waitReady(120_000);
  const acknowledged: string[] = [];
  let sent = 0;
  let writing = true;
  const writer = async () => {
    while (writing) {
      sent += 1;
      const id = `${prefix}${String(sent).padStart(6, "0")}`;
      try {
        const response = await fetch(`${first.baseUrl}/api/auth/register/citizen`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            identificationNumber: id,
            fullName: "Trần Thị Thử",
            password: "MatKhau2026Thu!",
            email: `k${id}@example.vn`,
          }),
        });
        if (response.status === 201) acknowledged.push(id);
      } catch {
        // the process is gone: unacknowledged
      }
    }
  };
  const writers = [writer(), writer(), writer()];
  while (acknowledged.length < 15) await sleep(50);
  await first.stop("SIGKILL");
  writing = false;
  await Promise.all(writers);

  const second = startServer(port, env);
  servers.push(second);
  await second.waitReady(120_000);
  await second.stop("SIGTERM");
  return { sent, acknowledged };
}

describe("kill -9 of the app under writes (issue #20)", () => {
  it("PGlite: 0 acknowledged writes lost, and the restart takes over the dead process's lock", async () => {
    const env = {
      PGLITE_DATA_DIR: join(folder, "pglite", "db"),
      FILES_DIR: join(folder, "pglite", "files"),
      DATABASE_URL: "",
    };
    const { sent, acknowledged } = await killUnderWrites(env, "001091");
    const handle = await connectDatabase({ pgliteDataDir: env.PGLITE_DATA_DIR });
    const rows = await handle.db
      .selectFrom("users")
      .select("username")
      .where("username", "in", acknowledged)
      .execute();
    await handle.close();
    console.log("kill -9, PGlite", {
      sent,
      acknowledged: acknowledged.length,
      lost: acknowledged.length - rows.length,
    });
    expect(rows).toHaveLength(acknowledged.length);
  });

  it("PostgreSQL: 0 acknowledged writes lost", async () => {
    const env = { DATABASE_URL: postgres.url(), FILES_DIR: join(folder, "pg", "files") };
    const { sent, acknowledged } = await killUnderWrites(env, "001092");
    const handle = await connectDatabase({ databaseUrl: postgres.url() });
    const rows = await handle.db
      .selectFrom("users")
      .select("username")
      .where("username", "in", acknowledged)
      .execute();
    await handle.close();
    console.log("kill -9, PostgreSQL", {
      sent,
      acknowledged: acknowledged.length,
      lost: acknowledged.length - rows.length,
    });
    expect(rows).toHaveLength(acknowledged.length);
  });
});
