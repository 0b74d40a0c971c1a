import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { isValidCallbackSignature } from "../../../integrations/payment/callbackSignature.ts";
import { UnauthenticatedError, ValidationError } from "../../../services/errors.ts";
import { receivePaymentCallback } from "../../../services/payments/receivePaymentCallback.ts";
import { ErrorResponse } from "../../schemas/common.ts";

export interface PaymentCallbackRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  /** PAYMENT_CALLBACK_SECRET; unset = the endpoint answers 503. */
  secret: string | undefined;
}

/** The platform's callback body: a contract (issue #15), kept exactly. */
const CallbackBody = Type.Object({
  transactionId: Type.String({ minLength: 1, maxLength: 100 }),
  paymentRequestId: Type.String({ minLength: 1, maxLength: 100 }),
  dossierCode: Type.String({ minLength: 1, maxLength: 100 }),
  amount: Type.Integer({ minimum: 0, description: "Số tiền (đồng), số nguyên" }),
  currency: Type.String({ minLength: 1, maxLength: 10 }),
  status: Type.Union([Type.Literal("success"), Type.Literal("failed")]),
  paidAt: Type.String({ format: "date-time" }),
});

const CallbackAnswer = Type.Object({
  received: Type.Literal(true),
  outcome: Type.Union([Type.Literal("accepted"), Type.Literal("failed"), Type.Literal("held")]),
  duplicate: Type.Boolean(),
});

const badSignature = () =>
  new UnauthenticatedError(
    {
      vi: "Thiếu hoặc sai chữ ký HMAC của nội dung thông báo thanh toán",
      en: "Missing or wrong HMAC signature of the payment callback body",
    },
    "INVALID_SIGNATURE",
  );

/**
 * `POST /api/integration/payments/callback` (R-FEE-6): the payment platform's result. `X-Signature` = hex HMAC-SHA256
 * of the raw body with PAYMENT_CALLBACK_SECRET, checked on the exact bytes before anything is parsed (401 otherwise).
 * Idempotent by transactionId; an amount or currency other than requested is held for an officer. 200 for every
 * recorded outcome (the platform stops retrying), 404 for an unknown payment request.
 */
export const paymentCallbackRoutes: FastifyPluginAsyncTypebox<PaymentCallbackRouteOptions> = async (
  app,
  options,
) => {
  const verified = new WeakSet<FastifyRequest>();
  const verify = (request: FastifyRequest, body: Buffer) => {
    if (!isValidCallbackSignature(options.secret ?? "", body, request.headers["x-signature"]))
      throw badSignature();
    verified.add(request);
  };
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    try {
      verify(request, body as Buffer);
      done(null, JSON.parse((body as Buffer).toString("utf8")));
    } catch (error) {
      done(
        error instanceof UnauthenticatedError
          ? error
          : new ValidationError([
              {
                field: "",
                message: { vi: "Nội dung không phải JSON hợp lệ", en: "The body is not valid JSON" },
              },
            ]),
        undefined,
      );
    }
  });
  app.addHook("onRequest", async (request, reply) => {
    if (options.secret) return;
    return reply.status(503).send({
      error: {
        code: "NOT_CONFIGURED",
        message: request.headers["accept-language"]?.startsWith("en")
          ? "Payment callbacks are not configured on this system"
          : "Hệ thống chưa được cấu hình để nhận kết quả thanh toán",
      },
    });
  });
  app.addHook("preValidation", async (request) => {
    if (!verified.has(request)) verify(request, Buffer.alloc(0));
  });

  app.post(
    "/payments/callback",
    {
      schema: {
        tags: ["integration"],
        summary: "Nhận kết quả thanh toán từ Nền tảng thanh toán",
        description:
          "Xác thực bằng tiêu đề X-Signature (HMAC-SHA256 dạng hex của nội dung với PAYMENT_CALLBACK_SECRET). Gửi lại cùng transactionId không ghi nhận thêm khoản nào.",
        body: CallbackBody,
        response: {
          200: CallbackAnswer,
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request) => {
      const outcome = await receivePaymentCallback(options.db, request.body, options.clock());
      return { received: true as const, outcome: outcome.outcome, duplicate: outcome.duplicate };
    },
  );
};
