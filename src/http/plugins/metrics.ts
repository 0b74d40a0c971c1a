import { timingSafeEqual } from "node:crypto";
import { BlockList, isIPv6 } from "node:net";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ForbiddenError } from "../../services/errors.ts";

export interface MetricsAccess {
  /** A bearer token that opens /metrics from anywhere (METRICS_TOKEN); unset = addresses only. */
  token?: string | undefined;
  /** Addresses and CIDRs that may read /metrics without the token (METRICS_ALLOW); default loopback only. */
  allow?: readonly string[];
}

export const defaultMetricsAllow = ["127.0.0.0/8", "::1/128"];

/** A BlockList of addresses and CIDRs (`10.0.0.0/8`, `::1`, `192.168.1.5`). */
export function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const type = isIPv6(address) ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function sameToken(expected: string, given: string | undefined): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given ?? "");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Who may read /metrics (issue #20): the token holder, or an internal address. */
function metricsGuard(access: MetricsAccess) {
  const allowed = addressList(access.allow ?? defaultMetricsAllow);
  return async (request: FastifyRequest) => {
    const bearer = request.headers.authorization?.replace(/^Bearer\s+/i, "");
    if (access.token && sameToken(access.token, bearer)) return;
    const ip = request.ip.replace(/^::ffff:/, "");
    if (allowed.check(ip, isIPv6(ip) ? "ipv6" : "ipv4")) return;
    throw new ForbiddenError(
      { vi: "Không có quyền xem số liệu vận hành", en: "Not allowed to read the operating metrics" },
      "METRICS_FORBIDDEN",
    );
  };
}

import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics at `/metrics` (issue #2 §8): process defaults and request durations by route pattern (never by
 * raw URL, which would leak dossier codes into labels and explode cardinality). One registry per app instance.
 */
export function registerMetrics(app: FastifyInstance, access: MetricsAccess = {}): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "onestop_" });
  const duration = new Histogram({
    name: "onestop_http_request_duration_seconds",
    help: "HTTP request duration by method, route pattern and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? "unmatched", status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
  app.get("/metrics", { schema: { hide: true }, onRequest: metricsGuard(access) }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
  return registry;
}
