import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { type PeriodKind, resolvePeriod } from "../../../services/statistics/period.ts";
import { receptionByOrganisation } from "../../../services/statistics/receptionOrganisations.ts";
import { statisticsScope } from "../../../services/statistics/scope.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { readsOf } from "../../plugins/readRouting.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { MONITORING_ROLES, type MonitoringRouteOptions, PeriodQueryFields } from "./dashboard.ts";

const Count = Type.Integer({ minimum: 0 });

export const ReceptionOrganisationsResponse = Type.Object(
  {
    from: Type.String({ format: "date-time" }),
    to: Type.String({ format: "date-time" }),
    agencies: Type.Array(
      Type.Object({
        agencyId: Type.String({ format: "uuid" }),
        code: Type.String(),
        name: Type.String(),
        assisted: Count,
        received: Count,
        deciding: Count,
        receivedOutsideOffice: Count,
        refusedAtReception: Count,
        supplementAtReception: Count,
        decidedAtCounter: Count,
      }),
    ),
  },
  {
    description:
      "Hồ sơ nộp trong kỳ theo từng cơ quan: nơi hỗ trợ, nơi tiếp nhận, cơ quan giải quyết; kết quả tiếp nhận tại nơi tiếp nhận",
  },
);

/**
 * Statistics by the three organisations of a dossier (R-XFER-3, issue #12 §5): where applicants were helped, where
 * dossiers were received (with those taken in outside the office, refused, asked to complete or decided at the
 * counter) and which agency decides. The monitor reads the province; leaders and unit heads their agencies.
 */
export const receptionOrganisationRoutes: FastifyPluginAsyncTypebox<MonitoringRouteOptions> = async (
  app,
  options,
) => {
  const { clock } = options;
  const read = readsOf(options);
  app.get(
    "/monitoring/reception-organisations",
    {
      preValidation: requireRole(MONITORING_ROLES),
      schema: {
        tags: ["monitoring"],
        summary: "Số hồ sơ theo nơi hỗ trợ, nơi tiếp nhận và cơ quan giải quyết",
        querystring: Type.Object(
          { ...PeriodQueryFields, agencyId: Type.Optional(Type.String({ format: "uuid" })) },
          { additionalProperties: false },
        ),
        response: {
          200: ReceptionOrganisationsResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
        },
      },
    },
    async (request) => {
      const scope = statisticsScope(actorFrom(request), request.query.agencyId);
      const period = resolvePeriod(
        { ...request.query, kind: (request.query.kind ?? "month") as PeriodKind },
        clock(),
      );
      return {
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        agencies: await read(request, (reader) => receptionByOrganisation(reader, scope, period)),
      };
    },
  );
};
