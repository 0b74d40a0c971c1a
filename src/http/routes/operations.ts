import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { type Kysely, sql } from "kysely";
import { Type } from "typebox";
import type { DatabaseKind } from "../../db/connection.ts";
import type { Database } from "../../db/schema.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";

/** A readiness check that takes longer than this counts as failed: a hung database must not hang the probe. */
export const READINESS_TIMEOUT_MS = 2_000;

function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function timed(
  check: () => Promise<unknown>,
): Promise<{ ok: boolean; latencyMs: number; error?: unknown }> {
  const started = performance.now();
  try {
    await withinTimeout(check(), READINESS_TIMEOUT_MS);
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { ok: false, latencyMs: Math.round((performance.now() - started) * 100) / 100, error };
  }
}

/**
 * Liveness and readiness (issue #2 §8, issue #20), kept apart: `/health/live` says the process answers (restart it
 * when it does not), `/health/ready` and `/health` say it can serve now: the database takes a write (not just
 * `select 1`: a full disk or a read-only replica must show) and the file store takes a write. Load balancers send
 * traffic on readiness; process supervisors restart on liveness.
 */
export const operationsRoutes: FastifyPluginAsyncTypebox<{
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  storage?: FileStorage;
}> = async (app, { db, databaseKind, storage }) => {
  const Check = Type.Object({ ok: Type.Boolean(), latencyMs: Type.Number() });
  const Health = Type.Object({
    status: Type.Union([Type.Literal("ok"), Type.Literal("unavailable")]),
    database: Type.Object({ kind: Type.String(), ok: Type.Boolean(), latencyMs: Type.Number() }),
    files: Check,
  });
  const ready = async (_request: unknown, reply: import("fastify").FastifyReply) => {
    const database = await timed(() =>
      sql`insert into health_probe (id, checked_at) values (1, now())
          on conflict (id) do update set checked_at = excluded.checked_at`.execute(db),
    );
    const files = await timed(async () => storage?.probe?.());
    if (database.error) app.log.error({ err: database.error }, "readiness: the database cannot take a write");
    if (files.error) app.log.error({ err: files.error }, "readiness: the file store cannot take a write");
    const ok = database.ok && files.ok;
    if (!ok) reply.header("retry-after", "5");
    return reply.status(ok ? 200 : 503).send({
      status: ok ? "ok" : "unavailable",
      database: { kind: databaseKind, ok: database.ok, latencyMs: database.latencyMs },
      files: { ok: files.ok, latencyMs: files.latencyMs },
    });
  };
  const readySchema = {
    tags: ["operations"],
    summary: "Sẵn sàng phục vụ: ghi được vào cơ sở dữ liệu và kho tệp",
    response: { 200: Health, 503: Health },
  };
  app.get("/health", { schema: readySchema }, ready);
  app.get("/health/ready", { schema: readySchema }, ready);
  app.get(
    "/health/live",
    {
      schema: {
        tags: ["operations"],
        summary: "Tiến trình còn hoạt động (không kiểm tra cơ sở dữ liệu)",
        response: { 200: Type.Object({ status: Type.Literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );
};
