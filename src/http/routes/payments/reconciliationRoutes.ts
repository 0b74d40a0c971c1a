import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { PaymentPlatformError } from "../../../integrations/payment/paymentPlatform.ts";
import type { PaymentPorts } from "../../../services/payments/paymentPorts.ts";
import { listDifferences, reconcileDay, resolveDifference } from "../../../services/payments/reconcileDay.ts";
import { reconciliationReport } from "../../../services/payments/reconciliationReport.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";

export interface ReconciliationRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  payments: PaymentPorts | undefined;
}

const Day = Type.String({
  pattern: "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$",
  description: "YYYY-MM-DD",
});
const Month = Type.String({ pattern: "^\\d{4}-(0[1-9]|1[0-2])$", description: "YYYY-MM" });
const ROLES = ["counter_officer", "agency_leader", "service_center_monitor", "system_admin"] as const;
/** Running the province's statement: the service center and the system administrator. */
const RUN_ROLES = ["service_center_monitor", "system_admin"] as const;

const Difference = Type.Object({
  id: Type.String({ format: "uuid" }),
  day: Type.String(),
  kind: Type.Union([
    Type.Literal("unknownHere"),
    Type.Literal("missingThere"),
    Type.Literal("amountMismatch"),
  ]),
  transactionId: Type.String(),
  dossierCode: Type.Union([Type.String(), Type.Null()]),
  statementAmount: Type.Union([Type.Integer(), Type.Null()]),
  recordedAmount: Type.Union([Type.Integer(), Type.Null()]),
  resolution: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
  resolvedBy: Type.Union([Type.String(), Type.Null()]),
});

/** Daily reconciliation with the payment platform (R-FEE-2): run a day, list and resolve differences, Excel reports. */
export const reconciliationRoutes: FastifyPluginAsyncTypebox<ReconciliationRouteOptions> = async (
  app,
  options,
) => {
  app.post(
    "/office/reconciliation/run",
    {
      preHandler: requireRole(RUN_ROLES),
      schema: {
        tags: ["office"],
        summary: "Đối soát thanh toán trực tuyến của một ngày với sao kê của Nền tảng thanh toán",
        body: Type.Object({ day: Day }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            day: Type.String(),
            statementLines: Type.Integer(),
            matched: Type.Integer(),
            differences: Type.Integer(),
            statementTotal: Type.Integer(),
            recordedTotal: Type.Integer(),
          }),
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          502: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      // Issue #20 (the authorization matrix): no payment platform wired is "unavailable" (503) like every payment
      // route, not a failing platform (502).
      if (!options.payments)
        return reply.status(503).send({
          error: {
            code: "PAYMENT_NOT_CONFIGURED",
            message: request.headers["accept-language"]?.startsWith("en")
              ? "Online payment is not configured on this system"
              : "Hệ thống chưa được cấu hình thanh toán trực tuyến",
          },
        });
      try {
        const outcome = await reconcileDay(options.db, options.payments.platform, {
          day: request.body.day,
          now: options.clock(),
        });
        return {
          day: outcome.day,
          statementLines: outcome.statementLines,
          matched: outcome.matched,
          differences: outcome.differences.length,
          statementTotal: outcome.statementTotal,
          recordedTotal: outcome.recordedTotal,
        };
      } catch (error) {
        if (!(error instanceof PaymentPlatformError)) throw error;
        return reply.status(502).send({
          error: {
            code: "PAYMENT_PLATFORM_UNAVAILABLE",
            message: request.headers["accept-language"]?.startsWith("en")
              ? "The payment platform's statement could not be fetched; try again later"
              : "Chưa lấy được sao kê từ Nền tảng thanh toán, vui lòng thử lại sau",
          },
        });
      }
    },
  );

  app.get(
    "/office/reconciliation/differences",
    {
      preHandler: requireRole(ROLES),
      schema: {
        tags: ["office"],
        summary: "Các chênh lệch đối soát trong khoảng ngày",
        querystring: Type.Object({ from: Day, to: Day }),
        response: { 200: Type.Array(Difference), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => listDifferences(options.db, actorFrom(request), request.query),
  );

  app.post(
    "/office/reconciliation/differences/:id/resolve",
    {
      preHandler: requireRole(ROLES),
      schema: {
        tags: ["office"],
        summary: "Xử lý một chênh lệch đối soát, ghi rõ lý do",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        body: Type.Object(
          { reason: Type.String({ minLength: 3, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: {
          204: Type.Null(),
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      await resolveDifference(options.db, {
        id: request.params.id,
        actor: actorFrom(request),
        reason: request.body.reason,
        now: options.clock(),
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/office/reconciliation/report.xlsx",
    {
      preHandler: requireRole(ROLES),
      schema: {
        tags: ["office"],
        summary: "Báo cáo đối soát theo ngày (day=YYYY-MM-DD) hoặc theo tháng (month=YYYY-MM), Excel",
        querystring: Type.Object({ day: Type.Optional(Day), month: Type.Optional(Month) }),
      },
    },
    async (request, reply) => {
      const { day, month } = request.query;
      if ((day ? 1 : 0) + (month ? 1 : 0) !== 1)
        return reply.status(400).send({
          error: {
            code: "VALIDATION_FAILED",
            message: request.headers["accept-language"]?.startsWith("en")
              ? "Give exactly one of day or month"
              : "Cần chọn đúng một trong hai: ngày hoặc tháng",
          },
        });
      const file = await reconciliationReport(
        options.db,
        actorFrom(request),
        day ? { day } : { month: month as string },
      );
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="doi-soat-${day ?? month}.xlsx"`)
        .send(file);
    },
  );
};
