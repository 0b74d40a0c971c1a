import { timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { UnauthenticatedError } from "../../../services/errors.ts";
import type { NotificationChannels } from "../../../services/notifications/channels.ts";
import { type DeliveryOptions, deliverNow } from "../../../services/notifications/deliverNotifications.ts";
import { handleInboundSms, type SmsLookupOptions } from "../../../services/notifications/smsLookup.ts";
import { ErrorResponse } from "../../schemas/common.ts";

export interface SmsInboundRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  /** SMS_INBOUND_SECRET; unset turns the webhook off (503). */
  secret: string | undefined;
  /** The ports the reply goes out through; without them replies wait for the dispatcher. */
  channels: NotificationChannels | undefined;
  lookup: SmsLookupOptions;
  delivery: DeliveryOptions;
}

export const gatewaySecretHeader = "x-gateway-secret";

const badSecret = () =>
  new UnauthenticatedError(
    { vi: "Thiếu hoặc sai khóa bí mật của cổng SMS", en: "Missing or wrong SMS gateway secret" },
    "INVALID_GATEWAY_SECRET",
  );

/**
 * `POST /api/integration/sms/inbound`: the SMS gateway forwards each text sent to the lookup short code (R-LOOK-1).
 * `TRACUU <mã hồ sơ>` is answered by SMS with the status and the appointment; an unknown code or a wrong syntax gets
 * a helpful reply; each phone number has an hourly quota. The gateway proves itself with the shared secret in
 * X-Gateway-Secret; a message id it redelivers is answered once.
 */
export const smsInboundRoutes: FastifyPluginAsyncTypebox<SmsInboundRouteOptions> = async (app, options) => {
  const secret = Buffer.from(options.secret ?? "");

  app.addHook("onRequest", async (request, reply) => {
    if (!options.secret) {
      return reply.status(503).send({
        error: {
          code: "NOT_CONFIGURED",
          message:
            request.language === "en"
              ? "SMS lookup is not configured on this system"
              : "Hệ thống chưa được cấu hình tra cứu hồ sơ qua SMS",
        },
      });
    }
    const given = request.headers[gatewaySecretHeader];
    const givenBytes = Buffer.from(typeof given === "string" ? given : "");
    if (givenBytes.length !== secret.length || !timingSafeEqual(givenBytes, secret)) throw badSecret();
  });

  app.post(
    "/sms/inbound",
    {
      schema: {
        tags: ["integration"],
        summary: "Nhận tin nhắn tra cứu hồ sơ từ cổng SMS",
        description:
          "Xác thực bằng tiêu đề X-Gateway-Secret. Tin nhắn `TRACUU <mã hồ sơ>` (từ khóa cấu hình được, không phân biệt hoa thường, dấu) được trả lời bằng SMS.",
        body: Type.Object(
          {
            messageId: Type.String({ minLength: 1, maxLength: 100, description: "Mã tin nhắn của cổng SMS" }),
            from: Type.String({
              minLength: 3,
              maxLength: 20,
              pattern: "^\\+?[0-9 ]+$",
              description: "Số gửi",
            }),
            text: Type.String({ maxLength: 480, description: "Nội dung tin nhắn" }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            outcome: Type.Union([
              Type.Literal("found"),
              Type.Literal("unknown"),
              Type.Literal("invalid"),
              Type.Literal("limited"),
              Type.Literal("silenced"),
            ]),
            replied: Type.Boolean({ description: "Đã gửi (hoặc xếp hàng gửi) tin trả lời" }),
            repeated: Type.Boolean({ description: "Tin nhắn này đã được nhận trước đó" }),
          }),
          400: ErrorResponse,
          401: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request) => {
      const result = await handleInboundSms(
        options.db,
        {
          gatewayMessageId: request.body.messageId,
          from: request.body.from,
          text: request.body.text,
          now: options.clock(),
        },
        options.lookup,
      );
      if (result.notificationId && options.channels) {
        // The reply goes out now; a failure leaves it to the dispatcher's retries, not to the gateway's.
        await deliverNow(
          options.db,
          options.channels,
          result.notificationId,
          options.clock,
          options.delivery,
        ).catch((error: unknown) => request.log.warn({ err: error }, "SMS lookup reply not sent yet"));
      }
      return { outcome: result.outcome, replied: result.notificationId !== null, repeated: result.repeated };
    },
  );
};
