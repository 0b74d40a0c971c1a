import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { listHeldPayments, resolveHeldPayment } from "../../../services/payments/heldPayments.ts";
import { recordCounterPayment } from "../../../services/payments/recordCounterPayment.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { DossierIdParams, ExpectedVersion } from "../../schemas/dossier.ts";

export interface OfficePaymentRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
}

const CounterPaymentBody = Type.Object(
  {
    method: Type.Union([Type.Literal("cash"), Type.Literal("card")], {
      description: "cash: tiền mặt; card: thẻ",
    }),
    expectedVersion: ExpectedVersion,
  },
  { additionalProperties: false },
);

const CounterPaymentAnswer = Type.Object({
  receiptId: Type.String({ format: "uuid" }),
  series: Type.String(),
  number: Type.Integer(),
  status: Type.Integer(),
  version: Type.Integer(),
});

const HeldPayment = Type.Object({
  id: Type.String({ format: "uuid" }),
  transactionId: Type.String(),
  dossierCode: Type.String(),
  amount: Type.Integer(),
  currency: Type.String(),
  requestedAmount: Type.Union([Type.Integer(), Type.Null()]),
  heldReason: Type.Union([Type.String(), Type.Null()]),
  paidAt: Type.String(),
  resolution: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
});

/** Counter payments and held online payments (R-FEE-1, R-FEE-6), for the officers of the dossier's agency. */
export const officePaymentRoutes: FastifyPluginAsyncTypebox<OfficePaymentRouteOptions> = async (
  app,
  options,
) => {
  app.post(
    "/office/dossiers/:id/payments",
    {
      preHandler: requireRole(["counter_officer"]),
      schema: {
        tags: ["office"],
        summary: "Ghi nhận thu phí, lệ phí tại Bộ phận Một cửa (tiền mặt, thẻ) và lập biên lai điện tử",
        params: DossierIdParams,
        body: CounterPaymentBody,
        response: {
          201: CounterPaymentAnswer,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const outcome = await recordCounterPayment(options.db, {
        dossierId: request.params.id,
        actor: actorFrom(request),
        method: request.body.method,
        now: options.clock(),
        expectedVersion: request.body.expectedVersion,
      });
      return reply.status(201).send({
        receiptId: outcome.receipt.id,
        series: outcome.receipt.series,
        number: outcome.receipt.number,
        status: outcome.dossier.row.status,
        version: outcome.dossier.row.version,
      });
    },
  );

  app.get(
    "/office/payments/held",
    {
      preHandler: requireRole(["counter_officer", "agency_leader", "system_admin"]),
      schema: {
        tags: ["office"],
        summary: "Khoản thanh toán trực tuyến chờ cán bộ xử lý (sai số tiền, trùng thanh toán…)",
        response: { 200: Type.Array(HeldPayment), 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => listHeldPayments(options.db, actorFrom(request)),
  );

  app.post(
    "/office/payments/:id/resolve",
    {
      preHandler: requireRole(["counter_officer", "agency_leader", "system_admin"]),
      schema: {
        tags: ["office"],
        summary: "Xử lý khoản thanh toán bị giữ lại, ghi rõ lý do",
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
      await resolveHeldPayment(options.db, {
        id: request.params.id,
        actor: actorFrom(request),
        reason: request.body.reason,
        now: options.clock(),
      });
      return reply.status(204).send(null);
    },
  );
};
