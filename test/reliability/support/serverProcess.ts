import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the process printed, for the failure message. */
  output(): string;
  alive(): boolean;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  waitReady(timeoutMs: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The real `onestop serve` as a child process: a crash in it (an unhandled error event) is a crash, not a log line. */
export function startServer(port: number, env: Record<string, string>, args: string[] = []): ServerProcess {
  let output = "";
  const child = spawn(process.execPath, ["bin/onestop.js", "serve", ...args], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      SEED_ON_EMPTY: "false",
      LOGIN_RATE_LIMIT_PER_MINUTE: "1000000",
      PUBLIC_RATE_LIMIT_PER_MINUTE: "1000000",
      // Issue #20's per-class limits would count the suite's own load; it measures durability, not limits.
      API_RATE_LIMIT_PER_MINUTE: "1000000",
      UPLOAD_RATE_LIMIT_PER_MINUTE: "1000000",
      INTEGRATION_RATE_LIMIT_PER_MINUTE: "1000000",
      LOOKUP_RATE_LIMIT_PER_MINUTE: "1000000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const server: ServerProcess = {
    child,
    baseUrl,
    exited,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    async waitReady(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (!server.alive()) throw new Error(`the server exited:\n${output}`);
        try {
          const response = await fetch(`${baseUrl}/health/ready`);
          if (response.status === 200) return;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`the server was not ready within ${timeoutMs} ms:\n${output}`);
    },
    async stop(signal = "SIGTERM") {
      if (!server.alive()) return;
      child.kill(signal);
      await exited;
    },
  };
  return server;
}
