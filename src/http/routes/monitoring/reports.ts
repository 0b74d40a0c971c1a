import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import {
  monthlyReport,
  monthlyReportExcel,
  monthlyReportPdf,
} from "../../../services/reports/monthlyReport.ts";
import { officerWorkload } from "../../../services/statistics/officerWorkload.ts";
import { monthPeriod } from "../../../services/statistics/period.ts";
import { statisticsScope } from "../../../services/statistics/scope.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { readsOf } from "../../plugins/readRouting.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { MONITORING_ROLES, type MonitoringRouteOptions } from "./dashboard.ts";

const ReportQuery = Type.Object(
  {
    month: Type.String({ pattern: "^\\d{4}-(0[1-9]|1[0-2])$", examples: ["2026-10"] }),
    agencyId: Type.Optional(Type.String({ format: "uuid" })),
  },
  { additionalProperties: false },
);

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

export const OfficerWorkloadResponse = Type.Array(
  Type.Object({
    officerId: Type.String(),
    name: Type.String(),
    agencyName: Type.String(),
    done: Type.Integer(),
    doneLate: Type.Integer(),
    open: Type.Integer(),
    openOverdue: Type.Integer(),
  }),
);

/**
 * Reports (issue #8 item 2): the monthly report (R-OPS-5) of the province or an agency as Excel and PDF, and the
 * per-officer workload and timeliness (S2 Đ5.3). Same roles and scope as the dashboard.
 */
export const reportRoutes: FastifyPluginAsyncTypebox<MonitoringRouteOptions> = async (app, options) => {
  const { db, clock } = options;
  const read = readsOf(options);
  const load = async (
    request: { query: { month: string; agencyId?: string | undefined } } & Parameters<typeof read>[0],
  ) =>
    // Issue #21: the projection on the primary (`db`), the figures where `read` sends them.
    read(request, (reader) =>
      monthlyReport(
        db,
        {
          scope: statisticsScope(actorFrom(request), request.query.agencyId),
          month: request.query.month,
          now: clock(),
        },
        reader,
      ),
    );

  app.get(
    "/monitoring/reports/monthly.xlsx",
    {
      preValidation: requireRole(MONITORING_ROLES),
      schema: {
        tags: ["monitoring"],
        summary: "Báo cáo tháng (Excel)",
        querystring: ReportQuery,
        response: { 200: Type.Unsafe<Buffer>({ type: "string", format: "binary" }), ...errors },
      },
    },
    async (request, reply) => {
      const content = await monthlyReportExcel(await load(request));
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="bao-cao-thang-${request.query.month}.xlsx"`)
        .send(Buffer.from(content));
    },
  );

  app.get(
    "/monitoring/reports/monthly.pdf",
    {
      preValidation: requireRole(MONITORING_ROLES),
      schema: {
        tags: ["monitoring"],
        summary: "Báo cáo tháng (PDF)",
        querystring: ReportQuery,
        response: { 200: Type.Unsafe<Buffer>({ type: "string", format: "binary" }), ...errors },
      },
    },
    async (request, reply) => {
      const report = await load(request);
      const content = await monthlyReportPdf(report, monthPeriod(report.month).to);
      return reply
        .type("application/pdf")
        .header("content-disposition", `attachment; filename="bao-cao-thang-${request.query.month}.pdf"`)
        .send(Buffer.from(content));
    },
  );

  app.get(
    "/monitoring/reports/officers",
    {
      preValidation: requireRole(MONITORING_ROLES),
      schema: {
        tags: ["monitoring"],
        summary: "Khối lượng công việc và tiến độ theo cán bộ trong tháng",
        querystring: ReportQuery,
        response: { 200: OfficerWorkloadResponse, ...errors },
      },
    },
    async (request) =>
      read(request, (reader) =>
        officerWorkload(
          reader,
          statisticsScope(actorFrom(request), request.query.agencyId),
          monthPeriod(request.query.month),
          clock(),
        ),
      ),
  );
};
