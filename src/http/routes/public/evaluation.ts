import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { NotFoundError } from "../../../services/errors.ts";
import { agencyEvaluations } from "../../../services/evaluation/agencyEvaluations.ts";
import { kpiIndex } from "../../../services/kpi/kpiIndex.ts";
import { monthPeriod } from "../../../services/statistics/period.ts";
import { projectTimeliness, REQUEST_BATCHES } from "../../../services/statistics/projectTimeliness.ts";
import { type ReadFor, readsOf } from "../../plugins/readRouting.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { AgencyEvaluationSchema, KpiScoreSchema, MonthQuery } from "../evaluationSchemas.ts";

export interface PublicEvaluationRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  /** Issue #21: the read replica, within its staleness bound, for these read-only routes; else `db`. */
  readFor?: ReadFor;
}

const errors = { 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse };

const AgencyRef = Type.Object({ code: Type.String(), name: Type.String() });

/**
 * Public results (R-EVAL-1 "results are public"; R-KPI-5): the agencies' evaluation and the 766 index of the province
 * or one agency for a month. Aggregates only — no dossier, applicant or officer appears. Rate-limited.
 */
export const publicEvaluationRoutes: FastifyPluginAsyncTypebox<PublicEvaluationRouteOptions> = async (
  app,
  options,
) => {
  const read = readsOf(options);
  app.get(
    "/evaluation",
    {
      config: { rateLimit: {} },
      schema: {
        tags: ["evaluation"],
        summary: "Kết quả đánh giá việc giải quyết TTHC của các cơ quan trong tháng",
        querystring: Type.Object(MonthQuery),
        response: {
          200: Type.Object({
            month: Type.String(),
            agencies: Type.Array(Type.Object({ agency: AgencyRef, evaluation: AgencyEvaluationSchema })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const period = monthPeriod(request.query.month);
      await projectTimeliness(options.db, { now: options.clock(), maxBatches: REQUEST_BATCHES });
      const rows = await read(request, (reader) =>
        agencyEvaluations(reader, { period, agencyIds: null, now: options.clock() }),
      );
      return {
        month: request.query.month,
        agencies: rows.map((row) => ({
          agency: { code: row.agency.code, name: row.agency.name },
          evaluation: row.evaluation,
        })),
      };
    },
  );

  app.get(
    "/kpi-766",
    {
      config: { rateLimit: {} },
      schema: {
        tags: ["evaluation"],
        summary: "Bộ chỉ số QĐ 766 của tỉnh hoặc một cơ quan trong tháng (không có dữ liệu cá nhân)",
        querystring: Type.Object({
          ...MonthQuery,
          agencyCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: "^\\S+$" })),
        }),
        response: {
          200: Type.Object({
            month: Type.String(),
            agency: Type.Union([AgencyRef, Type.Null()]),
            score: KpiScoreSchema,
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const period = monthPeriod(request.query.month);
      const agency =
        request.query.agencyCode === undefined
          ? null
          : await read(request, (reader) =>
              reader
                .selectFrom("agencies")
                .select(["id", "code", "name"])
                .where("code", "=", request.query.agencyCode as string)
                .executeTakeFirst(),
            );
      if (agency === undefined)
        throw new NotFoundError({ vi: "Không tìm thấy cơ quan", en: "No such agency" });
      const now = options.clock();
      await projectTimeliness(options.db, { now, maxBatches: REQUEST_BATCHES });
      const score = await read(request, (reader) =>
        kpiIndex(reader, {
          agencyIds: agency === null ? null : [agency.id],
          period,
          now,
        }),
      );
      return {
        month: request.query.month,
        agency: agency === null ? null : { code: agency.code, name: agency.name },
        score,
      };
    },
  );
};
