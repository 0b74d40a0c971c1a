import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A PostgreSQL server of the test's own (issue #20): initdb in a temporary folder, on a free port, so that the
 * reliability tests can stop, kill and restart it without touching the machine's server on 5432. PostgreSQL refuses
 * to run as root, so under root the server runs as the `postgres` system user.
 */
export interface TempPostgres {
  port: number;
  url(database?: string): string;
  start(): void;
  /** `fast` is a routine `pg_ctl -m fast` stop; `immediate` is a crash (no shutdown checkpoint). */
  stop(mode?: "fast" | "immediate"): void;
  destroy(): void;
}

function binDir(): string {
  const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(join(dir, "initdb"))) return dir;
  }
  throw new Error("no PostgreSQL binaries under /usr/lib/postgresql");
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function createTempPostgres(): Promise<TempPostgres> {
  return temporaryServer("onestop-pg-", "", (run, data) =>
    run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]),
  );
}

/**
 * A streaming replica of a `createTempPostgres` server (issue #21 item 4): `pg_basebackup -R` of the running primary
 * into a folder of its own, started on a second free port as a hot standby. The temporary primary accepts replication
 * from 127.0.0.1 as it is (initdb's pg_hba trusts local replication, wal_level defaults to replica).
 */
export async function createTempReplica(primary: TempPostgres): Promise<TempPostgres> {
  // -R writes standby.signal and the primary_conninfo; -X stream brings the WAL written during the copy.
  return temporaryServer("onestop-replica-", " -c hot_standby=on", (run, data) =>
    run("pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(primary.port),
      "-U",
      "postgres",
      "-D",
      data,
      "-R",
      "-X",
      "stream",
      "-c",
      "fast",
      "--no-sync",
    ]),
  );
}

/** A data folder filled by `populate` (initdb or a base backup), served by `pg_ctl` on a free loopback port. */
async function temporaryServer(
  prefix: string,
  extraOptions: string,
  populate: (run: (tool: string, args: string[]) => Buffer, data: string) => void,
): Promise<TempPostgres> {
  const bin = binDir();
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : join(bin, tool);
    const fullArgs = asRoot ? ["-u", "postgres", "--", join(bin, tool), ...args] : args;
    return execFileSync(command, fullArgs, { stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  };
  if (asRoot) execFileSync("chown", ["postgres", folder]);
  const data = join(folder, "data");
  populate(run, data);
  const port = await freePort();
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off${extraOptions}`;
  const log = join(folder, "server.log");
  const instance: TempPostgres = {
    port,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: () => {
      run("pg_ctl", ["-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start"]);
    },
    stop: (mode = "fast") => {
      run("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
    },
    destroy: () => {
      try {
        instance.stop("immediate");
      } catch {
        // already stopped
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
  return instance;
}
