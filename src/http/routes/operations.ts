import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { type Kysely, sql } from "kysely";
import { Type } from "typebox";
import type { DatabaseKind } from "../../db/connection.ts";
import type { Database } from "../../db/schema.ts";

/** `/health`: answers 200 only when the database answers (issue #2 §8); load balancers and CI poll it. */
export const operationsRoutes: FastifyPluginAsyncTypebox<{
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
}> = async (app, { db, databaseKind }) => {
  const Health = Type.Object({
    status: Type.Union([Type.Literal("ok"), Type.Literal("unavailable")]),
    database: Type.Object({ kind: Type.String(), ok: Type.Boolean(), latencyMs: Type.Number() }),
  });
  app.get(
    "/health",
    {
      schema: {
        tags: ["operations"],
        summary: "Tình trạng hệ thống",
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const started = performance.now();
      let ok = true;
      try {
        await sql`select 1`.execute(db);
      } catch (error) {
        ok = false;
        app.log.error({ err: error }, "health check: database unavailable");
      }
      const latencyMs = Math.round((performance.now() - started) * 100) / 100;
      return reply
        .status(ok ? 200 : 503)
        .send({ status: ok ? "ok" : "unavailable", database: { kind: databaseKind, ok, latencyMs } });
    },
  );
};
