import { randomBytes } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import { attachmentRoutes } from "./attachmentRoutes.ts";
import { catalogRoutes } from "./catalogRoutes.ts";
import type { SimulatorContext, SimulatorRouteModule } from "./context.ts";
import { controlRoutes } from "./controlRoutes.ts";
import { createFaultInjector } from "./faults.ts";
import { lookupRoutes } from "./lookupRoutes.ts";
import { portalRoutes } from "./portalRoutes.ts";
import { statisticsRoutes } from "./statisticsRoutes.ts";
import { syncRoutes } from "./syncRoutes.ts";
import { createSyncStore } from "./syncStore.ts";

/**
 * The route modules of the DVCQG simulator, registered in this order. THE REGISTRATION POINT: a new group of routes
 * (catalog, attachments, messages…) lives in its own file under this folder and is added here with one line.
 */
export const ROUTE_MODULES: readonly SimulatorRouteModule[] = [
  controlRoutes,
  syncRoutes,
  lookupRoutes,
  statisticsRoutes,
  catalogRoutes,
  attachmentRoutes,
  portalRoutes,
];

export interface DvcqgSimulator {
  /** The simulator's base address, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** What to put in DVCQG_SYNC_URL. */
  syncUrl: string;
  token: string;
  context: SimulatorContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface DvcqgSimulatorOptions {
  port?: number;
  /** The bearer token OneStop must send; a random one when not given. */
  token?: string;
  clock?: () => Date;
  /** Extra route modules for a test (the permanent ones go in ROUTE_MODULES). */
  modules?: readonly SimulatorRouteModule[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * The other side of the national public service portal (DVCQG, issue #13) as a small HTTP server on 127.0.0.1, started
 * by `onestop serve` when DVCQG_SYNC_URL is unset and by the tests. Faults set through /control apply to every other
 * route: `timeout` never answers, `error` answers 500, `slow` answers after a delay, `duplicate` applies the packet but
 * loses the acknowledgement (503).
 */
export async function startDvcqgSimulator(options: DvcqgSimulatorOptions = {}): Promise<DvcqgSimulator> {
  const context: SimulatorContext = {
    token: options.token ?? randomBytes(24).toString("base64url"),
    clock: options.clock ?? (() => new Date()),
    faults: createFaultInjector(),
    sync: createSyncStore(),
    extras: new Map(),
  };
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 20 * 1024 * 1024 });
  app.addHook("preHandler", async (request, reply) => {
    if (request.url.startsWith("/control")) return;
    const fault = context.faults.take();
    if (!fault) return;
    if (fault.mode === "timeout") {
      // Never answered: the socket stays open until the caller gives up (or the simulator closes).
      reply.hijack();
      return;
    }
    if (fault.mode === "error")
      return reply.code(500).send({ error: "SIMULATED_FAILURE", message: "Lỗi hệ thống (mô phỏng)" });
    if (fault.mode === "slow") await sleep(fault.delayMs);
    if (fault.mode === "duplicate") (request as { lostAck?: boolean }).lostAck = true;
  });
  app.addHook("onSend", async (request, reply, payload) => {
    if (!(request as { lostAck?: boolean }).lostAck || reply.statusCode >= 300) return payload;
    reply.code(503);
    return JSON.stringify({ error: "ACK_LOST", message: "Đã nhận nhưng mất phản hồi (mô phỏng)" });
  });
  for (const module of [...ROUTE_MODULES, ...(options.modules ?? [])]) await module.register(app, context);
  const address = await app.listen({ host: "127.0.0.1", port: options.port ?? 0 });
  return {
    baseUrl: address,
    syncUrl: `${address}/sync`,
    token: context.token,
    context,
    app,
    close: () => app.close(),
  };
}
