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
        // Swagger UI runs inline scripts; the web app and Ant Design set inline styles.
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        // QR codes and previews are served as images and data URLs.
        "img-src": ["'self'", "data:"],
      },
    },
  });
  app.addHook("onRequest", (request, reply, done) => {
    middleware(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
}
