import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Gauge, type Registry } from "prom-client";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { officerRoles } from "../../../services/accounts/actor.ts";
import { assertCanSee } from "../../../services/dossiers/dossierAccess.ts";
import { findDossier } from "../../../services/dossiers/dossierStore.ts";
import { dossierNotFound } from "../../../services/dossiers/runDossierCommand.ts";
import { dossierSyncView, replaySync, syncOverview } from "../../../services/sync/syncAdmin.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";

export interface DvcqgSyncRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  /** The app's /metrics registry: the sync's lag, backlog and failures are added to it. */
  metrics?: Registry | undefined;
}

const Instant = Type.Union([Type.String({ format: "date-time" }), Type.Null()]);
const SyncState = Type.Union([
  Type.Literal("baseline"),
  Type.Literal("pending"),
  Type.Literal("synced"),
  Type.Literal("failed"),
  Type.Literal("none"),
]);

export const DossierSyncView = Type.Object({
  state: SyncState,
  lastDeliveredAt: Instant,
  oldestPendingAt: Instant,
  lastError: Type.Union([Type.String(), Type.Null()]),
  packets: Type.Array(
    Type.Object({
      service: Type.String(),
      sequence: Type.Integer(),
      status: Type.Union([Type.Literal("pending"), Type.Literal("sent"), Type.Literal("dead")]),
      attempts: Type.Integer(),
      lastError: Type.Union([Type.String(), Type.Null()]),
      createdAt: Type.String({ format: "date-time" }),
      sentAt: Instant,
      nextAttemptAt: Instant,
    }),
  ),
});

const Difference = Type.Object({
  day: Type.String(),
  status: Type.Integer(),
  ours: Type.Integer(),
  theirs: Type.Integer(),
});

export const SyncOverview = Type.Object({
  backlog: Type.Integer(),
  deadLetters: Type.Integer(),
  lagSeconds: Type.Integer(),
  dossiers: Type.Object({ synced: Type.Integer(), pending: Type.Integer(), failed: Type.Integer() }),
  problems: Type.Array(
    Type.Object({
      dossierId: Type.String({ format: "uuid" }),
      dossierCode: Type.String(),
      state: SyncState,
      lastError: Type.Union([Type.String(), Type.Null()]),
      oldestPendingAt: Instant,
    }),
  ),
  lastReconciliation: Type.Union([
    Type.Object({
      ranAt: Type.String({ format: "date-time" }),
      fromDay: Type.String(),
      toDay: Type.String(),
      oursTotal: Type.Integer(),
      theirsTotal: Type.Union([Type.Integer(), Type.Null()]),
      differences: Type.Array(Difference),
      error: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});

const Day = Type.String({ pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", examples: ["2026-11-23"] });

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/** Lag, backlog and failures of the sync in /metrics, read from the queue when Prometheus scrapes. */
function registerSyncMetrics(registry: Registry, db: Kysely<Database>, clock: () => Date): void {
  const read = async () => {
    const row = await db
      .selectFrom("outbound_deliveries")
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere("status", "=", "pending").as("backlog"),
        eb.fn.countAll<number>().filterWhere("status", "=", "dead").as("dead"),
        eb.fn.min("created_at").filterWhere("status", "=", "pending").as("oldest"),
      ])
      .where("destination", "=", "dvcqg")
      .where("status", "<>", "sent")
      .executeTakeFirst();
    return row;
  };
  new Gauge({
    name: "onestop_dvcqg_sync_backlog",
    help: "DVCQG packets waiting to be delivered",
    registers: [registry],
    async collect() {
      this.set(Number((await read())?.backlog ?? 0));
    },
  });
  new Gauge({
    name: "onestop_dvcqg_sync_dead_letters",
    help: "DVCQG packets that failed until the retry policy gave up",
    registers: [registry],
    async collect() {
      this.set(Number((await read())?.dead ?? 0));
    },
  });
  new Gauge({
    name: "onestop_dvcqg_sync_lag_seconds",
    help: "Age of the oldest DVCQG packet not yet delivered",
    registers: [registry],
    async collect() {
      const oldest = (await read())?.oldest;
      this.set(oldest ? Math.max(0, (clock().getTime() - new Date(oldest).getTime()) / 1000) : 0);
    },
  });
}

/**
 * The national-portal sync as people see it (issue #13): each dossier's state on the office page (officers who may
 * see the dossier), the overview and the replay for administrators (system administrator: everything; agency
 * administrators: their agencies' dossiers), the lag/backlog/failures in /metrics.
 */
export const dvcqgSyncRoutes: FastifyPluginAsyncTypebox<DvcqgSyncRouteOptions> = async (app, options) => {
  if (options.metrics) registerSyncMetrics(options.metrics, options.db, options.clock);
  const admins = requireRole(["agency_admin", "system_admin"]);

  app.get(
    "/office/dossiers/:id/dvcqg-sync",
    {
      preValidation: requireRole(officerRoles),
      schema: {
        tags: ["office"],
        summary: "Trạng thái đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: DossierSyncView, ...errors },
      },
    },
    async (request) => {
      const record = await findDossier(options.db, request.params.id);
      if (!record) throw dossierNotFound();
      assertCanSee(actorFrom(request), record.row);
      return dossierSyncView(options.db, record.row.id);
    },
  );

  app.get(
    "/admin/dvcqg-sync",
    {
      preValidation: admins,
      schema: {
        tags: ["admin"],
        summary: "Đồng bộ Cổng DVCQG: độ trễ, hàng đợi, lỗi và đối soát gần nhất",
        response: { 200: SyncOverview, ...errors },
      },
    },
    async (request) => syncOverview(options.db, actorFrom(request), options.clock()),
  );

  app.post(
    "/admin/dvcqg-sync/replay",
    {
      preValidation: admins,
      schema: {
        tags: ["admin"],
        summary: "Đồng bộ lại một hồ sơ hoặc các hồ sơ thay đổi trong một khoảng thời gian",
        body: Type.Union([
          Type.Object(
            { dossierCode: Type.String({ minLength: 1, maxLength: 60 }) },
            { additionalProperties: false },
          ),
          Type.Object({ fromDay: Day, toDay: Day }, { additionalProperties: false }),
        ]),
        response: { 200: Type.Object({ dossiers: Type.Integer(), packets: Type.Integer() }), ...errors },
      },
    },
    async (request) => replaySync(options.db, actorFrom(request), request.body, options.clock()),
  );
};
