import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { assertCanSee, authorizeAs } from "../../../services/dossiers/dossierAccess.ts";
import { findDossier } from "../../../services/dossiers/dossierStore.ts";
import { dossierNotFound } from "../../../services/dossiers/runDossierCommand.ts";
import { listHeldPayments, resolveHeldPayment } from "../../../services/payments/heldPayments.ts";
import type { PaymentPorts } from "../../../services/payments/paymentPorts.ts";
import { recordCounterPayment } from "../../../services/payments/recordCounterPayment.ts";
import { listRefunds, requestRefunds } from "../../../services/payments/refunds.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { DossierIdParams, ExpectedVersion } from "../../schemas/dossier.ts";

export interface OfficePaymentRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  payments?: PaymentPorts | undefined;
}

const Refund = Type.Object({
  id: Type.String({ format: "uuid" }),
  amount: Type.Integer(),
  status: Type.Union([Type.Literal("requested"), Type.Literal("sent"), Type.Literal("confirmed")]),
  reason: Type.String(),
  requestedAt: Type.String(),
  confirmedAt: Type.Union([Type.String(), Type.Null()]),
  receiptId: Type.Union([Type.String(), Type.Null()]),
});

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

  app.post(
    "/office/dossiers/:id/refunds",
    {
      preHandler: requireRole(["counter_officer"]),
      schema: {
        tags: ["office"],
        summary: "Đề nghị hoàn trả phí, lệ phí đã thanh toán trực tuyến của hồ sơ dừng hoặc bị từ chối",
        params: DossierIdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 3, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Array(Refund),
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      // Issue #20: only a counter officer of the dossier's agency learns whether online payment is configured.
      const record = await findDossier(options.db, request.params.id);
      if (!record) throw dossierNotFound();
      authorizeAs(actorFrom(request), "counter_officer")(record.row);
      if (!options.payments)
        return reply.status(503).send({
          error: {
            code: "PAYMENT_NOT_CONFIGURED",
            message: "Hệ thống chưa được cấu hình thanh toán trực tuyến",
          },
        });
      const refunds = await requestRefunds(options.db, options.payments.platform, {
        dossierId: request.params.id,
        actor: actorFrom(request),
        reason: request.body.reason,
        now: options.clock(),
      });
      return reply.status(201).send(refunds);
    },
  );

  app.get(
    "/office/dossiers/:id/refunds",
    {
      preHandler: requireRole(["counter_officer", "specialist", "unit_head", "agency_leader"]),
      schema: {
        tags: ["office"],
        summary: "Các đề nghị hoàn trả phí, lệ phí của hồ sơ",
        params: DossierIdParams,
        response: { 200: Type.Array(Refund), 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const record = await findDossier(options.db, request.params.id);
      if (!record) throw dossierNotFound();
      assertCanSee(actorFrom(request), record.row);
      return listRefunds(options.db, request.params.id);
    },
  );
};
