import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, type TempPostgres } from "./tempPostgres.ts";

/**
 * A streaming replica of a `createTempPostgres` server (issue #21 item 4): `pg_basebackup -R` of the running primary
 * into a folder of its own, started on a second free port as a hot standby. The temporary primary accepts replication
 * from 127.0.0.1 as it is (initdb's pg_hba trusts local replication, wal_level defaults to replica). Under root the
 * tools run as the `postgres` system user, like the primary's.
 */
function binDir(): string {
  const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(join(dir, "pg_basebackup"))) return dir;
  }
  throw new Error("no PostgreSQL binaries under /usr/lib/postgresql");
}

export async function createTempReplica(primary: TempPostgres): Promise<TempPostgres> {
  const bin = binDir();
  const folder = mkdtempSync(join(tmpdir(), "onestop-replica-"));
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : join(bin, tool);
    const fullArgs = asRoot ? ["-u", "postgres", "--", join(bin, tool), ...args] : args;
    return execFileSync(command, fullArgs, { stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  };
  if (asRoot) execFileSync("chown", ["postgres", folder]);
  const data = join(folder, "data");
  // -R writes standby.signal and the primary_conninfo; -X stream brings the WAL written during the copy.
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
  ]);
  const port = await freePort();
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c hot_standby=on`;
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
