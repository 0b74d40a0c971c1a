import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SharedCounterStore } from "./sharedRateLimitStore.ts";

/**
 * Every route is rate-limited by its class (issue #20 "Rate-limit every route class"): one counter per class and
 * client, shared by the routes of the class, so spreading requests over many routes of a class gains nothing. 429 in
 * Vietnamese with `Retry-After` (src/http/plugins/errors.ts). Counters live in the process, or in Redis or PostgreSQL
 * when several processes serve (issue #21, src/http/plugins/sharedRateLimitStore.ts).
 */
export type RouteClass = "lookup" | "catalog" | "auth" | "uploads" | "integration" | "api";

export interface RateLimitSettings {
  /** LOOKUP_RATE_LIMIT_PER_MINUTE: the dossier lookup, result and receipt checks. */
  lookup: number;
  /** PUBLIC_RATE_LIMIT_PER_MINUTE: the catalog and the other public reads. */
  catalog: number;
  /** LOGIN_RATE_LIMIT_PER_MINUTE: sign-in, registration, second factor — every unsafe method under /api/auth. */
  auth: number;
  /** UPLOAD_RATE_LIMIT_PER_MINUTE: file uploads (multipart). */
  uploads: number;
  /** INTEGRATION_RATE_LIMIT_PER_MINUTE: webhooks and callbacks of partner systems. */
  integration: number;
  /** API_RATE_LIMIT_PER_MINUTE: everything else under /api, counted per signed-in account. */
  api: number;
}

const LOOKUP_PREFIXES = ["/api/public/lookup", "/api/public/results", "/api/public/receipts"];

/** The class of a route, or undefined for what is not limited (health, metrics, the API documentation, web pages). */
export function routeClassOf(method: string, url: string): RouteClass | undefined {
  const safe = method === "GET" || method === "HEAD" || method === "OPTIONS";
  if (LOOKUP_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`))) return "lookup";
  if (url.startsWith("/api/public/") || url.startsWith("/.well-known/")) return "catalog";
  if (url.startsWith("/api/auth/")) return safe ? "api" : "auth";
  if (url === "/api/uploads" || url.startsWith("/api/uploads/")) return safe ? "api" : "uploads";
  if (url.startsWith("/api/integration/")) return "integration";
  if (url.startsWith("/api/")) return "api";
  return undefined;
}

interface WindowCount {
  current: number;
  startedAt: number;
}

/** Fixed one-minute windows per key, the oldest keys forgotten first past `capacity`. */
class WindowCounters {
  private readonly counts = new Map<string, WindowCount>();
  constructor(
    private readonly windowMs: number,
    private readonly capacity = 50_000,
  ) {}

  /** Counts one request; the seconds to wait when it is over `max`, else 0. */
  hit(key: string, max: number, now: number): number {
    let count = this.counts.get(key);
    if (!count || count.startedAt + this.windowMs <= now) {
      count = { current: 0, startedAt: now };
      if (!this.counts.has(key) && this.counts.size >= this.capacity)
        this.counts.delete(this.counts.keys().next().value as string);
    }
    count.current++;
    // Re-inserted so the map's order stays "least recently used first".
    this.counts.delete(key);
    this.counts.set(key, count);
    return count.current > max ? Math.max(1, Math.ceil((count.startedAt + this.windowMs - now) / 1000)) : 0;
  }
}

/** A 429 the error handler turns into the Vietnamese message; Retry-After is already on the reply. */
function tooManyRequests(): Error & { statusCode: number } {
  return Object.assign(new Error("Too many requests"), { statusCode: 429 });
}

/**
 * Counts every request of a classed route, at the application's level so it runs before any hook of the routes'
 * own plugins (an integration plugin checks its key first, a flood of bad keys is counted all the same). Classes
 * keyed by the address count in `onRequest`, before the session is even looked up; the officer API counts per
 * signed-in account once the session is known. Routes' own limits (sign-in, statistics, verification, support)
 * still apply on top; the lookup's is this class's alone (one quota per client, whichever lookup form it uses).
 *
 * With `shared` (issue #21, several processes), the counters are Redis's or PostgreSQL's instead of this process's,
 * so the limit holds across workers; if that store fails, the request is let through (and logged): a limiter must
 * not take the service down with it.
 */
export function registerRateLimitClasses(
  app: FastifyInstance,
  settings: RateLimitSettings,
  shared?: SharedCounterStore,
): void {
  const counters = new WindowCounters(60_000);
  const limit = shared
    ? async (reply: FastifyReply, routeClass: RouteClass, who: string) => {
        let wait = 0;
        try {
          const { count, ttlMs } = await shared.hit(`class|${routeClass}|${who}`, 60_000);
          if (count > settings[routeClass]) wait = Math.max(1, Math.ceil(ttlMs / 1000));
        } catch (error) {
          reply.log.warn({ err: error }, "shared rate-limit store failed; request let through");
        }
        if (wait === 0) return;
        reply.header("retry-after", String(wait));
        throw tooManyRequests();
      }
    : (reply: FastifyReply, routeClass: RouteClass, who: string) => {
        const wait = counters.hit(`${routeClass}|${who}`, settings[routeClass], Date.now());
        if (wait === 0) return;
        reply.header("retry-after", String(wait));
        throw tooManyRequests();
      };
  const classOf = (request: FastifyRequest) => {
    const url = request.routeOptions.url;
    return url ? routeClassOf(request.method, url) : undefined;
  };
  app.addHook("onRequest", async (request, reply) => {
    const routeClass = classOf(request);
    if (routeClass && routeClass !== "api") await limit(reply, routeClass, request.ip);
  });
  app.addHook("preValidation", async (request, reply) => {
    if (classOf(request) !== "api") return;
    const userId = (request as FastifyRequest & { actor?: { userId?: string } | null }).actor?.userId;
    await limit(reply, "api", userId ? `user:${userId}` : `ip:${request.ip}`);
  });
}
