import type { SimulatorRouteModule } from "./context.ts";
import { hasBearer } from "./context.ts";
import { validatePacket } from "./validatePacket.ts";

/** The header carrying the per-dossier sequence of a packet (idempotency by MaHoSo + sequence, R-SYNC-5). */
export const SEQUENCE_HEADER = "x-sync-sequence";

/**
 * `POST /sync`: the DVCQG synchronisation endpoint (R-SYNC-1…5). Bearer token, then every field validated (400 with
 * every error found), then each record applied in sequence order (a stale or repeated packet is acknowledged and not
 * applied). 2xx means delivered.
 */
export const syncRoutes: SimulatorRouteModule = {
  name: "sync",
  register(app, context) {
    app.post("/sync", async (request, reply) => {
      if (!hasBearer(request.headers.authorization, context.token))
        return reply
          .code(401)
          .send({ error: "UNAUTHORIZED", message: "Thiếu hoặc sai mã xác thực (Bearer token)" });
      const errors = validatePacket(request.body);
      if (errors.length > 0)
        return reply.code(400).send({ error: "INVALID_PACKET", message: "Gói tin không hợp lệ", errors });
      const header = request.headers[SEQUENCE_HEADER];
      const sequence = typeof header === "string" && /^[0-9]{1,15}$/.test(header) ? Number(header) : null;
      const packet = request.body as {
        service: string;
        isUpdating: boolean;
        data: Record<string, unknown>[];
      };
      const outcomes: string[] = [];
      for (const record of packet.data) {
        const result = context.sync.apply(
          { service: packet.service, isUpdating: packet.isUpdating, record },
          sequence,
          context.clock(),
        );
        if (!result.ok)
          return reply.code(result.status).send({ error: "CONFLICT", message: result.message, errors: [] });
        outcomes.push(result.outcome);
      }
      return reply.code(200).send({ ok: true, outcomes });
    });
  },
};
