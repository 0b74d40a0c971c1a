import type { FastifyInstance } from "fastify";
import helmet from "helmet";

/**
 * Security headers on every answer (helmet's defaults: CSP, HSTS, nosniff, frame and referrer policies). The
 * middleware is built once: @fastify/helmet rebuilt it, CSP parsing included, on every request — measurable on the
 * public lookup (bench/lookup.bench.ts).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        // No inline scripts anywhere (issue #20): the web app and Swagger UI load theirs from files. Ant Design sets
        // inline styles, which cannot run code.
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        // QR codes and previews are served as images and data URLs.
        "img-src": ["'self'", "data:"],
      },
    },
  });
  app.addHook("onRequest", (request, reply, done) => {
    middleware(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  // Personal data never lands in a shared or browser cache (issue #20): every API answer outside the public catalog
  // and lookup, and any answer to a signed-in request, is `no-store` unless its route chose a policy itself.
  app.addHook("onSend", async (request, reply, payload) => {
    if (reply.hasHeader("cache-control")) return payload;
    const path = request.url.split("?")[0] ?? "";
    const personal = (path.startsWith("/api/") && !path.startsWith("/api/public/")) || request.session;
    if (personal) reply.header("cache-control", "no-store");
    return payload;
  });
}
