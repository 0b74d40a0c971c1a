import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database, Role } from "../../../db/schema.ts";
import { drillDown, LIVE_METRICS, PERIOD_METRICS } from "../../../services/statistics/drillDown.ts";
import { liveCounts } from "../../../services/statistics/liveCounts.ts";
import { type PeriodKind, resolvePeriod } from "../../../services/statistics/period.ts";
import { periodMetrics } from "../../../services/statistics/periodMetrics.ts";
import { projectTimeliness, REQUEST_BATCHES } from "../../../services/statistics/projectTimeliness.ts";
import { statisticsScope } from "../../../services/statistics/scope.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { type ReadFor, readsOf } from "../../plugins/readRouting.ts";
import { ErrorResponse } from "../../schemas/common.ts";

export interface MonitoringRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  /** Issue #21: the read replica, within its staleness bound, for these read-only routes; else `db`. */
  readFor?: ReadFor;
}

/** Who reads statistics: the service center for the province, leaders and unit heads for their agency. */
export const MONITORING_ROLES: Role[] = ["service_center_monitor", "agency_leader", "unit_head"];

const Uuid = Type.String({ format: "uuid" });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Percent = Nullable(Type.Number());
const LocalDateText = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", examples: ["2026-10-15"] });

export const PeriodQueryFields = {
  kind: Type.Optional(
    Type.Union(
      ["day", "week", "month", "quarter", "year", "custom"].map((kind) => Type.Literal(kind)),
      { description: "Kỳ thống kê (mặc định: tháng hiện tại)" },
    ),
  ),
  date: Type.Optional(LocalDateText),
  from: Type.Optional(LocalDateText),
  to: Type.Optional(LocalDateText),
};

const LiveFigures = {
  waitingReception: Type.Integer(),
  waitingReceptionOverdue: Type.Integer(),
  inProcess: Type.Integer(),
  dueToday: Type.Integer(),
  overdue: Type.Integer(),
};
const LiveGroup = Type.Object({ id: Nullable(Type.String()), name: Nullable(Type.String()), ...LiveFigures });
const LiveGroupInAgency = Type.Object({
  id: Nullable(Type.String()),
  name: Nullable(Type.String()),
  agencyName: Nullable(Type.String()),
  ...LiveFigures,
});

export const LiveCountsResponse = Type.Object(
  {
    asOf: Type.String({ format: "date-time" }),
    totals: Type.Object(LiveFigures),
    byAgency: Type.Array(LiveGroup),
    byUnit: Type.Array(LiveGroupInAgency),
    byOfficer: Type.Array(LiveGroupInAgency),
  },
  { description: "Hồ sơ đang mở lúc này: chờ tiếp nhận, đang giải quyết, đến hạn hôm nay, quá hạn" },
);

export const PeriodMetricsResponse = Type.Object(
  {
    from: Type.String({ format: "date-time" }),
    to: Type.String({ format: "date-time" }),
    received: Type.Integer(),
    resolved: Type.Integer(),
    early: Type.Integer(),
    onTime: Type.Integer(),
    late: Type.Integer(),
    onTimeRate: Percent,
    onlineShare: Percent,
    channels: Type.Object({ counter: Type.Integer(), online: Type.Integer(), postal: Type.Integer() }),
    digitized: Type.Integer(),
    digitizedShare: Percent,
    onlinePaymentShare: Nullable(
      Type.Number({ description: "Hồ sơ thanh toán trực tuyến / hồ sơ có nghĩa vụ tài chính trong kỳ (%)" }),
    ),
    payments: Type.Object({
      paidOnlineDossiers: Type.Integer(),
      dossiersWithObligation: Type.Integer(),
      collections: Type.Array(
        Type.Object({
          agencyId: Type.String(),
          name: Nullable(Type.String()),
          month: Type.String({ pattern: "^\\d{4}-\\d{2}$" }),
          online: Type.Integer({ description: "Số tiền thu trực tuyến (đồng)" }),
          counter: Type.Integer({ description: "Số tiền thu tại quầy (đồng)" }),
        }),
      ),
      unreconciledDifferences: Type.Integer({ description: "Chênh lệch đối soát chưa xử lý" }),
    }),
    byAgency: Type.Array(
      Type.Object({
        agencyId: Type.String(),
        name: Nullable(Type.String()),
        received: Type.Integer(),
        online: Type.Integer(),
        resolved: Type.Integer(),
        early: Type.Integer(),
        onTime: Type.Integer(),
        late: Type.Integer(),
        onTimeRate: Percent,
      }),
    ),
    averageByProcedure: Type.Array(
      Type.Object({
        procedureId: Type.String(),
        code: Type.String(),
        name: Type.String(),
        resolved: Type.Integer(),
        averageWorkingHours: Type.Number(),
      }),
    ),
  },
  {
    description:
      "Số liệu của kỳ: tiếp nhận, giải quyết trước hạn / đúng hạn / trễ hạn (R-KPI-4), tỷ lệ trực tuyến",
  },
);

const DrillDownQuery = Type.Object(
  {
    metric: Type.Union([...LIVE_METRICS, ...PERIOD_METRICS].map((metric) => Type.Literal(metric))),
    ...PeriodQueryFields,
    agencyId: Type.Optional(Uuid),
    unitId: Type.Optional(Uuid),
    officerId: Type.Optional(Uuid),
    procedureId: Type.Optional(Uuid),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const DrillDownResponse = Type.Object({
  metric: Type.String(),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      code: Type.String(),
      procedure: Type.Object({ code: Type.String(), name: Type.String() }),
      applicantName: Type.String(),
      agencyName: Type.String(),
      status: Type.Integer(),
      statusLabel: Type.Object({ vi: Type.String(), en: Type.String() }),
      channel: Type.String(),
      receivedAt: Nullable(Type.String({ format: "date-time" })),
      dueAt: Nullable(Type.String({ format: "date-time" })),
      endAt: Nullable(Type.String({ format: "date-time" })),
      verdict: Nullable(Type.String()),
      viewable: Type.Boolean(),
    }),
  ),
});

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

/**
 * The service-center dashboard (issue #8 item 1): live counts, period figures and the dossiers behind every figure.
 * Read-only; the scope is the province for the monitor and the reader's own agencies otherwise (403 beyond it).
 */
export const dashboardRoutes: FastifyPluginAsyncTypebox<MonitoringRouteOptions> = async (app, options) => {
  const { db, clock } = options;
  const read = readsOf(options);
  app.get(
    "/monitoring/live",
    {
      preValidation: requireRole(MONITORING_ROLES),
      schema: {
        tags: ["monitoring"],
        summary: "Hồ sơ đang mở lúc này theo cơ quan, đơn vị, cán bộ",
        querystring: Type.Object({ agencyId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 200: LiveCountsResponse, ...errors },
      },
    },
    async (request) =>
      read(request, (reader) =>
        liveCounts(reader, statisticsScope(actorFrom(request), request.query.agencyId), clock()),
      ),
  );

  app.get(
    "/monitoring/period",
    {
      preValidation: requireRole(MONITORING_ROLES),
      schema: {
        tags: ["monitoring"],
        summary: "Số liệu của một kỳ (ngày, tuần, tháng, quý, năm, tùy chọn)",
        querystring: Type.Object(
          { ...PeriodQueryFields, agencyId: Type.Optional(Uuid) },
          { additionalProperties: false },
        ),
        response: { 200: PeriodMetricsResponse, ...errors },
      },
    },
    async (request) => {
      const scope = statisticsScope(actorFrom(request), request.query.agencyId);
      const now = clock();
      const period = resolvePeriod(
        { ...request.query, kind: (request.query.kind ?? "month") as PeriodKind },
        now,
      );
      // Dossiers changed since the projector last ran are classified first, so a new event shows at once.
      // The projection writes, so on the primary; the figures are read where `read` sends them (issue #21).
      await projectTimeliness(db, { now, maxBatches: REQUEST_BATCHES });
      // A closed calendar month is read from its month-end snapshot once taken (issue #21, R-KPI-5).
      return read(request, (reader) => periodMetrics(reader, scope, period, { now }));
    },
  );

  app.get(
    "/monitoring/dossiers",
    {
      preValidation: requireRole(MONITORING_ROLES),
      schema: {
        tags: ["monitoring"],
        summary: "Danh sách hồ sơ tạo nên một số liệu của bảng điều khiển",
        querystring: DrillDownQuery,
        response: { 200: DrillDownResponse, ...errors },
      },
    },
    async (request) => {
      const actor = actorFrom(request);
      const query = request.query;
      const scope = statisticsScope(actor, query.agencyId);
      const now = clock();
      const period = (LIVE_METRICS as readonly string[]).includes(query.metric)
        ? undefined
        : resolvePeriod({ ...query, kind: (query.kind ?? "month") as PeriodKind }, now);
      if (period) await projectTimeliness(db, { now, maxBatches: REQUEST_BATCHES });
      return read(request, (reader) =>
        drillDown(
          reader,
          actor,
          scope,
          {
            metric: query.metric,
            period,
            agencyId: query.agencyId,
            unitId: query.unitId,
            officerId: query.officerId,
            procedureId: query.procedureId,
            page: query.page ?? 1,
            pageSize: query.pageSize ?? 20,
          },
          now,
        ),
      );
    },
  );
};
