import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database, Role } from "../../../db/schema.ts";
import { type Actor, agencyIdsFor, hasRole } from "../../../services/accounts/actor.ts";
import { ForbiddenError } from "../../../services/errors.ts";
import { agencyEvaluations } from "../../../services/evaluation/agencyEvaluations.ts";
import { bandsFor, PROVINCE_SCOPE, saveBands } from "../../../services/evaluation/bandSettings.ts";
import { kpiDrillDown } from "../../../services/kpi/kpiDrillDown.ts";
import { kpiIndex } from "../../../services/kpi/kpiIndex.ts";
import { monthPeriod } from "../../../services/statistics/period.ts";
import { projectTimeliness, REQUEST_BATCHES } from "../../../services/statistics/projectTimeliness.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { type ReadFor, readsOf } from "../../plugins/readRouting.ts";
import {
  AgencyEvaluationSchema,
  BandsBody,
  BandsResponse,
  evaluationErrors,
  KpiScoreSchema,
  MonthQuery,
} from "../evaluationSchemas.ts";

export interface KpiRouteOptions {
  db: Kysely<Database>;
  /** Issue #21: the read replica, within its staleness bound, for the read-only routes; else `db`. */
  readFor?: ReadFor;
  clock: () => Date;
}

/** The service center reads the province; an agency leader their own agency only (issue #8). */
const KPI_ROLES: Role[] = ["service_center_monitor", "agency_leader"];

const onlyOwnAgency = () =>
  new ForbiddenError({
    vi: "Bạn chỉ được xem số liệu của cơ quan mình",
    en: "You may only see your own agency's figures",
  });

/** null = the province (the service center without an agency chosen); otherwise the agencies to count. */
function kpiScope(actor: Actor, agencyId: string | undefined): string[] | null {
  if (hasRole(actor, ["service_center_monitor"])) return agencyId === undefined ? null : [agencyId];
  const own = agencyIdsFor(actor, ["agency_leader"]);
  if (agencyId === undefined) return own;
  if (!own.includes(agencyId)) throw onlyOwnAgency();
  return [agencyId];
}

const ScopeQuery = Type.Object({ ...MonthQuery, agencyId: Type.Optional(Type.String({ format: "uuid" })) });

const LostItem = Type.Object({
  kind: Type.Union([Type.Literal("dossier"), Type.Literal("procedure")]),
  id: Type.String(),
  code: Type.String(),
  procedure: Type.Object({ code: Type.String(), name: Type.String() }),
  agencyName: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Object({ code: Type.String(), vi: Type.String(), en: Type.String() }),
  lateByWorkingHours: Type.Optional(Type.Number()),
  missing: Type.Optional(Type.Array(Type.Object({ vi: Type.String(), en: Type.String() }))),
});

/**
 * The full 766 index with its drill-down, and the agencies' evaluation with the figures behind the agency indices
 * (R-KPI-1…5, R-EVAL-1…3), for the service center and agency leaders; the evaluation bands' configuration.
 */
export const kpiRoutes: FastifyPluginAsyncTypebox<KpiRouteOptions> = async (app, options) => {
  const guard = requireRole(KPI_ROLES);
  const read = readsOf(options);

  app.get(
    "/monitoring/kpi-766",
    {
      preValidation: guard,
      schema: {
        tags: ["monitoring"],
        summary: "Bộ chỉ số QĐ 766 theo tháng, của tỉnh hoặc một cơ quan",
        querystring: ScopeQuery,
        response: { 200: KpiScoreSchema, ...evaluationErrors },
      },
    },
    async (request) => {
      const agencyIds = kpiScope(actorFrom(request), request.query.agencyId);
      const period = monthPeriod(request.query.month);
      const now = options.clock();
      await projectTimeliness(options.db, { now, maxBatches: REQUEST_BATCHES });
      return read(request, (reader) => kpiIndex(reader, { agencyIds, period, now }));
    },
  );

  app.get(
    "/monitoring/kpi-766/:indicator/dossiers",
    {
      preValidation: guard,
      schema: {
        tags: ["monitoring"],
        summary: "Các hồ sơ (hoặc thủ tục) bị mất điểm ở một chỉ tiêu, và lý do",
        params: Type.Object({ indicator: Type.String({ minLength: 1, maxLength: 10 }) }),
        querystring: ScopeQuery,
        response: {
          200: Type.Object({ indicator: Type.String(), total: Type.Integer(), items: Type.Array(LostItem) }),
          ...evaluationErrors,
        },
      },
    },
    async (request) => {
      const agencyIds = kpiScope(actorFrom(request), request.query.agencyId);
      const period = monthPeriod(request.query.month);
      const now = options.clock();
      await projectTimeliness(options.db, { now, maxBatches: REQUEST_BATCHES });
      return read(request, (reader) =>
        kpiDrillDown(reader, { agencyIds, period, now, indicator: request.params.indicator }),
      );
    },
  );

  app.get(
    "/monitoring/evaluation",
    {
      preValidation: guard,
      schema: {
        tags: ["monitoring"],
        summary: "Kết quả đánh giá của các cơ quan trong tháng, với số liệu của các chỉ số cấp cơ quan",
        querystring: ScopeQuery,
        response: {
          200: Type.Array(
            Type.Object({
              agency: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
              evaluation: AgencyEvaluationSchema,
              facts: Type.Object({
                tier: Type.Union([
                  Type.Literal("province"),
                  Type.Literal("district"),
                  Type.Literal("commune"),
                ]),
                proceduresProcessed: Type.Integer(),
                proceduresDecidedAtCounter: Type.Integer(),
                resultsReturned: Type.Integer(),
                resultsReturnedAtCounter: Type.Integer(),
                offerings: Type.Integer(),
                onlineOfferings: Type.Integer(),
                dossiersReceived: Type.Integer(),
                onlineDossiersReceived: Type.Integer(),
                lateOnlineDossiers: Type.Integer(),
                feedbackReceived: Type.Integer(),
                feedbackHandledOnTime: Type.Integer(),
                feedbackProlonged: Type.Integer(),
              }),
            }),
          ),
          ...evaluationErrors,
        },
      },
    },
    async (request) => {
      const agencyIds = kpiScope(actorFrom(request), request.query.agencyId);
      const now = options.clock();
      await projectTimeliness(options.db, { now, maxBatches: REQUEST_BATCHES });
      return read(request, (reader) =>
        agencyEvaluations(reader, {
          period: monthPeriod(request.query.month),
          agencyIds,
          now: options.clock(),
        }),
      );
    },
  );

  const bandsScope = (actor: Actor, scope: string): string => {
    if (hasRole(actor, ["service_center_monitor"])) return scope;
    if (scope === PROVINCE_SCOPE || !agencyIdsFor(actor, ["agency_leader"]).includes(scope))
      throw onlyOwnAgency();
    return scope;
  };
  const BandsParams = Type.Object({
    scope: Type.Union([Type.Literal(PROVINCE_SCOPE), Type.String({ format: "uuid" })], {
      description: "'province' hoặc mã định danh (uuid) của cơ quan",
    }),
  });

  app.get(
    "/monitoring/evaluation-bands/:scope",
    {
      preValidation: guard,
      schema: {
        tags: ["monitoring"],
        summary: "Các mức xếp loại kết quả đánh giá đang áp dụng (R-EVAL-3)",
        params: BandsParams,
        response: { 200: BandsResponse, ...evaluationErrors },
      },
    },
    async (request) => {
      const scope = bandsScope(actorFrom(request), request.params.scope);
      const bands = await bandsFor(options.db, scope === PROVINCE_SCOPE ? null : scope);
      return { scope, bands: [...bands] };
    },
  );

  app.put(
    "/monitoring/evaluation-bands/:scope",
    {
      preValidation: guard,
      schema: {
        tags: ["monitoring"],
        summary: "Đặt các mức xếp loại của tỉnh hoặc của một cơ quan (R-EVAL-3)",
        params: BandsParams,
        body: BandsBody,
        response: { 200: BandsResponse, ...evaluationErrors },
      },
    },
    async (request) => {
      const actor = actorFrom(request);
      const scope = bandsScope(actor, request.params.scope);
      const bands = await saveBands(options.db, {
        scope,
        bands: request.body.bands,
        userId: actor.userId,
        now: options.clock(),
      });
      return { scope, bands: [...bands] };
    },
  );
};
