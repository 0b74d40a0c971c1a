import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import { type ListenOptions, Server } from "node:net";
import { availableParallelism } from "node:os";
import type { Config } from "../../config.ts";
import { readZaloOaSettings } from "../../integrations/messaging/zaloOaSettings.ts";
import { readPostalSettings } from "../../integrations/postal/postalSettings.ts";
import { openProvinceSso } from "../../integrations/provinceSso/openProvinceSso.ts";
import { openIdentityProviders } from "../../integrations/vneid/openIdentityProviders.ts";
import { openPreparedDatabase } from "../database.ts";
import { serve } from "./serve.ts";

/** The number of HTTP processes asked for: a number, or `auto` = one per core (issue #21). */
export function workerCount(requested: number | "auto"): number {
  return requested === "auto" ? availableParallelism() : requested;
}

/** The worker's environment: how many workers serve together (the rate limits are shared when more than one). */
const WORKERS_ENV = "ONESTOP_WORKERS";
/** "1" for the one worker that runs the background jobs, "0" for the others. */
const RUN_JOBS_ENV = "ONESTOP_RUN_JOBS";

/**
 * `onestop serve --workers N` (issue #21 "More than one process"): on a PostgreSQL server, a primary process brings
 * the database up to date once (migrations, the demo province on an empty database), then forks N workers
 * (node:cluster) that serve HTTP on the same port — the primary hands connections out in turn. Each worker is a whole
 * `serve` (the first one also runs the jobs, which are safe with several processes anyway, see src/jobs/scheduler.ts; a
 * replacement of that worker takes them over) whose rate limits are
 * counted in Redis or PostgreSQL (src/http/plugins/sharedRateLimitStore.ts). A worker that dies is started again;
 * SIGTERM or SIGINT stops every worker gracefully (each drains its requests and jobs), then the primary.
 *
 * One worker (the default) is `serve` itself in this process, exactly as before. The embedded PGlite is one process
 * by nature (one writer on its folder): with it, `--workers` above 1 is refused politely — it serves with one process
 * and says so.
 */
export async function serveWithWorkers(config: Config, requested: number | "auto"): Promise<void> {
  if (cluster.isWorker) {
    ownEphemeralPorts();
    await serve(config, {
      workers: Number(process.env[WORKERS_ENV] ?? 1),
      workerId: cluster.worker?.id,
      runJobs: process.env[RUN_JOBS_ENV] !== "0",
    });
    return;
  }
  const log = (line: string) => console.log(line);
  const workers = workerCount(requested);
  if (workers <= 1) return serve(config);
  if (!config.databaseUrl) {
    log(
      `PGlite nhúng chỉ chạy trong một tiến trình: bỏ qua --workers ${workers}, phục vụ bằng một tiến trình. ` +
        "Muốn dùng nhiều tiến trình (mỗi lõi một tiến trình), đặt DATABASE_URL tới máy chủ PostgreSQL.",
    );
    return serve(config);
  }
  // PORT=0 would give each worker a port of its own (see ownEphemeralPorts): the workers share one chosen port.
  if (config.port === 0)
    throw new Error(
      "--workers cần một cổng cố định (PORT khác 0): các tiến trình phục vụ dùng chung cổng đó",
    );
  // Migrations and the demo seed once, before any worker opens the database.
  const database = await openPreparedDatabase(config, log, { history: config.demoHistory });
  await database.close();
  const shared = await openSharedSimulators(config, log);
  log(`Tiến trình chính ${process.pid}: khởi động ${workers} tiến trình phục vụ trên cổng ${config.port}`);

  let stopping = false;
  let failedStarts = 0;
  const listening = new WeakSet<Worker>();
  // One worker runs the jobs; when it dies, its replacement takes them over.
  let jobsWorker: Worker | undefined;
  const fork = (runJobs: boolean) => {
    const worker = cluster.fork({
      ...shared.env,
      [WORKERS_ENV]: String(workers),
      [RUN_JOBS_ENV]: runJobs ? "1" : "0",
    });
    if (runJobs) jobsWorker = worker;
    worker.once("listening", () => {
      listening.add(worker);
      failedStarts = 0;
    });
    return worker;
  };
  for (let i = 0; i < workers; i++) fork(i === 0);

  const allStopped = new Promise<void>((resolve) => {
    cluster.on("exit", (worker, code, signal) => {
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve();
        return;
      }
      // A worker that dies is replaced; one that cannot even start (port taken, bad settings) three times in a row
      // stops the server instead of looping.
      if (!listening.has(worker)) failedStarts++;
      if (failedStarts >= 3) {
        log(`Tiến trình phục vụ không khởi động được ${failedStarts} lần liên tiếp; dừng máy chủ`);
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
        process.exitCode = 1;
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve();
        return;
      }
      log(
        `Tiến trình phục vụ ${worker.process.pid} đã dừng (${signal ?? `mã ${code}`}); khởi động tiến trình thay thế`,
      );
      const ranJobs = worker === jobsWorker;
      setTimeout(() => {
        if (!stopping) fork(ranJobs);
      }, 500).unref();
    });
  });

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`Nhận ${signal}, đang dừng ${Object.keys(cluster.workers ?? {}).length} tiến trình phục vụ…`);
    // Each worker drains its requests and jobs on SIGTERM (serve's own handler), then exits.
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    // A worker stuck past 30 s is killed.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
    }, 30_000).unref();
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  await allStopped;
  await shared.close();
  process.exit(process.exitCode ?? 0);
}

/**
 * What the workers must share when the external systems are simulated (issue #21): the sign-in providers are browser
 * round trips (the callback may reach another worker than the one that sent the citizen there), so their simulators
 * run once, here, and the workers get them as if configured (OIDC_*, OFFICER_OIDC_*). The simulators that call back
 * (payments, postal, the messaging platform) stay in each worker, but sign with one secret shared by all workers, so a
 * callback verifies whichever worker it reaches. Nothing is set for a system configured for real.
 */
async function openSharedSimulators(
  config: Config,
  log: (line: string) => void,
): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  const env: Record<string, string> = {};
  const closers: (() => Promise<void>)[] = [];
  const secret = () => randomBytes(32).toString("hex");
  if (!config.oidcIssuer) {
    const identity = await openIdentityProviders(config);
    closers.push(identity.close);
    env.OIDC_ISSUER = identity.simulator?.issuer ?? "";
    env.OIDC_CLIENT_ID = identity.client.id;
    env.OIDC_CLIENT_SECRET = identity.client.secret;
    log(
      `Đăng nhập VNeID qua trình mô phỏng trên máy này (${env.OIDC_ISSUER}), dùng chung cho mọi tiến trình`,
    );
  }
  if (!config.officerOidcIssuer) {
    const sso = await openProvinceSso(config);
    closers.push(sso.close);
    env.OFFICER_OIDC_ISSUER = sso.simulator?.issuer ?? "";
    env.OFFICER_OIDC_CLIENT_ID = sso.client.id;
    env.OFFICER_OIDC_CLIENT_SECRET = sso.client.secret;
  }
  if (!config.paymentPlatformUrl && !config.paymentCallbackSecret) env.PAYMENT_CALLBACK_SECRET = secret();
  const postal = readPostalSettings(process.env);
  if (!postal.postalUrl && !postal.postalWebhookSecret) env.POSTAL_WEBHOOK_SECRET = secret();
  const zalo = readZaloOaSettings(process.env);
  if (!zalo.zaloOaUrl && !zalo.zaloOaWebhookSecret) env.ZALO_OA_WEBHOOK_SECRET = secret();
  return {
    env,
    async close() {
      for (const close of closers) await close();
    },
  };
}

/**
 * In a worker, a server listening on port 0 (a loopback simulator) gets a port of its own. node:cluster would
 * otherwise share it with the other workers through the primary (one port, connections handed out in turn), and a
 * simulator's state (an order, a signing session) would be split between two processes. The HTTP port itself
 * (PORT) is not 0 and stays shared.
 */
function ownEphemeralPorts(): void {
  const listen = Server.prototype.listen;
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    const [first] = args;
    if (first !== null && typeof first === "object" && (first as ListenOptions).port === 0)
      return listen.call(this, { ...(first as ListenOptions), exclusive: true }, ...(args.slice(1) as []));
    if (first === 0 || first === "0") {
      const host = typeof args[1] === "string" ? args[1] : undefined;
      const callback = args.find((arg) => typeof arg === "function") as (() => void) | undefined;
      return listen.call(this, { port: 0, host, exclusive: true }, callback);
    }
    return listen.apply(this, args as Parameters<Server["listen"]>);
  } as Server["listen"];
}
