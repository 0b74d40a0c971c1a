import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  PostalOrderKind,
  PostalOrderRequest,
  PostalState,
  PostalWebhookNotice,
} from "./postalService.ts";
import { signPostalWebhook } from "./webhookSignature.ts";

/** One order as the simulated postal service holds it. */
export interface SimulatedPostalOrder {
  orderCode: string;
  request: PostalOrderRequest;
  fee: number;
  state: PostalState;
  reason?: string;
}

/** What to break, as a real partner sometimes does (issue #18: timeouts, 5xx, duplicate and late notices). */
export interface PostalFaults {
  /** The next this many quote/order calls answer 503. */
  failRequests: number;
  /** Wait this long before answering a quote/order call (longer than POSTAL_TIMEOUT_MS = a timeout). */
  delayMs: number;
  /** Each webhook is sent this many extra times. */
  duplicateWebhooks: number;
  /** Keep webhooks until `releaseWebhooks()`, which sends them newest first (out of order). */
  holdWebhooks: boolean;
  /** The next order placed fails at collection with this reason (the postal worker found nobody, …). */
  failNextOrder: string;
}

const NO_FAULTS: PostalFaults = {
  failRequests: 0,
  delayMs: 0,
  duplicateWebhooks: 0,
  holdWebhooks: false,
  failNextOrder: "",
};

/** The simulated tariff (đồng): a collection at home, a delivery of a result; a commune far from a counter pays more. */
export const SIMULATED_TARIFF: Readonly<Record<PostalOrderKind, number>> = {
  pickup: 22_000,
  result_delivery: 25_000,
};
const REMOTE_SURCHARGE = 8_000;

export interface PostalSimulator {
  /** The address to configure as POSTAL_URL. */
  url: string;
  /** Bearer token it expects, and the secret its webhooks are signed with. */
  configure(options: { token?: string; secret?: string; stepMs?: number }): void;
  faults: PostalFaults;
  resetFaults(): void;
  /** Moves an order on (the postal worker's scanner), sending the signed webhook; resolves once it was sent (unless held). */
  advance(orderCode: string, state: PostalState, reason?: string): Promise<void>;
  /** Sends the held webhooks, newest first. */
  releaseWebhooks(): Promise<void>;
  orders(): readonly SimulatedPostalOrder[];
  /** Each webhook answer OneStop gave: HTTP status per attempt (0 = no answer). */
  webhookAnswers(): readonly number[];
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
const PHONE = /^0\d{9}$/;
const RANK: Record<PostalState, number> = { accepted: 1, collected: 2, delivered: 3, failed: 3 };

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const text = (value: unknown, min: number, max: number): value is string =>
  typeof value === "string" && value.trim().length >= min && value.length <= max;

/** The field errors of an order, as the postal service's API names them. */
function orderErrors(body: Partial<PostalOrderRequest> | null): string | undefined {
  if (typeof body !== "object" || body === null) return "INVALID_BODY";
  if (!text(body.reference, 1, 100)) return "INVALID_REFERENCE";
  if (body.kind !== "pickup" && body.kind !== "result_delivery") return "INVALID_KIND";
  if (!text(body.dossierCode, 1, 100)) return "INVALID_DOSSIER_CODE";
  if (!text(body.party?.name, 2, 200)) return "INVALID_NAME";
  if (typeof body.party?.phone !== "string" || !PHONE.test(body.party.phone)) return "INVALID_PHONE";
  if (!text(body.party?.address, 10, 500)) return "INVALID_ADDRESS";
  if (!text(body.counter?.name, 2, 300) || !text(body.counter?.address, 2, 500)) return "INVALID_COUNTER";
  if (typeof body.webhookUrl !== "string" || !/^https?:\/\//.test(body.webhookUrl))
    return "INVALID_WEBHOOK_URL";
  return undefined;
}

function feeOf(kind: PostalOrderKind, address: string): number {
  return SIMULATED_TARIFF[kind] + (/\b(thôn|ấp|bản)\b/i.test(address) ? REMOTE_SURCHARGE : 0);
}

/**
 * The public postal service's other side on loopback (development and tests, issue #18): it quotes fees, validates
 * and books orders (idempotent on the Idempotency-Key), moves them accepted → collected → delivered (or failed with
 * a reason) by itself every `stepMs` or when told to, posts each state as a signed webhook (retrying a few times
 * when OneStop does not acknowledge) — and breaks in the ways it is told to.
 */
export async function startPostalSimulator(
  options: { port?: number; token?: string; secret?: string; stepMs?: number } = {},
): Promise<PostalSimulator> {
  let token = options.token ?? "";
  let secret = options.secret ?? "";
  let stepMs = options.stepMs;
  const faults: PostalFaults = { ...NO_FAULTS };
  const orders = new Map<string, SimulatedPostalOrder>();
  const byReference = new Map<string, string>();
  const held: PostalWebhookNotice[] = [];
  const answers: number[] = [];
  const timers = new Set<NodeJS.Timeout>();
  /** Failures planned by `failNextOrder`, used when the order is failed without a reason of its own. */
  const planned = new Map<string, string>();
  let closed = false;

  const post = async (notice: PostalWebhookNotice, url: string) => {
    const body = JSON.stringify(notice);
    for (let copy = 0; copy <= faults.duplicateWebhooks; copy += 1) {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          const response = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", "x-signature": signPostalWebhook(secret, body) },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          answers.push(response.status);
          await response.arrayBuffer();
          if (response.status < 500) break;
        } catch {
          answers.push(0);
        }
      }
    }
  };

  const notify = async (order: SimulatedPostalOrder, at = new Date()) => {
    const notice: PostalWebhookNotice = {
      eventId: randomUUID(),
      orderCode: order.orderCode,
      reference: order.request.reference,
      state: order.state,
      at: at.toISOString(),
      ...(order.reason ? { reason: order.reason } : {}),
    };
    if (faults.holdWebhooks) held.push(notice);
    else await post(notice, order.request.webhookUrl);
  };

  const advance = async (orderCode: string, state: PostalState, reason?: string) => {
    const order = orders.get(orderCode);
    if (!order) throw new Error(`unknown postal order ${orderCode}`);
    if (RANK[state] <= RANK[order.state] && state !== order.state)
      throw new Error(`order ${orderCode} is ${order.state}`);
    order.state = state;
    if (state === "failed")
      order.reason = reason ?? planned.get(orderCode) ?? "Không liên hệ được người nhận";
    await notify(order);
  };

  /** Self-driven progress for development: collected, then delivered (or failed), one step every `stepMs`. */
  const schedule = (order: SimulatedPostalOrder, failure: string) => {
    if (!stepMs) return;
    const later = (ms: number, work: () => Promise<void>) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!closed) void work().catch(() => {});
      }, ms);
      timer.unref();
      timers.add(timer);
    };
    if (failure) later(stepMs, () => advance(order.orderCode, "failed", failure));
    else {
      later(stepMs, () => advance(order.orderCode, "collected"));
      later(2 * stepMs, () => advance(order.orderCode, "delivered"));
    }
  };

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const refuse = (status: number, code: string) => answer(status, { error: { code } });
    const url = new URL(request.url ?? "/", "http://simulator");
    const path = url.pathname;
    try {
      if (path.startsWith("/control/")) {
        if (request.method === "POST" && path === "/control/faults") {
          const body = JSON.parse((await readBody(request)) || "{}") as Partial<PostalFaults>;
          for (const key of Object.keys(NO_FAULTS) as (keyof PostalFaults)[])
            if (body[key] !== undefined) (faults as unknown as Record<string, unknown>)[key] = body[key];
          return answer(200, faults);
        }
        const move = /^\/control\/orders\/([^/]+)\/advance$/.exec(path);
        if (request.method === "POST" && move) {
          const body = JSON.parse((await readBody(request)) || "{}") as {
            state?: PostalState;
            reason?: string;
          };
          if (!body.state || !(body.state in RANK)) return refuse(400, "INVALID_STATE");
          if (!orders.has(decodeURIComponent(move[1]!))) return refuse(404, "UNKNOWN_ORDER");
          await advance(decodeURIComponent(move[1]!), body.state, body.reason);
          return answer(200, orders.get(decodeURIComponent(move[1]!)));
        }
        return refuse(404, "NOT_FOUND");
      }
      if (token && request.headers.authorization !== `Bearer ${token}`) return refuse(401, "UNAUTHORIZED");
      const booking = request.method === "POST" && (path === "/quotes" || path === "/orders");
      if (booking && faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
      if (booking && faults.failRequests > 0) {
        faults.failRequests -= 1;
        return refuse(503, "TEMPORARILY_UNAVAILABLE");
      }
      if (request.method === "POST" && path === "/quotes") {
        let body: { kind?: unknown; address?: unknown };
        try {
          body = JSON.parse(await readBody(request)) as typeof body;
        } catch {
          return refuse(400, "INVALID_BODY");
        }
        if (body.kind !== "pickup" && body.kind !== "result_delivery") return refuse(400, "INVALID_KIND");
        if (!text(body.address, 10, 500)) return refuse(400, "INVALID_ADDRESS");
        return answer(200, { fee: feeOf(body.kind, body.address), currency: "VND" });
      }
      if (request.method === "POST" && path === "/orders") {
        let body: Partial<PostalOrderRequest>;
        try {
          body = JSON.parse(await readBody(request)) as Partial<PostalOrderRequest>;
        } catch {
          return refuse(400, "INVALID_BODY");
        }
        const error = orderErrors(body);
        if (error) return refuse(400, error);
        const valid = body as PostalOrderRequest;
        const key = String(request.headers["idempotency-key"] ?? valid.reference);
        const known = byReference.get(key);
        if (known) {
          const order = orders.get(known)!;
          return answer(200, { orderCode: order.orderCode, fee: order.fee, state: order.state });
        }
        const order: SimulatedPostalOrder = {
          orderCode: `BC${Date.now().toString(36).toUpperCase()}${randomUUID().slice(0, 6).toUpperCase()}`,
          request: valid,
          fee: feeOf(valid.kind, valid.party.address),
          state: "accepted",
        };
        orders.set(order.orderCode, order);
        byReference.set(key, order.orderCode);
        const failure = faults.failNextOrder;
        faults.failNextOrder = "";
        answer(201, { orderCode: order.orderCode, fee: order.fee, state: order.state });
        // The acceptance notice follows the answer, as the real service's does.
        setImmediate(() => {
          if (!closed)
            void notify(order).then(
              () => schedule(order, failure),
              () => {},
            );
        });
        if (failure) planned.set(order.orderCode, failure);
        return;
      }
      const get = /^\/orders\/([^/]+)$/.exec(path);
      if (request.method === "GET" && get) {
        const order = orders.get(decodeURIComponent(get[1]!));
        if (!order) return refuse(404, "UNKNOWN_ORDER");
        return answer(200, {
          orderCode: order.orderCode,
          fee: order.fee,
          state: order.state,
          ...(order.state === "failed" && order.reason ? { reason: order.reason } : {}),
        });
      }
      return refuse(404, "NOT_FOUND");
    } catch (error) {
      return answer(500, { error: { code: "INTERNAL", message: (error as Error).message } });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    configure(next) {
      if (next.token !== undefined) token = next.token;
      if (next.secret !== undefined) secret = next.secret;
      if (next.stepMs !== undefined) stepMs = next.stepMs;
    },
    faults,
    resetFaults: () => Object.assign(faults, NO_FAULTS),
    advance,
    async releaseWebhooks() {
      const batch = held.splice(0).reverse();
      for (const notice of batch) {
        const order = orders.get(notice.orderCode);
        if (order) await post(notice, order.request.webhookUrl);
      }
    },
    orders: () => [...orders.values()],
    webhookAnswers: () => [...answers],
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
