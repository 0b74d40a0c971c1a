import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { readableInstant } from "../../domain/operations/maintenanceNotice.ts";
import { activeWriteRestriction } from "../../services/announcements/maintenanceWindows.ts";

/**
 * During a maintenance window that closes writes (R-OPS-2, R-OPS-3), citizens' and anonymous requests that change
 * something answer 503 with Retry-After and a message in the reader's language, while reading keeps working: lookup,
 * the catalog, the status page, and every GET. Officers and administrators keep working (they run the maintenance and
 * finish dossiers), and so do sign-in, the support form and callbacks of partner systems (their retries would
 * otherwise pile up against a refusal they cannot read).
 */
const OPEN_PREFIXES = ["/api/auth/", "/api/public/", "/api/support/", "/api/integration/"];
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function isRestrictedDuringMaintenance(
  request: Pick<FastifyRequest, "method" | "url" | "actor">,
): boolean {
  if (SAFE.has(request.method)) return false;
  if (!request.url.startsWith("/api/")) return false;
  if (OPEN_PREFIXES.some((prefix) => request.url.startsWith(prefix))) return false;
  return request.actor?.kind !== "officer";
}

export function registerMaintenanceMode(
  app: FastifyInstance,
  options: { db: Kysely<Database>; clock: () => Date },
): void {
  // Registered after the session hook, so the actor is known here.
  app.addHook("onRequest", async (request, reply) => {
    if (!isRestrictedDuringMaintenance(request)) return;
    const now = options.clock();
    const window = await activeWriteRestriction(options.db, now);
    if (!window) return;
    const seconds = Math.max(1, Math.ceil((window.endsAt.getTime() - now.getTime()) / 1000));
    const until = readableInstant(window.endsAt);
    const english = request.language === "en";
    return reply
      .status(503)
      .header("retry-after", String(seconds))
      .send({
        error: {
          code: "MAINTENANCE",
          message: english
            ? `The system is under planned maintenance until ${until}. You can still look up dossiers; please submit again after the maintenance.`
            : `Hệ thống đang bảo trì theo kế hoạch đến ${until}. Bạn vẫn có thể tra cứu hồ sơ; vui lòng thực hiện lại sau khi bảo trì kết thúc.`,
        },
      });
  });
}
